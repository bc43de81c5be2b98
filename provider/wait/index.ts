export { nextPollDelay, parseProgress, pollTarget, type PollAim, type PollTarget } from "./pacing";
export { formatDuration, progressLine, stderrReporter, throttledReporter, type Reporter } from "./progress";
export { OperationFailedError, WaitTimeoutError, waitFor, type Observation, type WaitOptions } from "./waiter";
