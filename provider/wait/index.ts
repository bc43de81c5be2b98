export { nextPollDelay, parseProgress } from "./pacing";
export { formatDuration, progressLine, stderrReporter, throttledReporter, type Reporter } from "./progress";
export { observeInstance, observeJob, observeSchemaStatus } from "./observe";
export { settleDeletion, settleInstance, type SettleOptions } from "./settle";
export { OperationFailedError, WaitTimeoutError, waitFor, type Observation, type WaitOptions } from "./waiter";
export { waitUntilRunning, whenInstanceReady, type InstanceScope } from "./busy";
