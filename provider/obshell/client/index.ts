export { ObshellClient, addressOf } from "./obshell-client";
export { ObshellApiError } from "./errors";
export { authenticate, authVersionFor, compareVersions, type AuthVersion } from "./auth";
export type { AgentAddress, AgentInfo, ClusterInfo, Dag, DagNode, DagOperator, DagState, ScaleOutRequest, TopologyServer } from "./types";
