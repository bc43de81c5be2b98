import type { ConfigSource } from "../cloud/settings";
import { bool, int, opt, secret, str, type Fields } from "./fields";

/**
 * The `ddm:*` settings (README "Configuration") as the Provider resource's inputs: one explicit
 * provider per region, project or account in a program, the default one from stack config.
 */
export interface ProviderSettings {
  region?: string;
  projectId?: string;
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  userName?: string;
  password?: string;
  domainName?: string;
  endpoint?: string;
  dcsEndpoint?: string;
  authUrl?: string;
  bssEndpoint?: string;
  cloud?: string;
  maxRequestsPerMinute?: number;
  maxRetries?: number;
  watchTogether?: boolean;
  obshellPassword?: string;
}

export const PROVIDER_SETTINGS: Fields<ProviderSettings> = {
  region: opt(str("Region; every endpoint defaults from it. Else HW_REGION_NAME.")),
  projectId: opt(str("Else HW_PROJECT_ID, else discovered from the region through IAM.")),
  accessKey: opt(str("AK; else HW_ACCESS_KEY. Every request is signed.")),
  secretKey: opt(secret(str("SK; else HW_SECRET_KEY."))),
  securityToken: opt(secret(str("Temporary credentials' token; else HW_SECURITY_TOKEN."))),
  userName: opt(str("IAM user, for a password token instead of AK/SK; else HW_USER_NAME.")),
  password: opt(secret(str("IAM user's password; else HW_USER_PASSWORD."))),
  domainName: opt(str("IAM user's domain; else HW_DOMAIN_NAME.")),
  endpoint: opt(str("Another DDM endpoint (a simulator, a private region); else HW_DDM_ENDPOINT.")),
  dcsEndpoint: opt(str("Another DCS endpoint; else HW_DCS_ENDPOINT.")),
  authUrl: opt(str("IAM endpoint; else HW_AUTH_URL.")),
  bssEndpoint: opt(str("Billing service endpoint (yearly/monthly instances); else HW_BSS_ENDPOINT.")),
  cloud: opt(str('Domain suffix, e.g. "otc.t-systems.com"; else HW_CLOUD.')),
  maxRequestsPerMinute: opt(int("Client-side limit shared by every resource of this provider, DDM and DCS alike (default 60).")),
  maxRetries: opt(int("Retries per request (default 6); else HW_MAX_RETRIES.")),
  watchTogether: opt(bool("Follow every long operation of this provider together (default true).")),
  obshellPassword: opt(
    secret(str("OceanBase clusters' root@sys password, for an ObServer whose state has none (imported by id); else OBSHELL_PASSWORD.")),
  ),
};

/** The environment variables settings fall back on that the Huawei Cloud settings (provider/cloud/settings.ts) do not read. */
const SETTING_ENV: Partial<Record<keyof ProviderSettings, string>> = { obshellPassword: "OBSHELL_PASSWORD" };

/** A setting from the Provider's inputs (or stack config), else from its environment variable. */
export function settingOf(config: ConfigSource | undefined, key: keyof ProviderSettings, env: Record<string, string | undefined> = process.env): string | undefined {
  const configured = config?.get(`ddm:${key}`);
  if (configured !== undefined && configured !== "") return configured;
  const name = SETTING_ENV[key];
  return name && env[name] ? env[name] : undefined;
}

/** How to give a setting, for error messages. */
export function settingHint(key: keyof ProviderSettings): string {
  const name = SETTING_ENV[key];
  return `the provider's ${key} setting (ddm:${key} for the default provider${name ? `, or ${name}` : ""})`;
}

/**
 * The settings source a Provider's inputs make: `ddm:<key>` as the clients read stack config.
 * Values arrive as the SDKs send them (numbers and booleans, or their JSON text); empty ones are unset.
 */
export function settingsSource(inputs: Record<string, unknown>): ConfigSource {
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(inputs)) {
    if (value === undefined || value === null || key === "version") continue;
    values.set(`ddm:${key}`, typeof value === "string" ? value : JSON.stringify(value));
  }
  return { get: (key) => values.get(key) };
}
