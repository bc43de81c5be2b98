import axios, { type AxiosResponse } from "axios";
import type { KeyObject } from "node:crypto";
import { registerSecret } from "../../cloud/redact";
import { classify, networkFailure, type AttemptFailure } from "../../cloud/retry";
import { authenticate, authVersionFor, type AuthVersion } from "./auth";
import { agentPublicKey } from "./crypto";
import { ObshellApiError } from "./errors";
import type { AgentAddress, AgentInfo, ClusterInfo, Dag, DagOperator, ScaleOutRequest } from "./types";

/**
 * A small client for one OBShell agent: the unauthenticated `info` and `secret`, and the
 * authenticated cluster calls, each sent with a fresh hybrid-encryption header. Idempotent
 * requests are retried on connection failures and 5xx; a write whose answer was lost is not.
 */

const REQUEST_TIMEOUT_MS = 30_000;
const ATTEMPTS = 3;

interface Envelope<T> {
  successful?: boolean;
  status?: number;
  data?: T;
  error?: { code?: number | string; errCode?: string; message?: string } | null;
}

/** An agent's authentication method and key, learned once per provider process. */
const agentSecrets = new Map<string, Promise<{ version: AuthVersion; key: KeyObject }>>();

export const addressOf = (agent: AgentAddress) => `${agent.host.includes(":") ? `[${agent.host}]` : agent.host}:${agent.port}`;

function errorOf(operation: string, response: AxiosResponse<string>): ObshellApiError {
  let envelope: Envelope<unknown> | undefined;
  try {
    envelope = JSON.parse(response.data);
  } catch {
    // Not OBShell's envelope: a proxy page or a route the agent does not have.
  }
  const error = envelope?.error ?? undefined;
  const code = error?.errCode ?? (error?.code === undefined || error?.code === 0 ? undefined : String(error.code));
  const message = error?.message ?? (typeof response.data === "string" ? response.data.slice(0, 200).trim() : undefined);
  return new ObshellApiError({ operation, status: response.status, code, serviceMessage: message });
}

export class ObshellClient {
  constructor(
    readonly agent: AgentAddress,
    private readonly password: string,
    private readonly now: () => number = Date.now,
  ) {
    registerSecret(password);
  }

  private async send(operation: string, method: string, uri: string, headers: Record<string, string>, body: string | undefined): Promise<AxiosResponse<string>> {
    const idempotent = method === "GET";
    for (let attempt = 1; ; attempt++) {
      let failure: AttemptFailure;
      let error: ObshellApiError;
      try {
        const response = await axios.request<string>({
          method,
          url: `http://${addressOf(this.agent)}${uri}`,
          headers,
          data: body,
          timeout: REQUEST_TIMEOUT_MS,
          responseType: "text",
          transformResponse: [(data) => data],
          validateStatus: () => true,
        });
        if (response.status < 300) return response;
        error = errorOf(operation, response);
        if (error.isUnderMaintenance || error.isAuthenticationFailure) throw error;
        failure = { kind: "response", status: response.status, code: error.code };
      } catch (thrown) {
        if (thrown instanceof ObshellApiError) throw thrown;
        const code = (thrown as { code?: string }).code;
        failure = networkFailure(code);
        error = new ObshellApiError({ operation, serviceMessage: `${code ?? "network error"}: ${(thrown as Error).message}` });
      }
      const verdict = classify(failure, idempotent);
      if (!verdict.retry || attempt >= ATTEMPTS) {
        if (!verdict.retry && verdict.outcomeUnknown) throw new ObshellApiError({ operation, status: error.status, code: error.code, serviceMessage: error.serviceMessage, outcomeUnknown: true });
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(verdict.minDelayMs, 200 * 2 ** attempt)));
    }
  }

  private async unauthenticated<T>(operation: string, uri: string): Promise<T> {
    const response = await this.send(operation, "GET", uri, {}, undefined);
    return (JSON.parse(response.data) as Envelope<T>).data as T;
  }

  info(): Promise<AgentInfo> {
    return this.unauthenticated(`GET ${addressOf(this.agent)} /api/v1/info`, "/api/v1/info");
  }

  private secrets(refresh = false): Promise<{ version: AuthVersion; key: KeyObject }> {
    const address = addressOf(this.agent);
    if (refresh || !agentSecrets.has(address)) {
      const learned = (async () => {
        const [info, secret] = await Promise.all([this.info(), this.unauthenticated<{ public_key?: string }>(`GET ${address} /api/v1/secret`, "/api/v1/secret")]);
        if (!secret?.public_key) throw new ObshellApiError({ operation: `GET ${address} /api/v1/secret`, serviceMessage: "the agent sent no public key" });
        return { version: authVersionFor(info ?? {}), key: agentPublicKey(secret.public_key) };
      })();
      agentSecrets.set(address, learned);
      learned.catch(() => agentSecrets.delete(address));
    }
    return agentSecrets.get(address)!;
  }

  /** One authenticated call; the envelope's `data`, or undefined for 204. */
  private async call<T>(method: string, uri: string, body?: unknown): Promise<T | undefined> {
    const operation = `${method} ${addressOf(this.agent)} ${uri.split("?")[0]}`;
    for (let attempt = 1; ; attempt++) {
      const { version, key } = await this.secrets(attempt > 1);
      const signed = authenticate({ version, publicKey: key, password: this.password, uri, body, nowMs: this.now() });
      try {
        const response = await this.send(operation, method, uri, signed.headers, signed.body);
        if (response.status === 204 || !response.data) return undefined;
        return (JSON.parse(response.data) as Envelope<T>).data;
      } catch (error) {
        // An agent restarted since we learned its key answers that it cannot read the header: learn it again, once.
        if (attempt === 1 && error instanceof ObshellApiError && error.isHeaderUnreadable) continue;
        throw error;
      }
    }
  }

  async clusterInfo(): Promise<ClusterInfo> {
    return (await this.call<ClusterInfo>("GET", "/api/v1/ob/info")) ?? {};
  }

  async scaleOut(request: ScaleOutRequest): Promise<Dag> {
    return this.requireDag(await this.call<Dag>("POST", "/api/v1/ob/scale_out", request), "scale-out");
  }

  /** Undefined when the server is not in the cluster (204). */
  scaleIn(ip: string, port: number): Promise<Dag | undefined> {
    return this.call<Dag>("POST", "/api/v1/ob/scale_in", { agent_info: { ip, port }, force_kill: false });
  }

  async dag(id: string): Promise<Dag> {
    return this.requireDag(await this.call<Dag>("GET", `/api/v1/task/dag/${encodeURIComponent(id)}?show_details=true`), `DAG ${id}`);
  }

  /**
   * The cluster's newest maintenance DAG, finished or not (OBShell's GetObLastMaintenanceDag,
   * since 4.2.3): the one holding the lock when the cluster is under maintenance. Undefined when
   * there is none (404).
   */
  async lastMaintenanceDag(): Promise<Dag | undefined> {
    try {
      return this.requireDag(await this.call<Dag>("GET", "/api/v1/task/dag/maintain/ob?show_details=true"), "the last maintenance DAG");
    } catch (error) {
      if (error instanceof ObshellApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async operateDag(id: string, operator: Exclude<DagOperator, "RUN">): Promise<Dag | undefined> {
    return this.call<Dag>("POST", `/api/v1/task/dag/${encodeURIComponent(id)}`, { operator });
  }

  private requireDag(dag: Dag | undefined, what: string): Dag {
    if (!dag || typeof dag.id !== "string" || !dag.id) throw new ObshellApiError({ operation: what, serviceMessage: "the agent's answer carries no DAG id" });
    return dag;
  }
}
