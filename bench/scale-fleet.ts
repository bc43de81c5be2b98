import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_SECRET_KEY, startSimulator, type CallRecord, type DcsDurationRule, type JobDurationRule } from "../simulator";
import { prng } from "../simulator/faults";
import { TestStack } from "../tests/engine";
import { compiledProgram } from "./programs";
import { timeScale, type TimeScale } from "../tests/support/time-scale";
import { simulatorStackConfig } from "./env";

/**
 * Many scale-outs in one `up`: `count` instances, each scaled 2 → 3 nodes, and `caches` Redis
 * caches, each extended 1 → 4 GB, through the resource classes and the Pulumi runtime, against a
 * simulator enforcing the service's limit. Time is scaled by `scale` (jobs and cache changes, the
 * limit's window, and the overshoot's fixed allowance), so a run of 600 s jobs takes a tenth of
 * that; the client is told the same limit and window, one credential for both services.
 */

export interface ScaleFleetOptions {
  count: number;
  /** DCS caches changed in the same `up` (0 by default), their lengths drawn like the jobs'. */
  caches?: number;
  /** Each job's length at the service, before scaling: spread out, or ending together. */
  jobs: "spread" | "together";
  /** 0.1: ten times faster than the service. */
  scale: number;
  /** Follow the operations together (the watcher), or each on its own (ddm:watchTogether=false). */
  together: boolean;
  seed?: number;
}

export interface OperationSample {
  service: "ddm" | "dcs";
  /** The job's length; for a cache, from the submit until it is idle with the new size. */
  jobMs: number;
  /** From the job's end (a cache idle with the new size) to the provider's return (its last call for the instance). */
  overshootMs: number;
  allowanceMs: number;
}

export interface ScaleFleetResult {
  options: ScaleFleetOptions;
  ok: boolean;
  error?: string;
  operations: OperationSample[];
  calls: number;
  /** Calls each service's endpoint received (DDM's includes IAM's). */
  serviceCalls: Record<OperationSample["service"], number>;
  /** Calls that follow no operation: submits, flavor and node lookups. */
  otherCalls: number;
  listCalls: number;
  throttled: number;
  upMs: number;
  longestJobMs: number;
  /** From the start of the `up` to its first API call: the engine, the program, the provider process. */
  leadMs: number;
  /** From the last job's end to the end of the `up`: provider returns, the engine's bookkeeping. */
  tailMs: number;
  /** DDM job ends more than one (scaled) second apart. */
  distinctEnds: number;
}

const PROGRAM = compiledProgram("bench", "programs", "scale-fleet");
const LIMIT = 60;
const SHORTEST_MS = 60_000;
const LONGEST_MS = 600_000;
const TOGETHER_MS = 300_000;
const SECOND = 1_000;

/**
 * Lengths by instance name (`scale-<i>`, `cache-<i>`): drawn from a fixed seed within 60–600 s,
 * or all ending within one second. Caches draw after the DDM instances, so adding caches leaves
 * the jobs' lengths as they were.
 */
function lengthOf(options: ScaleFleetOptions, time: TimeScale): (name: string, startedAt: number) => number {
  const random = prng(options.seed ?? 20261201);
  const draws = Array.from({ length: options.count + (options.caches ?? 0) }, () => random());
  let firstStart: number | undefined;
  return (name, startedAt) => {
    const [, kind, index] = /^(scale|cache)-(\d+)$/.exec(name) ?? [];
    const draw = draws[(kind === "cache" ? options.count : 0) + Number(index)] ?? 0;
    if (options.jobs === "spread") return time.ms(SHORTEST_MS + draw * (LONGEST_MS - SHORTEST_MS));
    firstStart ??= startedAt;
    return firstStart + time.ms(TOGETHER_MS + draw * SECOND) - startedAt;
  };
}

function durationRule(length: (name: string, startedAt: number) => number): JobDurationRule {
  return ({ operation, instanceName, startedAt }) => (operation === "enlarge" ? length(instanceName, startedAt) : undefined);
}

interface CacheChange {
  name: string;
  startedAt: number;
  /** As the simulator shows it: busy for the length, then RUNNING with the new size and a task for a tenth of it. */
  idleAt: number;
}

function cacheRule(length: (name: string, startedAt: number) => number, changes: CacheChange[]): DcsDurationRule {
  return ({ operation, instanceName, startedAt }) => {
    if (operation !== "extendCache" && operation !== "resizeCache") return undefined;
    const ms = length(instanceName, startedAt);
    changes.push({ name: instanceName, startedAt, idleAt: startedAt + ms + Math.round(ms / 10) });
    return ms;
  };
}

/** Reads and listings of jobs and instances, and DCS background tasks: what following operations costs. */
const isPoll = (call: CallRecord) => call.method === "GET" && /\/(jobs|instances)(\/[^/]+)?$|\/tasks(\/[^/]+\/progress)?$/.test(call.path);
const isListing = (call: CallRecord) => call.method === "GET" && /\/(jobs|instances)$/.test(call.path);
const lastCallFor = (calls: readonly CallRecord[], id: string) => Math.max(...calls.filter((call) => call.path.includes(id)).map((call) => call.at));

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
  const time = timeScale(options.scale);
  const caches = options.caches ?? 0;
  const length = lengthOf(options, time);
  const cacheChanges: CacheChange[] = [];
  const sim = await startSimulator({
    rateLimit: time.rateLimit(LIMIT),
    durations: { createInstance: 1_000, deleteInstance: 300 },
    jobDuration: durationRule(length),
    dcs: { durations: { createCache: 1_000, deleteCache: 300 }, changeDuration: cacheRule(length, cacheChanges) },
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
        "ddm:dcsEndpoint": sim.dcs.url,
        "ddm:watchTogether": String(options.together),
        count: String(options.count),
        nodes: "2",
        caches: String(caches),
        cacheGb: "1",
      },
      secretConfig: { "ddm:secretKey": DEFAULT_SECRET_KEY, cachePassword: "Bench#Pass2024" },
      env: { ...time.clientEnv, DDM_PROGRESS_INTERVAL_MS: "3600000" },
      parallel: options.count + caches,
      // The longest change, its tail, and the rest of the up, with room to spare.
      timeoutMs: Math.max(600_000, 3 * time.ms(LONGEST_MS)),
    });
    await stack.up();
    // Let the creates' calls leave the limiter's window, so the measured up starts afresh.
    await new Promise((resolve) => setTimeout(resolve, time.windowMs));
    sim.control.resetCalls();
    sim.dcs.control.resetCalls();
    stack.setConfig("nodes", "3");
    stack.setConfig("cacheGb", "4");
    const started = Date.now();
    const up = await stack.up().then(
      () => ({ ok: true, error: undefined }),
      (error: Error) => ({ ok: false, error: error.message }),
    );
    const upMs = Date.now() - started;
    const ddmCalls = sim.control.calls();
    const dcsCalls = sim.dcs.control.calls();
    const calls = [...ddmCalls, ...dcsCalls];
    const jobs = sim.control.jobs().filter((job) => job.name === "EnlargeNode" && job.createdAt >= started);
    const ddmOps = jobs.map((job): OperationSample => {
      const jobMs = job.endsAt - job.createdAt;
      return { service: "ddm", jobMs, overshootMs: lastCallFor(ddmCalls, job.instanceId) - (job.completedAt ?? job.endsAt), allowanceMs: time.allowanceMs(jobMs) };
    });
    const idOf = new Map(sim.dcs.control.snapshot().instances.map((instance) => [instance.name, instance.id]));
    const changes = cacheChanges.filter((change) => change.startedAt >= started);
    const cacheOps = changes.map((change): OperationSample => {
      const jobMs = change.idleAt - change.startedAt;
      return { service: "dcs", jobMs, overshootMs: lastCallFor(dcsCalls, idOf.get(change.name)!) - change.idleAt, allowanceMs: time.allowanceMs(jobMs) };
    });
    const operations = [...ddmOps, ...cacheOps];
    const ends = [...jobs.map((job) => job.completedAt ?? job.endsAt), ...changes.map((change) => change.idleAt)];
    const counted = jobs.length === options.count && cacheOps.length === caches;
    return {
      options,
      ok: up.ok && counted,
      error: up.error ?? (counted ? undefined : `counted ${jobs.length} DDM scale-out jobs and ${cacheOps.length} cache changes, for ${options.count} and ${caches}`),
      operations,
      calls: calls.length,
      serviceCalls: { ddm: ddmCalls.length, dcs: dcsCalls.length },
      otherCalls: calls.filter((call) => !isPoll(call)).length,
      listCalls: calls.filter(isListing).length,
      throttled: calls.filter((call) => call.status === 429).length,
      upMs,
      leadMs: calls.length ? Math.min(...calls.map((call) => call.at)) - started : 0,
      tailMs: started + upMs - Math.max(...ends),
      longestJobMs: Math.max(...operations.map((op) => op.jobMs)),
      distinctEnds: distinct(
        jobs.map((job) => job.endsAt),
        time.ms(SECOND),
      ),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await sim.close();
  }
}

/**
 * The floor: the calls that follow no operation (submits, lookups, node listings), one listing
 * per distinct DDM end, and for each cache the three calls no listing can share: the listing of
 * its background tasks that finds its change's task, one read of that task's progress (the
 * progress of several tasks is not listed together), and one read of its instance at the end
 * (the instance listing shows no `task`).
 */
export function floorCallsPerOperation(result: ScaleFleetResult): number {
  const caches = result.options.caches ?? 0;
  return (result.otherCalls + result.distinctEnds + 3 * caches) / (result.options.count + caches);
}
