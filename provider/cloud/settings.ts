import * as os from "node:os";
import * as path from "node:path";

/**
 * Where the client's settings come from: stack config first (`ddm:*`, handed to a dynamic provider
 * by `configure()`), then the environment variables Huawei Cloud users already have set.
 * Credentials are taken as a group from one source, never mixed across sources.
 */

export interface ConfigSource {
  get(key: string): string | undefined;
}

export type Credentials =
  | { kind: "aksk"; accessKey: string; secretKey: string; securityToken?: string }
  | { kind: "password"; userName: string; password: string; domainName: string };

/** The services whose endpoints the settings resolve, all from the same credentials. */
export const SERVICES = {
  ddm: { name: "DDM", configKey: "endpoint", env: "HW_DDM_ENDPOINT" },
  dcs: { name: "DCS", configKey: "dcsEndpoint", env: "HW_DCS_ENDPOINT" },
} as const;

export type ServiceName = keyof typeof SERVICES;

export interface ClientSettings {
  region?: string;
  projectId?: string;
  /**
   * Each service's endpoint, e.g. https://ddm.ap-southeast-1.myhuaweicloud.com or a simulator's
   * http URL; absent when neither the region nor an explicit endpoint gives one.
   */
  endpoints: Partial<Record<ServiceName, string>>;
  /** IAM endpoint, for tokens and project-id discovery. */
  authUrl: string;
  credentials: Credentials;
  maxRequestsPerMinute: number;
  /**
   * The window the limit applies to: a minute, except against a simulator whose time is
   * scaled down (DDM_RATE_LIMIT_WINDOW_MS), as benchmarks do.
   */
  rateLimitWindowMs: number;
  /**
   * Where the provider processes of this machine share each credential's recent calls (the
   * user's cache directory; DDM_SHARED_LIMIT_DIR, `off` for none).
   */
  sharedLimitDir?: string;
  maxRetries: number;
  /**
   * Follow every long operation of this credential together, one listing answering for many
   * (ddm:watchTogether, default true); false follows each on its own, as earlier versions did.
   */
  watchTogether: boolean;
  /** Per-attempt HTTP timeout. */
  requestTimeoutMs: number;
}

/** What the service allows one user in a window (the reference's throttling policy: 60 calls a minute). */
export const SERVICE_RATE_LIMIT = 60;
export const DEFAULT_MAX_REQUESTS_PER_MINUTE = SERVICE_RATE_LIMIT;
/** The service's rate-limit window: a minute. */
export const SERVICE_RATE_WINDOW_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 6;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

type Env = Record<string, string | undefined>;

const ENV = {
  accessKey: ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "OS_ACCESS_KEY"],
  secretKey: ["HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK", "OS_SECRET_KEY"],
  securityToken: ["HW_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "OS_SECURITY_TOKEN"],
  region: ["HW_REGION_NAME", "OS_REGION_NAME"],
  projectId: ["HW_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID", "OS_PROJECT_ID"],
  endpoint: [SERVICES.ddm.env],
  dcsEndpoint: [SERVICES.dcs.env],
  authUrl: ["HW_AUTH_URL", "HUAWEICLOUD_SDK_IAM_ENDPOINT", "OS_AUTH_URL"],
  userName: ["HW_USER_NAME"],
  password: ["HW_USER_PASSWORD"],
  domainName: ["HW_DOMAIN_NAME"],
  cloud: ["HW_CLOUD"],
  maxRetries: ["HW_MAX_RETRIES"],
} as const;

type Key = keyof typeof ENV;

export class SettingsError extends Error {
  override readonly name = "SettingsError";
}

function fromConfig(config: ConfigSource | undefined, key: string): string | undefined {
  const value = config?.get(`ddm:${key}`);
  return value === undefined || value === "" ? undefined : value;
}

function fromEnv(env: Env, key: Key): string | undefined {
  for (const name of ENV[key]) {
    const value = env[name];
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

export function resolveCredentials(config: ConfigSource | undefined, env: Env): Credentials {
  const sources: Array<(key: Key) => string | undefined> = [(k) => fromConfig(config, k), (k) => fromEnv(env, k)];
  for (const read of sources) {
    const accessKey = read("accessKey");
    const secretKey = read("secretKey");
    if (accessKey || secretKey) {
      if (!accessKey || !secretKey) {
        throw new SettingsError(
          `Incomplete AK/SK credentials: set both ${accessKey ? "the secret key" : "the access key"} and its pair ` +
            "(ddm:accessKey/ddm:secretKey, or HW_ACCESS_KEY/HW_SECRET_KEY).",
        );
      }
      return { kind: "aksk", accessKey, secretKey, securityToken: read("securityToken") };
    }
    const userName = read("userName");
    const password = read("password");
    if (userName || password) {
      const domainName = read("domainName");
      if (!userName || !password || !domainName) {
        throw new SettingsError(
          "Incomplete password credentials: ddm:userName, ddm:password and ddm:domainName " +
            "(or HW_USER_NAME, HW_USER_PASSWORD, HW_DOMAIN_NAME) are all required.",
        );
      }
      return { kind: "password", userName, password, domainName };
    }
  }
  throw new SettingsError(
    "No Huawei Cloud credentials: set ddm:accessKey and ddm:secretKey (secret) in stack config, or HW_ACCESS_KEY and " +
      "HW_SECRET_KEY in the environment, or user/password credentials (ddm:userName, ddm:password, ddm:domainName).",
  );
}

/**
 * Default endpoints by region (FACTS.md §5, DCS-FACTS.md): `https://{service}.{region}.{domain}`.
 * `cloud` is the domain suffix, as in Terraform's HW_CLOUD.
 */
export function defaultEndpoints(region: string, cloud?: string): { endpoints: Record<ServiceName, string>; authUrl: string } {
  const domain = cloud ?? (region === "eu-west-101" ? "myhuaweicloud.eu" : "myhuaweicloud.com");
  const endpoints = Object.fromEntries(Object.keys(SERVICES).map((service) => [service, `https://${service}.${region}.${domain}`]));
  return { endpoints: endpoints as Record<ServiceName, string>, authUrl: `https://iam.${region}.${domain}` };
}

/** The endpoint of one service, or a settings error saying how to give it. */
export function endpointOf(settings: ClientSettings, service: ServiceName): string {
  const endpoint = settings.endpoints[service];
  if (endpoint) return endpoint;
  const { name, configKey, env } = SERVICES[service];
  throw new SettingsError(`No ${name} endpoint: set ddm:${configKey} (or ${env}), or ddm:region for the public one.`);
}

export function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new SettingsError(`${name} must be a positive integer, got "${raw}".`);
  return value;
}

export function flag(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  if (raw !== "true" && raw !== "false") throw new SettingsError(`${name} must be true or false, got "${raw}".`);
  return raw === "true";
}

export function normalizeUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SettingsError(`${name} must be an absolute http(s) URL, got "${raw}".`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new SettingsError(`${name} must use https (or http for a local simulator), got "${url.protocol}".`);
  }
  return url.toString().replace(/\/+$/, "");
}

export function resolveSettings(config?: ConfigSource, env: Env = process.env): ClientSettings {
  const read = (key: Key) => fromConfig(config, key) ?? fromEnv(env, key);
  const region = read("region");
  const explicit = Object.fromEntries(
    (Object.keys(SERVICES) as ServiceName[]).map((service) => [service, read(SERVICES[service].configKey)] as const),
  ) as Record<ServiceName, string | undefined>;
  const explicitAuthUrl = read("authUrl");
  if (!region && !(Object.values(explicit).some(Boolean) && explicitAuthUrl)) {
    throw new SettingsError(
      "No region: set ddm:region (or HW_REGION_NAME), or both a service endpoint (ddm:endpoint, ddm:dcsEndpoint) " +
        "and ddm:authUrl (or HW_DDM_ENDPOINT, HW_DCS_ENDPOINT and HW_AUTH_URL).",
    );
  }
  const defaults = region ? defaultEndpoints(region, read("cloud")) : undefined;
  const endpoints: Partial<Record<ServiceName, string>> = {};
  for (const service of Object.keys(SERVICES) as ServiceName[]) {
    const url = explicit[service] ?? defaults?.endpoints[service];
    if (url) endpoints[service] = normalizeUrl(`ddm:${SERVICES[service].configKey}`, url);
  }
  return {
    region,
    projectId: read("projectId"),
    endpoints,
    authUrl: normalizeUrl("ddm:authUrl", (explicitAuthUrl ?? defaults!.authUrl).replace(/\/v3\/?$/, "")),
    credentials: resolveCredentials(config, env),
    maxRequestsPerMinute: positiveInteger(
      "ddm:maxRequestsPerMinute",
      fromConfig(config, "maxRequestsPerMinute"),
      DEFAULT_MAX_REQUESTS_PER_MINUTE,
    ),
    rateLimitWindowMs: positiveInteger("DDM_RATE_LIMIT_WINDOW_MS", env.DDM_RATE_LIMIT_WINDOW_MS, SERVICE_RATE_WINDOW_MS),
    sharedLimitDir: sharedLimitDir(env),
    maxRetries: positiveInteger("ddm:maxRetries", read("maxRetries"), DEFAULT_MAX_RETRIES),
    watchTogether: flag("ddm:watchTogether", fromConfig(config, "watchTogether"), true),
    requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
  };
}

function sharedLimitDir(env: Env): string | undefined {
  const explicit = env.DDM_SHARED_LIMIT_DIR;
  if (explicit === "off") return undefined;
  if (explicit) return explicit;
  const home = env.HOME ?? os.homedir();
  return path.join(env.XDG_CACHE_HOME ?? path.join(home, ".cache"), "pulumi-ddm", "limits");
}

/** Identifies the principal whose rate limit and caches a request counts against. */
export function principalOf(credentials: Credentials): string {
  return credentials.kind === "aksk"
    ? `ak:${credentials.accessKey}`
    : `user:${credentials.domainName}/${credentials.userName}`;
}
