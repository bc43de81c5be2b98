export { accountProvider, liveAccountInputs } from "./provider";
export { checkAccount } from "./check";
export { planAccountChange, type AccountPlan } from "./plan";
export { PERMISSIONS, type AccountInputs, type AccountOutputs, type Permission } from "./types";
