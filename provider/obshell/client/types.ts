/** OBShell's wire formats, as the facts file describes them; every field optional where agents differ. */

export interface AgentAddress {
  host: string;
  port: number;
}

/** `GET /api/v1/info`. */
export interface AgentInfo {
  identity?: string;
  version?: string;
  obVersion?: string;
  supportedAuth?: string[];
  security?: boolean;
  homePath?: string;
}

export interface TopologyServer {
  svr_ip: string;
  svr_port: number;
  sql_port?: number;
  agent_port?: number;
  /** "YES"/"NO" (a string). */
  with_rootserver?: string | boolean;
  status?: string;
  build_version?: string;
}

/** `GET /api/v1/ob/info`. */
export interface ClusterInfo {
  agent_info?: Array<{ ip: string; port: number; zone?: string; identity?: string; version?: string }>;
  obcluster_info?: { id?: number; name?: string; version?: string; is_shared_storage?: boolean; topology?: Record<string, TopologyServer[] | null> };
}

export interface DagNode {
  name?: string;
  state?: string;
  operator?: string;
  logs?: string[] | null;
  sub_tasks?: Array<{ name?: string; state?: string; task_logs?: string[] | null }> | null;
}

export type DagState = "PENDING" | "READY" | "RUNNING" | "FAILED" | "SUCCEED";
export type DagOperator = "RUN" | "RETRY" | "ROLLBACK" | "CANCEL" | "PASS";

/** `GET /api/v1/task/dag/{id}`, and what scale-out and scale-in answer. */
export interface Dag {
  id: string;
  dag_id?: number;
  name?: string;
  stage?: number;
  max_stage?: number;
  state?: string;
  operator?: string;
  start_time?: string;
  end_time?: string;
  nodes?: DagNode[] | null;
}

export interface ScaleOutRequest {
  agentInfo: { ip: string; port: number };
  obConfigs: Record<string, string>;
  zone: string;
  targetAgentPassword?: string;
}
