import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, type Simulator } from "../simulator";

/** Points the provider at a simulator through the variables users set; returns a restore function. */
export function benchEnv(sim: Simulator, extra: Record<string, string> = {}): () => void {
  const values: Record<string, string> = {
    HW_DDM_ENDPOINT: sim.url,
    HW_AUTH_URL: sim.url,
    HW_REGION_NAME: sim.region,
    HW_ACCESS_KEY: DEFAULT_ACCESS_KEY,
    HW_SECRET_KEY: DEFAULT_SECRET_KEY,
    DDM_PROGRESS_INTERVAL_MS: "3600000",
    ...extra,
  };
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** Provider config without a client-side limit: the settle benchmark measures pacing, not throttling. */
export function unlimitedConfig(): { config: { get(key: string): string | undefined; require(key: string): string } } {
  const get = (key: string) => (key === "ddm:maxRequestsPerMinute" ? "100000" : undefined);
  return { config: { get, require: (key) => get(key) ?? "" } };
}
