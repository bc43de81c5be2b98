import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { close, listen } from "../listen";
import { ObshellCluster } from "./cluster";
import { handleControl, ObshellControl } from "./control";
import { generateAgentKeys } from "./crypto";
import type { AgentRecord, Identity } from "./model";
import {
  DEFAULT_CLUSTER_NAME,
  DEFAULT_OB_PASSWORD,
  resolveAgentOptions,
  type AgentOptions,
  type ObshellSimulatorOptions,
} from "./options";
import { AgentServer } from "./server";

/**
 * A simulated OceanBase cluster managed by OBShell, on loopback: one HTTP agent per server of
 * the cluster and more SINGLE agents waiting to join, each on its own port, sharing one
 * cluster state; and a control API on a port of its own.
 */

export interface SimulatedAgent {
  host: string;
  port: number;
  /** As created; `control.snapshot()` has the current identity. */
  role: "member" | "single";
}

export interface ObshellSimulator {
  host: string;
  /** Members first (the first is MASTER), then the SINGLE agents. */
  agents: SimulatedAgent[];
  members: SimulatedAgent[];
  singles: SimulatedAgent[];
  password: string;
  controlUrl: string;
  control: ObshellControl;
  close(): Promise<void>;
}

export async function startObshellSimulator(options: ObshellSimulatorOptions = {}): Promise<ObshellSimulator> {
  const host = options.host ?? "127.0.0.1";
  const now = options.now ?? Date.now;
  const password = options.password ?? DEFAULT_OB_PASSWORD;
  const cluster = new ObshellCluster(options.clusterName ?? DEFAULT_CLUSTER_NAME, 1, password, now, options.stageMs ?? 200);
  const control = new ObshellControl(cluster);
  const members = options.members ?? [{ zone: "zone1" }, { zone: "zone1" }, { zone: "zone1" }];
  const servers: Server[] = [];

  async function startAgent(identity: Identity, settings: AgentOptions, zone?: string): Promise<AgentRecord> {
    let agentServer: AgentServer | undefined;
    const server = createServer((request, response) => agentServer!.handle(request, response));
    await listen(server, 0, host);
    servers.push(server);
    const resolved = resolveAgentOptions(settings);
    const agent: AgentRecord = { ip: host, port: (server.address() as AddressInfo).port, identity, zone, settings: resolved, keys: generateAgentKeys(resolved.keyBits) };
    agentServer = new AgentServer(agent, cluster, now, (call) => control.record(call));
    cluster.agents.push(agent);
    return agent;
  }

  for (const [index, member] of members.entries()) {
    const agent = await startAgent(index === 0 ? "MASTER" : "FOLLOWER", options.agent ?? {}, member.zone);
    cluster.servers.push({
      svrIp: agent.ip,
      svrPort: member.rpcPort ?? 2882 + 10 * index,
      sqlPort: member.sqlPort ?? 2881 + 10 * index,
      agentPort: agent.port,
      zone: member.zone,
      status: "ACTIVE",
      withRootserver: index === 0 || members.findIndex((m) => m.zone === member.zone) === index,
    });
  }
  for (let i = 0; i < (options.singles ?? 3); i++) await startAgent("SINGLE", { ...options.agent, ...options.singleAgents });

  const controlServer = createServer((request, response) => handleControl(control, request, response));
  await listen(controlServer, 0, host);
  const agents = cluster.agents.map((a): SimulatedAgent => ({ host: a.ip, port: a.port, role: a.identity === "SINGLE" ? "single" : "member" }));
  return {
    host,
    agents,
    members: agents.filter((a) => a.role === "member"),
    singles: agents.filter((a) => a.role === "single"),
    password,
    controlUrl: `http://${host}:${(controlServer.address() as AddressInfo).port}`,
    control,
    close: async () => {
      await Promise.all([...servers, controlServer].map(close));
    },
  };
}

export { DEFAULT_CLUSTER_NAME, DEFAULT_OB_PASSWORD, DEFAULT_OB_VERSION, DEFAULT_OBSHELL_VERSION } from "./options";
export type { AgentOptions, MemberOptions, ObshellSimulatorOptions } from "./options";
export { SCALE_IN, SCALE_IN_NODES, SCALE_OUT, SCALE_OUT_NODES } from "./cluster";
export { ObshellControl, ObshellControlError, type AgentSnapshot, type ObshellSnapshot } from "./control";
export type { DagFault, DagRecord, ServerRecord } from "./model";
export type { AgentCall } from "./server";
