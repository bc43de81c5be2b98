import { flag, normalizeUrl, positiveInteger, resolveCredentials, SettingsError } from "../cloud/settings";
import { isUnknown, type Props } from "../resource/values";
import { settingsSource, type ProviderSettings } from "./config";
import type { CheckFailure } from "../resource/validation";

/**
 * A Provider's settings checked as given, before any call: each value by the rule the clients
 * apply when they read it (provider/cloud/settings.ts), plus the form of a region, a project id and
 * a domain. Settings left out are not required here: the environment may give them, and a
 * program of ObServers needs none.
 */

type Setting = keyof ProviderSettings;

/** A check of one value: throws a SettingsError saying the rule. */
type ValueCheck = (name: string, raw: string) => void;

const form =
  (pattern: RegExp, rule: string): ValueCheck =>
  (name, raw) => {
    if (!pattern.test(raw)) throw new SettingsError(`${name} ${rule}, got "${raw}".`);
  };

const CHECKS: Partial<Record<Setting, ValueCheck>> = {
  region: form(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a region name such as "ap-southeast-1" (lowercase letters, digits and hyphens)'),
  projectId: form(/^[0-9a-f]{32}$/i, "must be a project id as IAM gives it: 32 hexadecimal characters"),
  cloud: form(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'must be a domain suffix such as "myhuaweicloud.com"'),
  endpoint: normalizeUrl,
  dcsEndpoint: normalizeUrl,
  authUrl: normalizeUrl,
  bssEndpoint: normalizeUrl,
  maxRequestsPerMinute: (name, raw) => positiveInteger(name, raw, 0),
  maxRetries: (name, raw) => positiveInteger(name, raw, 0),
  watchTogether: (name, raw) => flag(name, raw, true),
};

const CREDENTIALS: readonly Setting[] = ["accessKey", "secretKey", "userName", "password"];

function failure(property: string, check: () => void): CheckFailure[] {
  try {
    check();
    return [];
  } catch (error) {
    if (error instanceof SettingsError) return [{ property, reason: error.message }];
    throw error;
  }
}

/** What is wrong with a Provider's settings (plain values; unknown ones are checked once known). */
export function checkProviderSettings(settings: Props): CheckFailure[] {
  const config = settingsSource(Object.fromEntries(Object.entries(settings).filter(([, value]) => !isUnknown(value))));
  const failures: CheckFailure[] = [];
  for (const [key, check] of Object.entries(CHECKS) as Array<[Setting, ValueCheck]>) {
    const raw = config.get(`ddm:${key}`);
    if (raw !== undefined && raw !== "") failures.push(...failure(key, () => check(`ddm:${key}`, raw)));
  }
  // Credentials are a group from one source: half of a pair in the settings is an error even when the environment has the other half.
  const given = CREDENTIALS.filter((key) => config.get(`ddm:${key}`));
  if (given.length) failures.push(...failure(given[0], () => resolveCredentials(config, {})));
  return failures;
}
