import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_SECRET_KEY, startSimulator, type JobDurationRule } from "../simulator";
import { prng } from "../simulator/faults";
import { TestStack } from "../tests/engine";
import { compiledProgram } from "./programs";
import { simulatorStackConfig } from "./env";

/**
 * Many scale-outs in one `up`: `count` instances, each scaled 2 → 3 nodes, through the
 * resource classes and the Pulumi runtime, against a simulator enforcing the service's limit.
 * Time is scaled by `scale` (jobs, the limit's window, and the overshoot's fixed allowance), so
 * a run of 600 s jobs takes a tenth of that; the client is told the same limit and window.
 */

export interface ScaleFleetOptions {
  count: number;
  /** Each job's length at the service, before scaling: spread out, or ending together. */
  jobs: "spread" | "together";
  /** 0.1: ten times faster than the service. */
  scale: number;
  /** Follow the operations together (the watcher), or each on its own (ddm:watchTogether=false). */
  together: boolean;
  seed?: number;
}

export interface OperationSample {
  jobMs: number;
  /** From the job's end to the provider's return (its last call for the instance). */
  overshootMs: number;
  allowanceMs: number;
}

export interface ScaleFleetResult {
  options: ScaleFleetOptions;
  ok: boolean;
  error?: string;
  operations: OperationSample[];
  calls: number;
  listCalls: number;
  throttled: number;
  upMs: number;
  longestJobMs: number;
  /** From the start of the `up` to its first API call: the engine, the program, the provider process. */
  leadMs: number;
  /** From the last job's end to the end of the `up`: provider returns, the engine's bookkeeping. */
  tailMs: number;
  /** Ends more than one (scaled) second apart. */
  distinctEnds: number;
}

const PROGRAM = compiledProgram("bench", "programs", "scale-fleet");
const LIMIT = 60;
const SHORTEST_MS = 60_000;
const LONGEST_MS = 600_000;
const TOGETHER_MS = 300_000;
const SECOND = 1_000;

/** Job lengths: drawn from a fixed seed within 60–600 s, or all ending within one second. */
function durationRule(options: ScaleFleetOptions): JobDurationRule {
  const random = prng(options.seed ?? 20261201);
  const draws = Array.from({ length: options.count }, () => random());
  let firstStart: number | undefined;
  return ({ operation, instanceName, startedAt }) => {
    if (operation !== "enlarge") return undefined;
    const index = Number(/^scale-(\d+)$/.exec(instanceName)?.[1]);
    const draw = draws[index] ?? 0;
    if (options.jobs === "spread") return Math.round((SHORTEST_MS + draw * (LONGEST_MS - SHORTEST_MS)) * options.scale);
    firstStart ??= startedAt;
    return Math.round(firstStart + (TOGETHER_MS + draw * SECOND) * options.scale - startedAt);
  };
}

function distinct(ends: number[], withinMs: number): number {
  let clusters = 0;
  let start = -Infinity;
  for (const end of [...ends].sort((a, b) => a - b)) {
    if (end - start > withinMs) {
      clusters++;
      start = end;
    }
  }
  return clusters;
}

export async function measureScaleFleet(options: ScaleFleetOptions): Promise<ScaleFleetResult> {
  const windowMs = Math.round(60_000 * options.scale);
  const sim = await startSimulator({
    rateLimit: { limit: LIMIT, windowMs },
    durations: { createInstance: 1_000, deleteInstance: 300 },
    jobDuration: durationRule(options),
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-scale-fleet-"));
  try {
    const stack = new TestStack({
      program: PROGRAM,
      project: "ddm-scale-fleet",
      stack: "bench",
      stateFile: path.join(dir, "state.json"),
      config: {
        ...simulatorStackConfig(sim, LIMIT),
        "ddm:watchTogether": String(options.together),
        count: String(options.count),
        nodes: "2",
      },
      secretConfig: { "ddm:secretKey": DEFAULT_SECRET_KEY },
      env: { DDM_RATE_LIMIT_WINDOW_MS: String(windowMs), DDM_PROGRESS_INTERVAL_MS: "3600000" },
      parallel: options.count,
    });
    await stack.up();
    // Let the creates' calls leave the limiter's window, so the measured up starts afresh.
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    sim.control.resetCalls();
    stack.setConfig("nodes", "3");
    const started = Date.now();
    const up = await stack.up().then(
      () => ({ ok: true, error: undefined }),
      (error: Error) => ({ ok: false, error: error.message }),
    );
    const upMs = Date.now() - started;
    const calls = sim.control.calls();
    const jobs = sim.control.jobs().filter((job) => job.name === "EnlargeNode" && job.createdAt >= started);
    const operations = jobs.map((job): OperationSample => {
      const returnedAt = Math.max(...calls.filter((call) => call.path.includes(job.instanceId)).map((call) => call.at));
      const jobMs = job.endsAt - job.createdAt;
      return { jobMs, overshootMs: returnedAt - (job.completedAt ?? job.endsAt), allowanceMs: SECOND * options.scale + 0.02 * jobMs };
    });
    return {
      options,
      ok: up.ok && jobs.length === options.count,
      error: up.error,
      operations,
      calls: calls.length,
      listCalls: calls.filter((call) => /\/(jobs|instances)$/.test(call.path) && call.method === "GET").length,
      throttled: calls.filter((call) => call.status === 429).length,
      upMs,
      leadMs: calls.length ? calls[0].at - started : 0,
      tailMs: started + upMs - Math.max(...jobs.map((job) => job.completedAt ?? job.endsAt)),
      longestJobMs: Math.max(...operations.map((op) => op.jobMs)),
      distinctEnds: distinct(
        jobs.map((job) => job.endsAt),
        SECOND * options.scale,
      ),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await sim.close();
  }
}

/** The floor: per operation its submit and its node listing, and one list call per distinct end. */
export function floorCallsPerOperation(result: ScaleFleetResult): number {
  return (2 * result.options.count + result.distinctEnds) / result.options.count;
}
