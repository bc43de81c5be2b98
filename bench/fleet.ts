import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_SECRET_KEY, DEFAULT_SHARED_RDS, startSimulator, type CallRecord } from "../simulator";
import { TestStack } from "../tests/engine";
import { compiledProgram } from "./programs";
import { simulatorStackConfig } from "./env";

/**
 * One `up` of a whole fleet against a simulator enforcing its per-minute limit, scaled down in
 * time; then what `preview` and `preview --refresh` cost on the resulting stack.
 */

export interface FleetOptions {
  schemas: number;
  accounts: number;
  /** The simulator's limit and window; the client is told the same, as a user sets ddm:maxRequestsPerMinute. */
  limit: number;
  windowMs: number;
}

export interface FleetResult {
  resources: number;
  schemas: number;
  accounts: number;
  upOk: boolean;
  upError?: string;
  upSeconds: number;
  calls: number;
  throttled: number;
  /** Calls per window while schemas and accounts were being created, as a share of the limit. */
  fanOutRate: number;
  wholeRunRate: number;
  previewCalls: number;
  refreshCalls: number;
  destroyOk: boolean;
  leftInstances: number;
}

const PROGRAM = compiledProgram("bench", "programs", "fleet");

function rate(calls: CallRecord[], options: FleetOptions): number {
  if (calls.length < 2) return 0;
  const span = calls[calls.length - 1].at - calls[0].at;
  return span > 0 ? ((calls.length - 1) / span) * options.windowMs / options.limit : 0;
}

export async function measureFleet(options: FleetOptions): Promise<FleetResult> {
  const sim = await startSimulator({
    rateLimit: { limit: options.limit, windowMs: options.windowMs },
    durations: { createInstance: 1_000, createSchema: 300, deleteSchema: 200, deleteInstance: 300 },
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-fleet-"));
  try {
    const stack = new TestStack({
      program: PROGRAM,
      project: "ddm-fleet",
      stack: "bench",
      stateFile: path.join(dir, "state.json"),
      config: {
        ...simulatorStackConfig(sim, options.limit),
        schemas: String(options.schemas),
        accounts: String(options.accounts),
        rdsIds: DEFAULT_SHARED_RDS.map((rds) => rds.id).join(","),
      },
      secretConfig: { "ddm:secretKey": DEFAULT_SECRET_KEY, password: "Fleet#Pass2024" },
      env: { DDM_RATE_LIMIT_WINDOW_MS: String(options.windowMs), DDM_PROGRESS_INTERVAL_MS: "3600000" },
      parallel: 32,
    });
    const started = Date.now();
    const up = await stack.up().then(
      () => ({ ok: true, error: undefined }),
      (error: Error) => ({ ok: false, error: error.message }),
    );
    const upSeconds = (Date.now() - started) / 1000;
    const upCalls = sim.control.calls();
    const fanOut = upCalls.filter((c) => c.at >= (upCalls.find((x) => x.method === "POST" && x.path.endsWith("/databases"))?.at ?? Infinity));
    const resources = 1 + options.schemas + options.accounts;

    // A failed preview still counts what it spent; its error is reported with the up's.
    const errors: string[] = up.error ? [up.error] : [];
    const spent = async (operation: () => Promise<unknown>) => {
      sim.control.resetCalls();
      await operation().catch((error: Error) => errors.push(error.message));
      return sim.control.calls().length;
    };
    const previewCalls = await spent(() => stack.preview());
    const refreshCalls = await spent(() => stack.preview({ refresh: true }));

    const destroyOk = await stack.destroy().then(
      () => true,
      () => false,
    );
    return {
      resources,
      schemas: options.schemas,
      accounts: options.accounts,
      upOk: up.ok && errors.length === 0,
      upError: errors.join("; ") || undefined,
      upSeconds,
      calls: upCalls.length,
      throttled: upCalls.filter((c) => c.status === 429).length,
      fanOutRate: rate(fanOut, options),
      wholeRunRate: rate(upCalls, options),
      previewCalls,
      refreshCalls,
      destroyOk,
      leftInstances: sim.control.snapshot().instances.length,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await sim.close();
  }
}
