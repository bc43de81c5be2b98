import { compareVersions } from "../../provider/obshell/client/auth";

/** Options of the simulated OBShell cluster, and their defaults. */

export const DEFAULT_OB_PASSWORD = "Root#Sys2024";
export const DEFAULT_OB_VERSION = "4.3.5.0";
export const DEFAULT_OBSHELL_VERSION = "4.3.5.0";
export const DEFAULT_CLUSTER_NAME = "obcluster";

export interface MemberOptions {
  zone: string;
  rpcPort?: number;
  sqlPort?: number;
}

export interface AgentOptions {
  /** OBShell version; below 4.2.3 the agent speaks v1 authentication, below 4.2.5 it has no scale-in. */
  version?: string;
  obVersion?: string;
  /** What `/api/v1/info` lists; absent on older agents. */
  supportedAuth?: string[];
  /** Set on agents protected by an agent password (`targetAgentPassword`). */
  agentPassword?: string;
  keyBits?: 512 | 1024 | 2048;
}

export interface ObshellSimulatorOptions {
  host?: string;
  clusterName?: string;
  /** root@sys. */
  password?: string;
  /** The cluster's servers, each with its own agent; the first is MASTER. Default three in zone1. */
  members?: MemberOptions[];
  /** Agents waiting to join (identity SINGLE). Default three. */
  singles?: number;
  /** Every agent's settings (members and singles); `singleAgents` overrides them for singles. */
  agent?: AgentOptions;
  singleAgents?: AgentOptions;
  /** How long each DAG node runs. */
  stageMs?: number;
  now?: () => number;
}

export interface ResolvedAgentOptions {
  version: string;
  obVersion: string;
  supportedAuth?: string[];
  agentPassword?: string;
  keyBits: 512 | 1024 | 2048;
}

export function resolveAgentOptions(options: AgentOptions = {}): ResolvedAgentOptions {
  const version = options.version ?? DEFAULT_OBSHELL_VERSION;
  const speaksV2 = versionAtLeast(version, "4.2.3");
  return {
    version,
    obVersion: options.obVersion ?? DEFAULT_OB_VERSION,
    // Agents that list their methods are newer than the ones that introduced v2.
    supportedAuth: "supportedAuth" in options ? options.supportedAuth : speaksV2 ? ["v2"] : undefined,
    agentPassword: options.agentPassword,
    keyBits: options.keyBits ?? (speaksV2 ? 1024 : 512),
  };
}

/** Version order is not protocol: the project's one comparison serves both sides. */
export function versionAtLeast(version: string, minimum: string): boolean {
  return compareVersions(version, minimum) >= 0;
}
