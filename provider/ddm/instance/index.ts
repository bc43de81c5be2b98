export { instanceProvider } from "./provider";
export { checkInstance, TIME_ZONES } from "./check";
export { planInstanceChange, describeOperation, flavorSeries, type InstanceOperation, type InstancePlan } from "./plan";
export { pickEngine, pickFlavor } from "./catalog";
export type { InstanceInputs, InstanceOutputs, InstanceNodeOutput } from "./types";
