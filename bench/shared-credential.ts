import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_SECRET_KEY, startSimulator, type CallRecord, type Simulator } from "../simulator";
import { CliStack, findPulumiCli, NO_CLI_REASON } from "../tests/engine";
import { installConsumer, packedPackage, packPackage, type OwnProgram } from "../tests/support/consumer";
import { simulatorStackConfig } from "./env";

/**
 * Several stacks deployed at once with one credential, each by the real `pulumi` CLI, the package
 * installed from its tarball into a plain JS program: K concurrent `up`s, then K concurrent
 * `destroy`s; and one stack's `up`, `preview --refresh` and `destroy` back to back. The simulator
 * enforces the per-credential limit on a rolling window across every connection; time is scaled
 * (the window and the limit's advice with it), and each run is told the same limit and window.
 */

export const LIMIT = 60;
const INSTANCES = 3;
const JOB_MS = 1_500;
const MOST_STACKS = 8;

/** RDS instances for every schema of every stack: a schema's data node may not serve another instance's. */
const RDS = Array.from({ length: MOST_STACKS * INSTANCES + 1 }, (_, i) => ({ id: `5ad1e0b0c0de4d2b9a7e3f1c0d0e${(0x1000 + i).toString(16)}in01`, name: `rds-bench-${i}` }));

/** A plain JS program: three instances, a schema on each; `prefix` keeps the stacks' names apart. */
const PROGRAM = `const pulumi = require("@pulumi/pulumi");
const { DdmInstance, DdmSchema } = require("pulumi-ddm");
const cfg = new pulumi.Config();
const prefix = cfg.require("prefix");
const rdsIds = cfg.require("rdsIds").split(",");
const password = cfg.requireSecret("password");
for (let i = 0; i < ${INSTANCES}; i++) {
  const ddm = new DdmInstance(\`ddm-\${i}\`, {
    name: \`\${prefix}-ddm-\${i}\`, flavor: "ddm.c6.2xlarge.2", nodeNum: 2, availabilityZones: ["az1"],
    vpcId: "vpc-bench", subnetId: "subnet-bench", securityGroupId: "sg-bench",
  });
  new DdmSchema(\`schema-\${i}\`, {
    instanceId: ddm.instanceId, name: \`db_\${i}\`, shardMode: "cluster", shardNumber: 2, shardUnit: 2,
    dataNodes: [{ id: rdsIds[i % rdsIds.length], adminUser: "root", adminPassword: password }],
  });
}
`;

/**
 * The program installed from a tarball of the package: this checkout's, packed once per run, or
 * the one at `root` (an earlier commit's checkout, built).
 */
export function installBenchProgram(root?: string): OwnProgram {
  const sdk = (JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as { version: string }).version;
  if (root === undefined) return installConsumer(packedPackage(), sdk, PROGRAM);
  const packDir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-pack-"));
  try {
    return installConsumer(packPackage(packDir, root), sdk, PROGRAM);
  } finally {
    fs.rmSync(packDir, { recursive: true, force: true });
  }
}

export interface SharedCredentialOptions {
  /** 0.1: the window is 6 s instead of a minute. */
  scale: number;
  /** Where the runs share the credential's calls; "off": each on its own, as on separate machines. */
  sharedLimitDir: string;
  /** Each run's `ddm:maxRequestsPerMinute` (scaled with the window like the limit); the service's limit when unset. */
  ceiling?: number;
}

export interface PhaseResult {
  runs: number;
  failed: number;
  errors: string[];
  calls: number;
  throttled: number;
  /** Admitted calls per window while at least two runs were making calls (`contendedSpans`), as a share of the limit. */
  contendedRate?: number;
  /** From the phase's first call to its last. */
  wallMs: number;
  /** Admitted calls ÷ the limit, in time. */
  floorMs: number;
}

export interface ContentionResult {
  runs: number;
  /** The machine's one-minute load average as the ups started and as the destroys ended (its cores are shared). */
  load?: [start: number, end: number];
  up: PhaseResult;
  destroy: PhaseResult;
  /** Instances and schemas still in the simulator after the destroys. */
  left: number;
}

export interface BackToBackResult {
  load?: [start: number, end: number];
  failed: number;
  errors: string[];
  calls: number;
  throttled: number;
  wallMs: number;
  floorMs: number;
}

const admitted = (calls: readonly CallRecord[]) => calls.filter((call) => call.status !== 429);

/**
 * Which run a call was for, when it names one of that run's resources: an instance or schema
 * path with the instance's id, or a create whose body names it (the runs' resource names start
 * with their prefixes). Listings, engines, flavors and jobs name no run.
 */
function runOf(call: CallRecord, prefixes: readonly string[], instanceRun: ReadonlyMap<string, number>): number | undefined {
  const id = /\/instances\/([^/]+)/.exec(call.path)?.[1];
  if (id !== undefined) return instanceRun.get(id);
  const name = (call.body as { instance?: { name?: unknown } } | undefined)?.instance?.name;
  if (typeof name !== "string") return undefined;
  const run = prefixes.findIndex((prefix) => name.startsWith(`${prefix}-`));
  return run < 0 ? undefined : run;
}

/** The spans (ms) during which at least two runs were making calls: each run from its first call naming one of its resources to its last. */
export function contendedSpans(activity: ReadonlyArray<{ first: number; last: number }>): Array<[from: number, to: number]> {
  const edges = activity.flatMap(({ first, last }) => [{ at: first, step: 1 }, { at: last, step: -1 }]).sort((a, b) => a.at - b.at || b.step - a.step);
  const spans: Array<[number, number]> = [];
  let active = 0;
  for (const { at, step } of edges) {
    if (active >= 2 && step < 0 && active + step < 2) spans[spans.length - 1][1] = at;
    active += step;
    if (active === 2 && step > 0) spans.push([at, at]);
  }
  return spans.filter(([from, to]) => to > from);
}

/**
 * Admitted calls per window, as a share of the limit, while at least two runs were making calls
 * (not while a CLI started or its engine finished with no call asked for); none under two windows
 * of it in all, where a rolling window's burst is no rate.
 */
function contendedRate(calls: readonly CallRecord[], prefixes: readonly string[], instanceRun: ReadonlyMap<string, number>, windowMs: number): number | undefined {
  const activity = prefixes.map(() => ({ first: Infinity, last: -Infinity }));
  for (const call of calls) {
    const run = runOf(call, prefixes, instanceRun);
    if (run === undefined) continue;
    activity[run].first = Math.min(activity[run].first, call.at);
    activity[run].last = Math.max(activity[run].last, call.at);
  }
  const spans = contendedSpans(activity.filter(({ first }) => Number.isFinite(first)));
  const length = spans.reduce((sum, [from, to]) => sum + to - from, 0);
  if (!(length >= 2 * windowMs)) return undefined;
  const inside = admitted(calls).filter((call) => spans.some(([from, to]) => call.at >= from && call.at <= to)).length;
  return inside / (length / windowMs) / LIMIT;
}

/** Instance ids by the run (index in `prefixes`) whose instance it is. */
function instanceRuns(sim: Simulator, prefixes: readonly string[]): Map<string, number> {
  const runs = new Map<string, number>();
  for (const instance of sim.control.snapshot().instances) {
    const run = prefixes.findIndex((prefix) => instance.name.startsWith(`${prefix}-`));
    if (run >= 0) runs.set(instance.id, run);
  }
  return runs;
}

/** Runs `operation` on every stack at once; what it cost. */
async function phase(sim: Simulator, stacks: readonly CliStack[], prefixes: readonly string[], operation: (stack: CliStack) => Promise<unknown>, windowMs: number): Promise<PhaseResult> {
  sim.control.resetCalls();
  const before = instanceRuns(sim, prefixes);
  const results = await Promise.allSettled(stacks.map(operation));
  const calls = sim.control.calls();
  const instanceRun = new Map([...before, ...instanceRuns(sim, prefixes)]);
  const errors = results.flatMap((result) => (result.status === "rejected" ? [lastLines(String((result.reason as Error).message ?? result.reason))] : []));
  const times = calls.map((call) => call.at);
  return {
    runs: results.length,
    failed: errors.length,
    errors,
    calls: calls.length,
    throttled: calls.length - admitted(calls).length,
    contendedRate: contendedRate(calls, prefixes, instanceRun, windowMs),
    wallMs: times.length ? Math.max(...times) - Math.min(...times) : 0,
    floorMs: (admitted(calls).length / LIMIT) * windowMs,
  };
}

/** The CLI's error, without its long preamble. */
function lastLines(text: string): string {
  const lines = text.split("\n").filter((line) => /error|failed/i.test(line));
  return (lines.slice(-2).join(" ").trim() || text.slice(-300)).replace(/\s+/g, " ").slice(0, 300);
}

interface Bench {
  sim: Simulator;
  windowMs: number;
  stack(prefix: string, index: number): CliStack;
  close(): Promise<void>;
}

async function bench(program: OwnProgram, options: SharedCredentialOptions): Promise<Bench> {
  const cli = findPulumiCli();
  if (!cli) throw new Error(NO_CLI_REASON);
  const windowMs = Math.round(60_000 * options.scale);
  const sim = await startSimulator({
    rateLimit: { limit: LIMIT, windowMs },
    durations: { createInstance: JOB_MS, deleteInstance: JOB_MS, createSchema: JOB_MS, deleteSchema: JOB_MS },
    sharedRds: RDS,
  });
  const stacks: CliStack[] = [];
  return {
    sim,
    windowMs,
    stack(prefix, index) {
      const stack = new CliStack({
        projectDir: program.dir,
        stack: prefix,
        cli,
        config: { ...simulatorStackConfig(sim, options.ceiling ?? LIMIT), prefix, rdsIds: RDS.slice(index * INSTANCES, (index + 1) * INSTANCES).map((rds) => rds.id).join(",") },
        secretConfig: { "ddm:secretKey": DEFAULT_SECRET_KEY, password: "Bench#Pass2024" },
        env: { DDM_RATE_LIMIT_WINDOW_MS: String(windowMs), DDM_PROGRESS_INTERVAL_MS: "3600000", DDM_SHARED_LIMIT_DIR: options.sharedLimitDir },
      });
      stacks.push(stack);
      return stack;
    },
    async close() {
      await Promise.all(stacks.map((stack) => stack.dispose()));
      await sim.close();
    },
  };
}

const left = (sim: Simulator) => sim.control.snapshot().instances.reduce((sum, instance) => sum + 1 + instance.schemas.length, 0);

/** K stacks' `up`s at once, then their `destroy`s at once. */
export async function measureContention(program: OwnProgram, runs: number, options: SharedCredentialOptions): Promise<ContentionResult> {
  const run = await bench(program, options);
  const load = os.loadavg()[0];
  try {
    const prefixes = Array.from({ length: runs }, (_, i) => `k${runs}s${i}`);
    const stacks = prefixes.map((prefix, i) => run.stack(prefix, i));
    const up = await phase(run.sim, stacks, prefixes, (stack) => stack.up(), run.windowMs);
    const destroy = await phase(run.sim, stacks, prefixes, (stack) => stack.destroy(), run.windowMs);
    return { runs, load: [load, os.loadavg()[0]], up, destroy, left: left(run.sim) };
  } finally {
    await run.close();
  }
}

/** One stack: `up`, `preview --refresh`, `destroy`, each started as the one before ends. */
export async function measureBackToBack(program: OwnProgram, options: SharedCredentialOptions): Promise<BackToBackResult> {
  const run = await bench(program, options);
  try {
    const load = os.loadavg()[0];
    const stack = run.stack("b2b", 0);
    const errors: string[] = [];
    for (const step of [() => stack.up(), () => stack.preview({ refresh: true }), () => stack.destroy()]) {
      await step().catch((error: Error) => errors.push(lastLines(error.message)));
    }
    const calls = run.sim.control.calls();
    const times = calls.map((call) => call.at);
    return {
      load: [load, os.loadavg()[0]],
      failed: errors.length + (left(run.sim) > 0 ? 1 : 0),
      errors,
      calls: calls.length,
      throttled: calls.length - admitted(calls).length,
      wallMs: times.length ? Math.max(...times) - Math.min(...times) : 0,
      floorMs: (admitted(calls).length / LIMIT) * run.windowMs,
    };
  } finally {
    await run.close();
  }
}
