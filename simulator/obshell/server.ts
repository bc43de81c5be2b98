import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { verifyRequest } from "./auth";
import type { ObshellCluster, ScaleOutRequest } from "./cluster";
import { dagJson } from "./dags";
import { errors, ObshellError } from "./errors";
import type { AgentRecord } from "./model";
import { versionAtLeast } from "./options";

/** One agent's HTTP API: OBShell's envelope, authentication, and the calls of the facts file. */

export interface AgentCall {
  agent: string;
  method: string;
  path: string;
  status: number;
  at: number;
}

type Reply = { status: number; data?: unknown; empty?: boolean };

const MAX_BODY_BYTES = 1024 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(errors.illegalArgument("request body too large"));
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function parseJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text || "null");
  } catch (error) {
    throw errors.bindJson((error as Error).message);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw errors.bindJson("the body must be a JSON object");
  return value as Record<string, unknown>;
}

/** Go's encoding/json matches field names case-insensitively. */
function field(object: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : object[key];
}

function agentInfoOf(value: unknown, name: string): { ip: string; port: number } {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw errors.illegalArgument(`${name} is required`);
  const ip = field(value as Record<string, unknown>, "ip");
  const port = field(value as Record<string, unknown>, "port");
  if (typeof ip !== "string" || (port !== undefined && typeof port !== "number")) throw errors.bindJson(`${name} must be {ip: string, port: number}`);
  if (!ip) throw errors.illegalArgument(`${name}.ip is required`);
  return { ip, port: port ?? 2886 };
}

function scaleOutRequest(body: Record<string, unknown>): ScaleOutRequest {
  const agent = agentInfoOf(field(body, "agentInfo"), "agentInfo");
  const obConfigs = field(body, "obConfigs");
  const zone = field(body, "zone");
  const password = field(body, "targetAgentPassword");
  if (!obConfigs || typeof obConfigs !== "object" || Array.isArray(obConfigs)) throw errors.illegalArgument("obConfigs is required");
  for (const [key, value] of Object.entries(obConfigs)) if (typeof value !== "string") throw errors.bindJson(`obConfigs.${key} must be a string`);
  if (typeof zone !== "string" || password !== undefined && typeof password !== "string") throw errors.bindJson("zone and targetAgentPassword must be strings");
  if (!zone) throw errors.illegalArgument("zone is required");
  return { ...agent, zone, obConfigs: obConfigs as Record<string, string>, targetAgentPassword: password as string | undefined };
}

function info(agent: AgentRecord): Record<string, unknown> {
  return {
    identity: agent.identity,
    version: agent.settings.version,
    obVersion: agent.settings.obVersion,
    ...(agent.settings.supportedAuth ? { supportedAuth: agent.settings.supportedAuth } : {}),
    security: true,
    homePath: `/home/admin/oceanbase-${agent.port}`,
  };
}

export class AgentServer {
  constructor(
    private readonly agent: AgentRecord,
    private readonly cluster: ObshellCluster,
    private readonly now: () => number,
    private readonly log: (call: AgentCall) => void,
  ) {}

  private async route(request: IncomingMessage): Promise<Reply> {
    const url = request.url ?? "/";
    const path = url.split("?")[0];
    const method = request.method ?? "GET";
    const raw = await readBody(request);
    if (method === "GET" && path === "/api/v1/info") return { status: 200, data: info(this.agent) };
    if (method === "GET" && path === "/api/v1/status") return { status: 200, data: { identity: this.agent.identity, state: 2, version: this.agent.settings.version } };
    if (method === "GET" && path === "/api/v1/secret") return { status: 200, data: { public_key: this.agent.keys.publicKeyBase64 } };

    const scaleInRoute = (method === "POST" && path === "/api/v1/ob/scale_in") || (method === "DELETE" && path === "/api/v1/observer");
    const dagRoute = /^\/api\/v1\/task\/dag\/([^/]+)$/.exec(path);
    const lastMaintenanceRoute = method === "GET" && path === "/api/v1/task/dag/maintain/ob";
    const known = (method === "GET" && path === "/api/v1/ob/info") || lastMaintenanceRoute || (method === "POST" && path === "/api/v1/ob/scale_out") || (dagRoute && (method === "GET" || method === "POST"));
    // Scale-in arrived in 4.2.5: older agents have no such route.
    if (!(known || (scaleInRoute && versionAtLeast(this.agent.settings.version, "4.2.5")))) throw errors.notFound();

    const body = verifyRequest(this.agent, this.cluster.password, { headers: request.headers, url, rawBody: raw, nowMs: this.now() });
    if (path === "/api/v1/ob/info") {
      if (!this.cluster.isMember(this.agent)) throw errors.notSupported(this.agent.identity);
      return { status: 200, data: this.cluster.topology() };
    }
    if (path === "/api/v1/ob/scale_out") return { status: 200, data: dagJson(this.cluster.scaleOut(this.agent, scaleOutRequest(parseJson(body))), false) };
    if (scaleInRoute) {
      const target = agentInfoOf(field(parseJson(body), "agent_info"), "agent_info");
      const dag = this.cluster.scaleIn(this.agent, target.ip, target.port);
      return dag ? { status: 200, data: dagJson(dag, false) } : { status: 204, empty: true };
    }
    const details = new URLSearchParams(url.split("?")[1] ?? "").get("show_details") === "true";
    if (lastMaintenanceRoute) {
      // OBShell's GetObLastMaintenanceDag: the newest maintenance DAG, finished or not.
      const dag = this.cluster.lastMaintenanceDag();
      if (!dag) throw errors.noMaintenanceDag();
      return { status: 200, data: dagJson(dag, details) };
    }
    const id = decodeURIComponent(dagRoute![1]);
    if (method === "POST") return { status: 200, data: dagJson(this.cluster.operate(this.agent, id, field(parseJson(body), "operator")), false) };
    return { status: 200, data: dagJson(this.cluster.dag(id), details) };
  }

  private send(response: ServerResponse, reply: Reply, started: number, oldCodes: boolean, error?: ObshellError): void {
    if (reply.empty) {
      response.writeHead(204).end();
      return;
    }
    const envelope = {
      successful: !error,
      timestamp: new Date(this.now()).toISOString(),
      duration: Date.now() - started,
      status: reply.status,
      traceId: randomBytes(8).toString("hex"),
      data: error ? null : reply.data ?? null,
      error: error ? { code: error.oldCode, ...(oldCodes ? {} : { errCode: error.errCode }), message: error.message, subErrors: null } : null,
    };
    response.writeHead(reply.status, { "Content-Type": "application/json" }).end(JSON.stringify(envelope));
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    const started = Date.now();
    // String error codes arrived in 4.3.1.
    const oldCodes = !versionAtLeast(this.agent.settings.version, "4.3.1");
    this.route(request)
      .then(
        (reply) => {
          if (this.cluster.losesAnswer(request.method ?? "GET", (request.url ?? "/").split("?")[0])) {
            request.socket.destroy();
            return 0;
          }
          this.send(response, reply, started, oldCodes);
          return reply.status;
        },
        (error: unknown) => {
          const failure = error instanceof ObshellError ? error : new ObshellError(500, "Common.Unexpected", `unexpected error: ${String(error)}`);
          this.send(response, { status: failure.status }, started, oldCodes, failure);
          return failure.status;
        },
      )
      .then((status) => this.log({ agent: `${this.agent.ip}:${this.agent.port}`, method: request.method ?? "GET", path: request.url ?? "/", status, at: Date.now() }))
      .catch(() => request.socket.destroy());
  }
}
