import axios from "axios";
import { signRequest, type AkSkCredentials } from "../../provider/cloud/signer";
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_SECRET_KEY,
  DEFAULT_USER,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from "../../simulator";

/** Real HTTP against a simulator: requests signed with the project's signer, as the client signs them. */

export const CREDENTIALS: AkSkCredentials = { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY };

export type Auth = "aksk" | "none" | { token: string } | { credentials: AkSkCredentials; date?: Date };

export interface CallOptions {
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  /** Sent as is, instead of JSON.stringify(body). */
  rawBody?: string;
  auth?: Auth;
  /** Changes the request after signing: tampering. */
  tamper?: (request: { url: string; headers: Record<string, string>; body: string }) => void;
}

export interface Response {
  status: number;
  // Tests read JSON bodies of many shapes; each test asserts the fields it relies on.
  data: any;
  headers: Record<string, string>;
}

function queryString(query: CallOptions["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) params.append(key, String(value));
  const text = params.toString().replace(/\+/g, "%20");
  return text ? `?${text}` : "";
}

/** `{p}` in a path stands for the simulator's project id. */
export async function call(sim: Simulator, method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const url = `${sim.url}${path.replace("{p}", sim.projectId)}${queryString(options.query)}`;
  const body = options.rawBody ?? (options.body === undefined ? "" : JSON.stringify(options.body));
  const base = { "Content-Type": "application/json", Host: new URL(url).host, "X-Project-Id": sim.projectId };
  const auth = options.auth ?? "aksk";
  let headers: Record<string, string> = base;
  if (auth === "aksk") headers = signRequest({ method, url, headers: base, body }, CREDENTIALS);
  else if (auth !== "none" && "token" in auth) headers = { ...base, "X-Auth-Token": auth.token };
  else if (auth !== "none") headers = signRequest({ method, url, headers: base, body }, auth.credentials, auth.date);
  const sent = { url, headers: { ...headers }, body };
  options.tamper?.(sent);
  const response = await axios.request({
    method,
    url: sent.url,
    headers: sent.headers,
    data: sent.body === "" ? undefined : sent.body,
    transformRequest: [(data: unknown) => data],
    validateStatus: () => true,
  });
  return { status: response.status, data: response.data, headers: response.headers as Record<string, string> };
}

export async function issueToken(sim: Simulator, user = DEFAULT_USER, scope: unknown = { project: { name: sim.region } }): Promise<Response> {
  return call(sim, "POST", "/v3/auth/tokens", {
    auth: "none",
    body: {
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { domain: { name: user.domainName }, name: user.userName, password: user.password } },
        },
        scope,
      },
    },
  });
}

/** A clock tests move by hand: jobs then end exactly when the test says. */
export function manualClock(start = Date.now()): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

/** Short durations so the suite stays fast when the real clock drives the jobs. */
export const FAST = { createInstance: 60, deleteInstance: 40, enlarge: 60, reduce: 60, resize: 60, adminUser: 40, createSchema: 40, deleteSchema: 40 };

export function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ durations: FAST, rateLimit: false, ...options });
}

export async function flavorIdOf(sim: Simulator, code: string, version = "3.1.0"): Promise<{ engineId: string; flavorId: string }> {
  const engines = await call(sim, "GET", "/v2/{p}/engines");
  const engine = engines.data.engineGroups.find((e: { version: string }) => e.version === version);
  const flavors = await call(sim, "GET", "/v2/{p}/flavors", { query: { engine_id: engine.id } });
  const all = flavors.data.computeFlavorGroups.flatMap((group: { computeFlavors: unknown[] }) => group.computeFlavors);
  return { engineId: engine.id, flavorId: all.find((f: { code: string }) => f.code === code).id };
}

export interface InstanceSpec {
  name?: string;
  code?: string;
  version?: string;
  nodeNum?: number;
  extra?: Record<string, unknown>;
}

export async function instanceBody(sim: Simulator, spec: InstanceSpec = {}): Promise<{ instance: Record<string, unknown> }> {
  const { engineId, flavorId } = await flavorIdOf(sim, spec.code ?? "ddm.c6.2xlarge.2", spec.version);
  return {
    instance: {
      name: spec.name ?? "orders-ddm",
      flavor_id: flavorId,
      node_num: spec.nodeNum ?? 2,
      engine_id: engineId,
      available_zones: ["az1", "az2"],
      vpc_id: "vpc-0001",
      subnet_id: "subnet-0001",
      security_group_id: "sg-0001",
      ...spec.extra,
    },
  };
}

/** Creates an instance and, unless told otherwise, waits (on the real clock) until it is RUNNING. */
export async function createInstance(sim: Simulator, spec: InstanceSpec = {}, wait = true): Promise<{ id: string; jobId: string }> {
  const response = await call(sim, "POST", "/v1/{p}/instances", { body: await instanceBody(sim, spec) });
  if (response.status !== 200) throw new Error(`create failed: ${response.status} ${JSON.stringify(response.data)}`);
  if (wait) await waitForStatus(sim, response.data.id, "RUNNING");
  return { id: response.data.id, jobId: response.data.job_id };
}

export async function waitFor<T>(look: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await look();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function waitForStatus(sim: Simulator, instanceId: string, status: string): Promise<Response> {
  return waitFor(async () => {
    const response = await call(sim, "GET", `/v1/{p}/instances/${instanceId}`);
    return response.data.status === status ? response : undefined;
  });
}

export async function waitForJob(sim: Simulator, jobId: string): Promise<Response> {
  return waitFor(async () => {
    const response = await call(sim, "GET", `/v3/{p}/jobs/${jobId}`);
    return response.data.job?.status === "Running" ? undefined : response;
  });
}
