export { observeInstance, observeJob, observeSchemaStatus } from "./observe";
export { settleDeletion, settleInstance, type SettleOptions } from "./settle";
export { waitUntilRunning, whenInstanceReady, type InstanceScope } from "./busy";
