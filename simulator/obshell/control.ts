import type { IncomingMessage, ServerResponse } from "node:http";
import { SCALE_IN, SCALE_OUT, type ObshellCluster } from "./cluster";
import { generateAgentKeys } from "./crypto";
import type { DagFault, DagRecord, Identity, LostAnswer, ServerRecord } from "./model";
import type { AgentCall } from "./server";

/** What tests and the demo see and change behind the agents' backs. */

export interface AgentSnapshot {
  ip: string;
  port: number;
  identity: Identity;
  zone?: string;
  version: string;
}

export interface ObshellSnapshot {
  agents: AgentSnapshot[];
  servers: ServerRecord[];
  dags: DagRecord[];
}

export class ObshellControlError extends Error {}

export class ObshellControl {
  private log: AgentCall[] = [];

  constructor(private readonly cluster: ObshellCluster) {}

  record(call: AgentCall): void {
    this.log.push(call);
  }

  calls(): AgentCall[] {
    return [...this.log];
  }

  resetCalls(): void {
    this.log = [];
  }

  snapshot(): ObshellSnapshot {
    this.cluster.tick();
    return structuredClone({
      agents: this.cluster.agents.map((a) => ({ ip: a.ip, port: a.port, identity: a.identity, zone: a.zone, version: a.settings.version })),
      servers: this.cluster.servers,
      dags: this.cluster.dags,
    });
  }

  /** The DAGs that add or remove this agent, oldest first. */
  dagsFor(ip: string, port: number, kind: "scale out" | "scale in"): DagRecord[] {
    return this.snapshot().dags.filter((d) => d.target === `${ip}:${port}` && d.name === (kind === "scale out" ? SCALE_OUT : SCALE_IN));
  }

  /** Replaces the DAG faults: each makes a chosen node of matching DAGs fail. */
  setFaults(faults: DagFault[]): void {
    this.cluster.faults = structuredClone(faults);
  }

  /** Requests carried out whose answer never arrives (the connection drops). */
  loseAnswers(lost: LostAnswer[]): void {
    this.cluster.lostAnswers = structuredClone(lost);
  }

  setStageMs(ms: number): void {
    this.cluster.stageMs = ms;
  }

  private server(ip: string, agentPort: number): ServerRecord {
    this.cluster.tick();
    const server = this.cluster.servers.find((s) => s.svrIp === ip && s.agentPort === agentPort);
    if (!server) throw new ObshellControlError(`no server with agent ${ip}:${agentPort} in the cluster`);
    return server;
  }

  /** Someone moved the server to another zone by hand. */
  driftZone(ip: string, agentPort: number, zone: string): void {
    this.server(ip, agentPort).zone = zone;
    const agent = this.cluster.agent(ip, agentPort);
    if (agent) agent.zone = zone;
  }

  /** Someone removed the server by hand; its agent is SINGLE again. */
  removeServer(ip: string, agentPort: number): void {
    const server = this.server(ip, agentPort);
    this.cluster.servers.splice(this.cluster.servers.indexOf(server), 1);
    const agent = this.cluster.agent(ip, agentPort);
    if (agent) {
      agent.identity = "SINGLE";
      agent.zone = undefined;
    }
  }

  /** The agent restarted with a new key pair: keys learned before no longer decrypt. */
  rotateKey(ip: string, port: number): void {
    const agent = this.cluster.agent(ip, port);
    if (!agent) throw new ObshellControlError(`no agent ${ip}:${port}`);
    agent.keys = generateAgentKeys(agent.settings.keyBits);
  }

  /** Another client's operation holds the maintenance lock for `ms`. */
  holdMaintenance(ms: number): string {
    return this.cluster.holdMaintenance(ms).id;
  }
}

function send(response: ServerResponse, status: number, body?: unknown): void {
  response.writeHead(status, { "Content-Type": "application/json" }).end(body === undefined ? "" : JSON.stringify(body));
}

/**
 * The control API over HTTP, on its own port: `GET /_sim/state`, `GET|DELETE /_sim/calls`,
 * `PUT /_sim/faults`, `PUT /_sim/lost-answers`, `PUT /_sim/stage-ms`, `PATCH|DELETE /_sim/servers/{ip}:{agentPort}`,
 * `POST /_sim/maintenance`.
 */
export function handleControl(control: ObshellControl, request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    try {
      const text = Buffer.concat(chunks).toString("utf8");
      const body = text ? JSON.parse(text) : {};
      const path = (request.url ?? "/").split("?")[0];
      const method = request.method ?? "GET";
      const server = /^\/_sim\/servers\/([^/:]+):([0-9]+)$/.exec(path);
      if (method === "GET" && path === "/_sim/state") return send(response, 200, control.snapshot());
      if (method === "GET" && path === "/_sim/calls") return send(response, 200, control.calls());
      if (method === "DELETE" && path === "/_sim/calls") return send(response, 204, control.resetCalls());
      if (method === "PUT" && path === "/_sim/faults") return send(response, 204, control.setFaults(Array.isArray(body) ? body : body.dags ?? []));
      if (method === "PUT" && path === "/_sim/lost-answers") return send(response, 204, control.loseAnswers(Array.isArray(body) ? body : []));
      if (method === "PUT" && path === "/_sim/stage-ms") return send(response, 204, control.setStageMs(Number(body.ms)));
      if (method === "POST" && path === "/_sim/maintenance") return send(response, 200, { id: control.holdMaintenance(Number(body.ms)) });
      if (server && method === "PATCH") return send(response, 204, control.driftZone(server[1], Number(server[2]), String(body.zone)));
      if (server && method === "DELETE") return send(response, 204, control.removeServer(server[1], Number(server[2])));
      send(response, 404, { error: `no control route ${method} ${path}` });
    } catch (error) {
      send(response, error instanceof ObshellControlError ? 404 : 400, { error: (error as Error).message });
    }
  });
}
