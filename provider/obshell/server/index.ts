export { obServerProvider } from "./provider";
export { checkObServer, normalizeObServer } from "./check";
export { diffObServer, pendingJoin } from "./plan";
export { findServer, joinProblem, SCALE_IN_SINCE } from "./membership";
export type { AgentEndpoint, ObServerInputs, ObServerOutputs, OnFailure } from "./types";
export { OBSERVER_IMPORT_ID_FORMAT, parseObServerImportId, type ObServerAddress } from "./import-id";
