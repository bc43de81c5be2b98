import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { Authenticator, ReceivedRequest } from "./auth";
import { recordedBody, type CallLog, type CallRecord } from "./call-log";
import { ControlError } from "./control";
import {
  API_NOT_FOUND,
  authFailed,
  BODY_TOO_LARGE,
  errorBody,
  GatewayError,
  instanceBusy,
  parameterError,
  SERVER_FAILURE,
  ServiceError,
  THROTTLED,
  type Dialect,
} from "./errors";
import type { FaultInjector, RequestFault } from "./faults";
import { CONTROL_PREFIX } from "./routes/control";
import type { Router } from "./router";
import type { DdmState } from "./state/store";
import type { Throttle } from "./throttle";

/**
 * The HTTP pipeline, in the order the live service applies it: route (404 APIG.0101 for an
 * unknown API), authenticate (401), check the project, throttle (429), then faults, then the
 * handler on a state brought up to date with the clock. Control requests bypass all of it.
 */

export interface ServerDeps {
  projectId: string;
  now: () => number;
  state: DdmState;
  auth: Authenticator;
  throttle: Throttle;
  faults: FaultInjector;
  calls: CallLog;
  api: Router;
  control: Router;
}

/** A reply to send, or "drop": destroy the connection without answering. */
type Outcome = { status: number; body?: unknown; headers?: Record<string, string> } | "drop";

/** AK/SK signing covers bodies up to 12 MB; nothing in the DDM API comes near 1 MB. */
const MAX_BODY_BYTES = 1024 * 1024;

export function createSimulatorServer(deps: ServerDeps): Server {
  return createServer((request, response) => {
    const requestId = randomUUID();
    serve(deps, request, requestId)
      .catch((error: unknown) => errorOutcome(new ServiceError(500, SERVER_FAILURE, `Server failure: ${String(error)}`), "v1", requestId))
      .then((outcome) => send(request, response, requestId, outcome))
      // Only a connection the client already closed can fail here; a long-running CLI must not die of it.
      .catch(() => request.socket.destroy());
  });
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

async function serve(deps: ServerDeps, request: IncomingMessage, requestId: string): Promise<Outcome> {
  const body = await readBody(request);
  if (body === undefined) return errorOutcome(new GatewayError(413, BODY_TOO_LARGE, "Request entity too large."), "v1", requestId);
  const method = request.method ?? "GET";
  const url = request.url ?? "/";
  const { pathname, searchParams } = new URL(url, "http://simulator.invalid");
  if (pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)) return serveControl(deps, method, pathname, searchParams, body);
  const call = deps.calls.begin({
    requestId,
    at: deps.now(),
    method,
    path: pathname,
    query: Object.fromEntries(searchParams),
    body: recordedBody(body),
  });
  const outcome = await serveApi(deps, { method, url, headers: request.headers, body }, pathname, searchParams, requestId, call);
  call.status = outcome === "drop" ? undefined : outcome.status;
  return outcome;
}

async function serveApi(
  deps: ServerDeps,
  incoming: ReceivedRequest,
  pathname: string,
  query: URLSearchParams,
  requestId: string,
  call: CallRecord,
): Promise<Outcome> {
  const match = deps.api.match(incoming.method, pathname);
  if (!match) {
    const unknown = new GatewayError(404, API_NOT_FOUND, "The API does not exist or has not been published in the environment.");
    return errorOutcome(unknown, "v1", requestId);
  }
  const { route, params } = match;
  try {
    if (route.authenticate) call.principal = admit(deps, incoming, params);
    const plan = deps.faults.planRequest();
    if (plan.slowMs > 0) {
      call.faults.push("slow");
      await delay(plan.slowMs);
    }
    const mutatesInstance = incoming.method !== "GET" && params.instanceId !== undefined;
    const fault = plan.before === "busy" && !mutatesInstance ? undefined : plan.before;
    if (fault) {
      call.faults.push(fault);
      return faultOutcome(fault, route.dialect, requestId);
    }
    const now = deps.now();
    deps.state.advance(now);
    const reply = route.handler({ params, query, body: parseJson(incoming.body), now, principal: call.principal });
    if (plan.dropAfterCommit && incoming.method !== "GET") {
      call.faults.push("dropAfterCommit");
      return "drop";
    }
    return { status: reply.status ?? 200, body: reply.body, headers: reply.headers };
  } catch (error) {
    if (error instanceof ServiceError || error instanceof GatewayError) return errorOutcome(error, route.dialect, requestId);
    throw error;
  }
}

/** Authentication, the project in the path, and the rate limit; returns the principal. */
function admit(deps: ServerDeps, incoming: ReceivedRequest, params: Record<string, string>): string {
  const now = deps.now();
  const principal = deps.auth.verify(incoming, now);
  if (params.project !== undefined && params.project !== deps.projectId) {
    throw authFailed(`project ${params.project} is not accessible with these credentials`);
  }
  if (!deps.throttle.admit(principal, now)) {
    throw new GatewayError(429, THROTTLED, "The request is throttled: policy user over ratelimit. Retry after 2 to 5 seconds.");
  }
  return principal;
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw parameterError("The request body is not valid JSON.");
  }
}

function faultOutcome(fault: RequestFault, dialect: Dialect, requestId: string): Outcome {
  switch (fault) {
    case "error500":
      return errorOutcome(new ServiceError(500, SERVER_FAILURE, "Server failure."), dialect, requestId);
    case "error429":
      return errorOutcome(new GatewayError(429, THROTTLED, "The request is throttled: policy user over ratelimit."), dialect, requestId);
    case "busy":
      return errorOutcome(instanceBusy(), dialect, requestId);
    case "drop":
      return "drop";
  }
}

function errorOutcome(error: ServiceError | GatewayError, dialect: Dialect, requestId: string): Outcome {
  return { status: error.status, body: errorBody(error, dialect, requestId) };
}

function serveControl(deps: ServerDeps, method: string, pathname: string, query: URLSearchParams, text: string): Outcome {
  const match = deps.control.match(method, pathname);
  if (!match) return { status: 404, body: { error: `No control route ${method} ${pathname}.` } };
  let body: unknown;
  try {
    body = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    return { status: 400, body: { error: "The body is not valid JSON." } };
  }
  try {
    const reply = match.route.handler({ params: match.params, query, body, now: deps.now() });
    return { status: reply.status ?? 200, body: reply.body };
  } catch (error) {
    if (error instanceof ControlError) return { status: error.status, body: { error: error.message } };
    throw error;
  }
}

function send(request: IncomingMessage, response: ServerResponse, requestId: string, outcome: Outcome): void {
  if (outcome === "drop") {
    request.socket.destroy();
    return;
  }
  const text = outcome.body === undefined ? "" : JSON.stringify(outcome.body);
  response.writeHead(outcome.status, {
    ...(text ? { "Content-Type": "application/json;charset=UTF-8" } : {}),
    "Content-Length": Buffer.byteLength(text),
    "X-Request-Id": requestId,
    ...outcome.headers,
  });
  response.end(text);
}
