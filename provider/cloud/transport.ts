import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import pRetry, { AbortError } from "p-retry";
import type { Authenticator } from "./auth";
import { currentScope, DEFAULT_THROTTLE_BUDGET_MS } from "./deadline";
import { HuaweiCloudError, parseServiceError, THROTTLED_CODE } from "./errors";
import type { RateLimiter, Urgency } from "./rate-limiter";
import { redact, registerSecretsIn } from "./redact";
import { classify, networkFailure, THROTTLE_DELAY_MS, type AttemptFailure, type RetryPolicy } from "./retry";
import type { ServiceProfile } from "./service";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";
export type QueryValue = string | number | boolean | undefined;

export interface RequestSpec {
  /** Human-readable name used in errors, e.g. "scale out instance". */
  operation: string;
  /** The service that answers: its codes decide what is busy, not found, and the advice. */
  service: ServiceProfile;
  method: HttpMethod;
  /** Base URL of the service (DDM, DCS or IAM endpoint). */
  baseUrl: string;
  /** Path built with `path`…`` so every value is an encoded segment. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Safe to send twice. Defaults to true for GET, PUT and DELETE, false for POST. */
  idempotent?: boolean;
  /** The token request itself is not authenticated. */
  authenticate?: boolean;
  headers?: Record<string, string>;
  /** Its place in the rate limiter's queue; `normal` unless it is a poll (see `Urgency`). */
  urgency?: Urgency;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string>;
  requestId?: string;
}

export interface TransportOptions {
  authenticator?: Authenticator;
  limiter: RateLimiter;
  policy: RetryPolicy;
  requestTimeoutMs: number;
  http?: AxiosInstance;
  /** Called before each retry; for progress and diagnostics. Must not log request bodies. */
  onRetry?: (event: { operation: string; attempt: number; reason: string }) => void;
  /** Called when a throttled request is finally admitted: how long it waited, and its operation so far. */
  onThrottled?: (event: ThrottledEvent) => void;
}

export interface ThrottledEvent {
  operation: string;
  waitedMs: number;
  /** Everything throttling cost the resource operation the request is part of (this request when none). */
  operationWaitedMs: number;
  windowMs: number;
  limit: number;
}

interface Attempt {
  response?: AxiosResponse<string>;
  failure?: AttemptFailure;
  error?: unknown;
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.append(key, String(value));
  }
  const text = params.toString().replace(/\+/g, "%20");
  return text ? `?${text}` : "";
}

function parseBody(text: string | undefined): unknown {
  if (text === undefined || text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function requestIdOf(headers: Record<string, unknown>): string | undefined {
  const value = headers["x-request-id"] ?? headers["x-iam-trace-id"];
  return typeof value === "string" ? value : undefined;
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

function isThrottled(failure: AttemptFailure | undefined): boolean {
  return failure?.kind === "response" && (failure.status === 429 || failure.code === THROTTLED_CODE);
}

function isIdempotent(spec: RequestSpec): boolean {
  return spec.idempotent ?? spec.method !== "POST";
}

/**
 * Sends one logical request: rate-limited, authenticated afresh for every attempt, retried with
 * exponential backoff and jitter where `classify` allows, and turned into a `HuaweiCloudError` when it
 * finally fails. The body is serialized once, and exactly those bytes are signed and sent.
 *
 * A throttled answer is back-pressure, not a failure: the limit is the credential's, shared with
 * whatever else uses it, so the request waits its turn again for as long as its operation's
 * deadline allows (no count of retries), and the limiter slows every request of the credential.
 * The gateway refuses it before the service sees it, so even a create is safe to send again.
 */
export class Transport {
  private readonly http: AxiosInstance;

  constructor(private readonly options: TransportOptions) {
    this.http = options.http ?? axios.create();
  }

  async send<T>(spec: RequestSpec): Promise<ApiResponse<T>> {
    registerSecretsIn(spec.body);
    const body = spec.body === undefined ? "" : JSON.stringify(spec.body);
    const url = `${spec.baseUrl}${spec.path}${queryString(spec.query)}`;
    const idempotent = isIdempotent(spec);
    const { policy } = this.options;
    let renewedCredentials = false;

    const deadline = currentScope()?.deadline ?? Date.now() + DEFAULT_THROTTLE_BUDGET_MS;
    const attempt = async (): Promise<ApiResponse<T>> => {
      const result = await this.attemptAdmitted(spec, url, body, deadline);
      // Only 2xx is success: a redirect (an http:// endpoint behind one) did nothing, and is not
      // followed, since the signature covers the host and the request must not leave for elsewhere.
      if (result.response && result.response.status >= 200 && result.response.status < 300) {
        return {
          status: result.response.status,
          data: parseBody(result.response.data) as T,
          headers: result.response.headers as Record<string, string>,
          requestId: requestIdOf(result.response.headers),
        };
      }
      const verdict = classify(result.failure!, idempotent, spec.service.busyCodes);
      const error = this.toError(spec, result, !verdict.retry && verdict.outcomeUnknown);
      if (result.response?.status === 401 && !renewedCredentials && this.options.authenticator?.renewAfterUnauthorized()) {
        renewedCredentials = true;
        throw error; // retried once with a renewed token
      }
      // Still throttled at the deadline: waiting longer is what the timeout forbids.
      if (!verdict.retry || isThrottled(result.failure)) throw new AbortError(error);
      throw Object.assign(error, { retryDelayMs: verdict.minDelayMs, retryReason: verdict.reason });
    };

    try {
      return await pRetry(attempt, {
        retries: policy.retries,
        minTimeout: policy.minTimeoutMs,
        maxTimeout: policy.maxTimeoutMs,
        maxRetryTime: policy.maxRetryTimeMs,
        factor: 2,
        randomize: true,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft === 0) return;
          const { retryDelayMs, retryReason } = error as { retryDelayMs?: number; retryReason?: string };
          this.options.onRetry?.({ operation: spec.operation, attempt: attemptNumber, reason: retryReason ?? "unauthorized" });
          if (retryDelayMs) await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
        },
      });
    } catch (error) {
      throw error instanceof AbortError ? (error as AbortError & { originalError: Error }).originalError : error;
    }
  }

  /** Attempts until the gateway lets the request through, or the deadline leaves no time for another wait. */
  private async attemptAdmitted(spec: RequestSpec, url: string, body: string, deadline: number): Promise<Attempt> {
    const { limiter } = this.options;
    // The gateway's advice (2 s) belongs to its minute: a window scaled down scales it too.
    const delayMs = (THROTTLE_DELAY_MS * limiter.windowMs) / 60_000;
    let firstThrottleAt: number | undefined;
    for (let attempt = 1; ; attempt++) {
      const result = await this.attemptOnce(spec, url, body);
      if (!isThrottled(result.failure)) {
        if (firstThrottleAt !== undefined) this.throttledFor(spec, Date.now() - firstThrottleAt);
        return result;
      }
      firstThrottleAt ??= Date.now();
      if (Date.now() + delayMs >= deadline) return result;
      this.options.onRetry?.({ operation: spec.operation, attempt, reason: "throttled" });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  private throttledFor(spec: RequestSpec, waitedMs: number): void {
    const scope = currentScope();
    if (scope) scope.throttledMs += waitedMs;
    const { limit, windowMs } = this.options.limiter;
    this.options.onThrottled?.({ operation: spec.operation, waitedMs, operationWaitedMs: scope?.throttledMs ?? waitedMs, windowMs, limit });
  }

  private async attemptOnce(spec: RequestSpec, url: string, body: string): Promise<Attempt> {
    const release = await this.options.limiter.take(spec.urgency);
    let result: Attempt | undefined;
    try {
      result = await this.exchange(spec, url, body);
      return result;
    } finally {
      release(isThrottled(result?.failure) ? "throttled" : "answered");
    }
  }

  private async exchange(spec: RequestSpec, url: string, body: string): Promise<Attempt> {
    const host = new URL(url).host;
    const headers: Record<string, string> = { "Content-Type": "application/json", Host: host, ...spec.headers };
    const signable = { method: spec.method, url, headers, body };
    const sent =
      spec.authenticate === false || !this.options.authenticator
        ? headers
        : await this.options.authenticator.authorize(signable);
    try {
      const response = await this.http.request<string>({
        method: spec.method,
        url,
        headers: sent,
        data: body === "" ? undefined : body,
        responseType: "text",
        transformRequest: [(data: unknown) => data],
        transformResponse: [(data: string) => data],
        validateStatus: () => true,
        maxRedirects: 0,
        timeout: this.options.requestTimeoutMs,
      });
      return { response, failure: { kind: "response", status: response.status, code: parseServiceError(response.data).code } };
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { error, failure: networkFailure(code) };
    }
  }

  private toError(spec: RequestSpec, attempt: Attempt, outcomeUnknown = false): HuaweiCloudError {
    if (attempt.response && isRedirect(attempt.response.status)) {
      const location = attempt.response.headers.location;
      return new HuaweiCloudError({
        operation: spec.operation,
        service: spec.service,
        status: attempt.response.status,
        serviceMessage:
          `the endpoint redirects${typeof location === "string" && location ? ` to ${location}` : ""}; ` +
          "nothing was done: set the endpoint to the address it redirects to (https://)",
        requestId: requestIdOf(attempt.response.headers),
      });
    }
    if (attempt.response) {
      const service = parseServiceError(attempt.response.data);
      return new HuaweiCloudError({
        operation: spec.operation,
        service: spec.service,
        status: attempt.response.status,
        code: service.code,
        serviceMessage: service.message ?? (attempt.response.data ? undefined : "empty response"),
        requestId: requestIdOf(attempt.response.headers),
        outcomeUnknown,
      });
    }
    const cause = attempt.error as { code?: string; message?: string } | undefined;
    return new HuaweiCloudError({
      operation: spec.operation,
      service: spec.service,
      serviceMessage: redact(`${cause?.code ?? "network error"}: ${cause?.message ?? "no response"}`),
      outcomeUnknown,
    });
  }
}
