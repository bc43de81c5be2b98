import type { AgentKeys } from "./crypto";
import type { ResolvedAgentOptions } from "./options";

export type Identity = "MASTER" | "FOLLOWER" | "SINGLE" | "SCALING OUT" | "SCALING IN";

export interface AgentRecord {
  ip: string;
  /** The agent's own HTTP port. */
  port: number;
  identity: Identity;
  zone?: string;
  settings: ResolvedAgentOptions;
  keys: AgentKeys;
  /** Scale-in's "Delete agent" has removed it from the cluster's agent list; its DAG has not ended. */
  deletedFromCluster?: boolean;
}

export interface ServerRecord {
  svrIp: string;
  svrPort: number;
  sqlPort: number;
  agentPort: number;
  zone: string;
  status: "ACTIVE" | "INACTIVE" | "DELETING";
  withRootserver: boolean;
}

export type DagState = "PENDING" | "READY" | "RUNNING" | "FAILED" | "SUCCEED";
export type DagOperator = "RUN" | "RETRY" | "ROLLBACK" | "CANCEL" | "PASS";

/**
 * What a node allows, as OBShell's tasks declare it (`SetCanCancel`, `SetCanRollback`,
 * `SetCanPass`), and whether failing there releases the maintenance lock
 * (`FAILURE_EXIT_MAINTENANCE` in the node's context).
 */
export interface DagNodeSpec {
  name: string;
  canCancel: boolean;
  canRollback: boolean;
  canPass: boolean;
  releasesLockOnFailure?: boolean;
}

export interface DagNodeRecord extends DagNodeSpec {
  state: DagState;
  operator: DagOperator;
  startedAt?: number;
  endedAt?: number;
  logs: string[];
}

export interface DagRecord {
  dagId: number;
  /** The generic id: "1" (a cluster DAG) followed by dag_id. */
  id: string;
  name: string;
  /** The agent being added or removed, "ip:port"; none for someone else's maintenance. */
  target?: string;
  nodes: DagNodeRecord[];
  /** 1-based index of the node running (or failed). */
  stage: number;
  state: DagState;
  operator: DagOperator;
  /** Rolling back runs the finished nodes in reverse. */
  direction: 1 | -1;
  startedAt: number;
  stageStartedAt: number;
  endedAt?: number;
  stageMs: number;
}

export interface DagFault {
  /** The DAG's name, e.g. "Cluster scale out". */
  dag: string;
  node: string;
  /** Only DAGs for this agent ("ip:port"). */
  target?: string;
  message?: string;
  /** How many runs of the node fail; default 1. */
  times?: number;
}

/** The agent does the work, then drops the connection instead of answering. */
export interface LostAnswer {
  method: string;
  path: string;
  /** How many answers are lost; default 1. */
  times?: number;
}
