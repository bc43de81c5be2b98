export type OnFailure = "keep" | "retry" | "rollback";

export interface AgentEndpoint {
  host: string;
  port: number;
}

export interface ObServerInputs {
  /** The cluster's agent the requests go to. */
  clusterAgent: AgentEndpoint;
  /** root@sys. */
  password: string;
  /** The server joining: its IP and its agent's port. */
  ip: string;
  port: number;
  zone: string;
  /** The new server's settings, as OBShell takes them (strings). Used at join time only. */
  obConfigs: Record<string, string>;
  targetAgentPassword?: string;
  /** When a scale-out or scale-in DAG fails: keep it failed for inspection (default), retry it once, or roll it back. */
  onFailure?: OnFailure;
  /** Minutes. */
  timeouts?: { create?: number; update?: number; delete?: number };
}

export interface ObServerOutputs extends ObServerInputs {
  svrIp?: string;
  svrPort?: number;
  sqlPort?: number;
  status: string;
  withRootserver: boolean;
  clusterName?: string;
  /** The last operation and its DAG: a failed scale-out is retried by the next `up`, a failed scale-in (recorded by a refresh) by the next `destroy`. */
  lastOperation?: "scale-out" | "scale-in";
  dagId?: string;
  dagName?: string;
  dagState?: string;
  dagOperator?: string;
}

export const OBSERVER_INPUT_KEYS = [
  "clusterAgent",
  "password",
  "ip",
  "port",
  "zone",
  "obConfigs",
  "targetAgentPassword",
  "onFailure",
  "timeouts",
] as const satisfies ReadonlyArray<keyof ObServerInputs>;

/** Membership is the server itself, and its settings apply only when it joins. */
export const OBSERVER_REPLACING_KEYS = ["ip", "port", "zone", "obConfigs"] as const;

export const DEFAULT_AGENT_PORT = 2886;
/** The server is not (or no longer) in the cluster's topology. */
export const NOT_A_MEMBER = "NOT A MEMBER";
