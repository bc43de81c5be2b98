export { readStrategyProvider } from "./provider";
export { checkReadStrategy } from "./check";
export { MAX_READ_WEIGHT, type ReadStrategyInputs, type ReadStrategyOutputs } from "./types";
