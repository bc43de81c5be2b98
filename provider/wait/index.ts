export { nextPollDelay, parseProgress } from "./pacing";
export { formatDuration, progressLine, stderrReporter, throttledReporter, type Reporter } from "./progress";
export { OperationFailedError, WaitTimeoutError, waitFor, type Observation, type WaitOptions } from "./waiter";
