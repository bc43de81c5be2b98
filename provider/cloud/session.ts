import { createHash } from "node:crypto";
import { AkSkAuthenticator, passwordTokenRequest, TokenAuthenticator, type Authenticator } from "./auth";
import { HuaweiCloudError } from "./errors";
import { limiterFor, type LimitOptions } from "./rate-limiter";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
import { IAM_SERVICE, type ServiceProfile } from "./service";
import { principalOf, SERVICE_RATE_LIMIT, SERVICE_RATE_WINDOW_MS, type ClientSettings } from "./settings";
import { noticeThrottling } from "./throttle-notice";
import { asObject, malformed, optionalArray, requireString } from "./shape";
import { Transport, type ApiResponse, type HttpMethod, type RequestSpec } from "./transport";

export interface SessionOptions {
  policy?: Partial<RetryPolicy>;
  onRetry?: (event: { operation: string; attempt: number; reason: string }) => void;
}

/**
 * The back-off between attempts, at the pace of the service's time the client runs at: a
 * rate-limit window scaled down (DDM_RATE_LIMIT_WINDOW_MS, against a simulator whose time runs
 * faster, as benchmarks and tests run it) scales the delays by the same factor, as it scales the
 * gateway's advice after a 429. The service's minute leaves them as they are. `override` (a
 * caller's own policy) is taken as given.
 */
export function retryPolicyFor(settings: Pick<ClientSettings, "maxRetries" | "rateLimitWindowMs">, override: Partial<RetryPolicy> = {}): RetryPolicy {
  const scale = settings.rateLimitWindowMs / SERVICE_RATE_WINDOW_MS;
  return {
    ...DEFAULT_RETRY_POLICY,
    retries: settings.maxRetries,
    minTimeoutMs: DEFAULT_RETRY_POLICY.minTimeoutMs * scale,
    maxTimeoutMs: DEFAULT_RETRY_POLICY.maxTimeoutMs * scale,
    ...override,
  };
}

/**
 * The limit the session's calls keep to: the user's ceiling (ddm:maxRequestsPerMinute), and the
 * service's own limit, against which the limiter measures the share it has. A ceiling above the
 * documented limit says the credential's limit was raised; one below it (60 ÷ runs, for runs on
 * separate machines) only caps the share, which still grows back at the service's scale.
 */
export function rateLimitFor(settings: Pick<ClientSettings, "maxRequestsPerMinute" | "rateLimitWindowMs" | "sharedLimitDir" | "endpoints" | "authUrl">): LimitOptions {
  const gateway = settings.endpoints.ddm ?? settings.endpoints.dcs ?? settings.authUrl;
  return {
    limit: settings.maxRequestsPerMinute,
    serviceLimit: Math.max(settings.maxRequestsPerMinute, SERVICE_RATE_LIMIT),
    windowMs: settings.rateLimitWindowMs,
    shared: settings.sharedLimitDir === undefined ? undefined : { dir: settings.sharedLimitDir, gateway },
  };
}

/** What a service call adds to a request beyond its operation, method and path. */
export type CallOptions = Partial<Pick<RequestSpec, "query" | "body" | "idempotent" | "urgency">>;

/**
 * One set of credentials talking to Huawei Cloud: the authenticator (AK/SK signatures or an
 * IAM token), the transport, the project id, and the rate limit of the credential's principal,
 * which every service client built on the session shares with every other one in the process.
 */
export class CloudSession {
  private readonly transport: Transport;
  private projectIdPromise?: Promise<string>;

  constructor(
    readonly settings: ClientSettings,
    options: SessionOptions = {},
  ) {
    const policy = retryPolicyFor(settings, options.policy);
    const limiter = limiterFor(principalOf(settings.credentials), rateLimitFor(settings));
    let authenticator: Authenticator;
    // The token request goes through an unauthenticated transport sharing the same limiter.
    const base = { limiter, policy, requestTimeoutMs: settings.requestTimeoutMs, onRetry: options.onRetry, onThrottled: noticeThrottling };
    if (settings.credentials.kind === "aksk") {
      authenticator = new AkSkAuthenticator(settings.credentials);
    } else {
      const credentials = settings.credentials;
      const iam = new Transport(base);
      authenticator = new TokenAuthenticator(async () => {
        const response = await iam.send<unknown>({
          operation: "obtain IAM token",
          service: IAM_SERVICE,
          method: "POST",
          baseUrl: settings.authUrl,
          path: "/v3/auth/tokens",
          body: passwordTokenRequest(credentials, settings),
          authenticate: false,
          idempotent: true,
        });
        const token = response.headers["x-subject-token"];
        if (typeof token !== "string" || !token) throw malformed("obtain IAM token", "no X-Subject-Token header");
        const body = asObject("obtain IAM token", response.data);
        const expires = Date.parse(String((body.token as Record<string, unknown> | undefined)?.expires_at ?? ""));
        return { token, expiresAt: Number.isFinite(expires) ? expires : Date.now() + 60 * 60_000 };
      });
    }
    this.transport = new Transport({ ...base, authenticator });
  }

  /** Sends a request to a service's project-scoped API; `build` makes the path from the project id. */
  async call<T>(
    service: ServiceProfile,
    baseUrl: string,
    operation: string,
    method: HttpMethod,
    build: (projectId: string) => string,
    extra: CallOptions = {},
  ): Promise<ApiResponse<T>> {
    const projectId = await this.projectId();
    return this.transport.send<T>({
      operation,
      service,
      method,
      baseUrl,
      path: build(projectId),
      headers: { "X-Project-Id": projectId },
      ...extra,
    });
  }

  /** Sends a request to a domain-wide API, whose paths carry no project id (billing). */
  send<T>(spec: RequestSpec): Promise<ApiResponse<T>> {
    return this.transport.send<T>(spec);
  }

  /** The project id: from settings, else discovered once from the region through IAM. */
  projectId(): Promise<string> {
    if (this.settings.projectId) return Promise.resolve(this.settings.projectId);
    this.projectIdPromise ??= this.discoverProjectId().catch((error) => {
      this.projectIdPromise = undefined;
      throw error;
    });
    return this.projectIdPromise;
  }

  private async discoverProjectId(): Promise<string> {
    const operation = "look up project id";
    const region = this.settings.region;
    if (!region) throw new HuaweiCloudError({ operation, serviceMessage: "set ddm:projectId or ddm:region" });
    // The projects the caller may use need no IAM permission, unlike GET /v3/projects?name=,
    // which many operators may not call (FACTS.md §5); that one only where the first is missing.
    const list = (path: string, query?: Record<string, string>) =>
      this.transport.send<unknown>({ operation, service: IAM_SERVICE, method: "GET", baseUrl: this.settings.authUrl, path, query });
    const response = await list("/v3/auth/projects").catch((error: unknown) => {
      if (error instanceof HuaweiCloudError && error.status === 404) return list("/v3/projects", { name: region });
      throw error;
    });
    const projects = optionalArray<{ id?: string; name?: string }>(operation, asObject(operation, response.data), "projects").filter(
      (project) => project.name === region,
    );
    if (projects.length !== 1) {
      throw new HuaweiCloudError({
        operation,
        serviceMessage: `expected exactly one project named "${region}", found ${projects.length}; set ddm:projectId`,
        requestId: response.requestId,
      });
    }
    return requireString(operation, projects[0] as Record<string, unknown>, "id");
  }
}

/** What identifies a session: everything but the service endpoints. */
function sessionKey(settings: ClientSettings): string {
  const { endpoints: _endpoints, ...rest } = settings;
  return createHash("sha256").update(JSON.stringify(rest)).digest("hex");
}

const sessions = new Map<string, CloudSession>();

/**
 * The session for these settings, shared process-wide: every resource of a deployment, whichever
 * service it calls, shares its token, project id and rate limit.
 */
export function sessionFor(settings: ClientSettings): CloudSession {
  const key = sessionKey(settings);
  let session = sessions.get(key);
  if (!session) {
    session = new CloudSession(settings);
    sessions.set(key, session);
  }
  return session;
}

/** For `.catch`: turns a "not found" into `value`, rethrows anything else. */
export function ifNotFound<T>(value: T): (error: unknown) => T {
  return (error) => {
    if (error instanceof HuaweiCloudError && error.isNotFound) return value;
    throw error;
  };
}
