import { DdmClient, resolveSettings } from "../../provider/ddm/client";
import type { RetryPolicy } from "../../provider/cloud/retry";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, startSimulator, type Simulator, type SimulatorOptions } from "../../simulator";

/** Environment that points the provider at a simulator, as a user would with HW_* variables. */
export function simulatorEnv(sim: Simulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    HW_DDM_ENDPOINT: sim.url,
    HW_DCS_ENDPOINT: sim.dcs.url,
    HW_AUTH_URL: sim.url,
    HW_REGION_NAME: sim.region,
    HW_ACCESS_KEY: DEFAULT_ACCESS_KEY,
    HW_SECRET_KEY: DEFAULT_SECRET_KEY,
    ...extra,
  };
}

/** Tests are not throttled by the client unless they ask to be. */
const UNLIMITED = { get: (key: string) => (key === "ddm:maxRequestsPerMinute" ? "1000000" : undefined) };

export function clientFor(sim: Simulator, env: Record<string, string> = {}, policy: Partial<RetryPolicy> = {}): DdmClient {
  return new DdmClient(resolveSettings(UNLIMITED, simulatorEnv(sim, env)), {
    policy: { minTimeoutMs: 20, maxTimeoutMs: 200, ...policy },
  });
}

/** A simulator with fast jobs, no throttling, for tests. */
export function startTestSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({
    rateLimit: false,
    durations: { createInstance: 300, deleteInstance: 100, enlarge: 300, reduce: 300, resize: 300, adminUser: 100, createSchema: 150, deleteSchema: 100 },
    ...options,
    dcs: { durations: { createCache: 300, extendCache: 300, resizeCache: 300, deleteCache: 100 }, ...options.dcs },
  });
}

/** Sets process.env for the provider (which reads settings itself) and restores it afterwards. */
export function withEnv(values: Record<string, string>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** The stack config (`ddm:*`) that points a provider at a simulator, as the engine hands it to configure(). */
export function simulatorConfig(sim: Simulator): { get(key: string): string | undefined; require(key: string): string } {
  const env = simulatorEnv(sim);
  const values: Record<string, string> = {
    "ddm:endpoint": env.HW_DDM_ENDPOINT,
    "ddm:dcsEndpoint": env.HW_DCS_ENDPOINT,
    "ddm:authUrl": env.HW_AUTH_URL,
    "ddm:region": env.HW_REGION_NAME,
    "ddm:accessKey": env.HW_ACCESS_KEY,
    "ddm:secretKey": env.HW_SECRET_KEY,
    "ddm:maxRequestsPerMinute": "100000",
  };
  return { get: (key) => values[key], require: (key) => values[key] };
}

/** The stack config the provider tests hand to configure(): an unthrottled client, settings from HW_* variables. */
export const UNTHROTTLED_CONFIG = {
  config: { get: (key: string) => (key === "ddm:maxRequestsPerMinute" ? "100000" : undefined), require: () => "" },
} as never;

/** What the engine stores as a resource's `__provider`; providers carry it through to their outputs. */
export const SERIALIZED_PROVIDER = { __provider: "serialized-provider" };

/**
 * For the tests of one file: a simulator, and the given providers pointed at it through the
 * environment as a user would, configured as the dynamic-provider host configures them.
 */
export function withProviderSimulator(
  providers: Array<{ configure?: (request: never) => unknown }>,
  started: (sim: Simulator) => void,
  options: SimulatorOptions = {},
): void {
  let sim: Simulator;
  let restoreEnv: () => void;
  beforeAll(async () => {
    sim = await startTestSimulator(options);
    started(sim);
    restoreEnv = withEnv({ ...simulatorEnv(sim), DDM_PROGRESS_INTERVAL_MS: "600000" });
    for (const provider of providers) await provider.configure?.(UNTHROTTLED_CONFIG);
  });
  afterAll(async () => {
    restoreEnv();
    await sim.close();
  });
}
