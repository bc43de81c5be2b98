export { confirmationDelay, nextPollDelay, parseProgress, pollTarget, REMAINING_GRANULARITY_MS, type Advance, type PollAim, type PollTarget } from "./pacing";
export { formatDuration, progressLine, stderrReporter, throttledReporter, type Reporter } from "./progress";
export { confirmedTwice, OperationFailedError, WaitTimeoutError, waitFor, type Observation, type WaitOptions } from "./waiter";
export { sendWhenReady } from "./busy";
