import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, type Simulator } from "../simulator";
import { withEnv } from "../tests/support/simulator";

/** Points the provider at a simulator through the variables users set; returns a restore function. */
export function benchEnv(sim: Simulator, extra: Record<string, string> = {}): () => void {
  const values: Record<string, string> = {
    HW_DDM_ENDPOINT: sim.url,
    HW_DCS_ENDPOINT: sim.dcs.url,
    HW_AUTH_URL: sim.url,
    HW_REGION_NAME: sim.region,
    HW_ACCESS_KEY: DEFAULT_ACCESS_KEY,
    HW_SECRET_KEY: DEFAULT_SECRET_KEY,
    DDM_PROGRESS_INTERVAL_MS: "3600000",
    ...extra,
  };
  return withEnv(values);
}

/** Provider config with the client's default limit: the service's 60 calls a minute. */
export function realLimitConfig(): { config: { get(key: string): string | undefined; require(key: string): string } } {
  return { config: { get: () => undefined, require: () => "" } };
}

/** Provider config without a client-side limit: the settle benchmark measures pacing, not throttling. */
export function unlimitedConfig(): { config: { get(key: string): string | undefined; require(key: string): string } } {
  const get = (key: string) => (key === "ddm:maxRequestsPerMinute" ? "100000" : undefined);
  return { config: { get, require: (key) => get(key) ?? "" } };
}

/** Stack config pointing a benchmark program at a simulator, with the client told the service's limit. */
export function simulatorStackConfig(sim: Simulator, limit: number): Record<string, string> {
  return {
    "ddm:endpoint": sim.url,
    "ddm:authUrl": sim.url,
    "ddm:region": sim.region,
    "ddm:projectId": sim.projectId,
    "ddm:accessKey": DEFAULT_ACCESS_KEY,
    "ddm:maxRequestsPerMinute": String(limit),
  };
}
