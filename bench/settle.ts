import type { CallRecord, JobRecord, Simulator } from "../simulator";
import { startSimulator } from "../simulator";
import { instanceProvider } from "../provider/ddm/instance";
import type { Clock } from "../provider/cloud/rate-limiter";
import { waitFor, type Observation } from "../provider/wait";
import { benchEnv, realLimitConfig, unlimitedConfig } from "./env";

/**
 * Settling long operations: how long after the simulator marks a job Completed the provider
 * method returns (overshoot), and how many API calls it spends from submit to return.
 */

export type SettledOperation = "create" | "enlarge" | "resize";

export interface SettleSample {
  operation: SettledOperation;
  jobMs: number;
  overshootMs: number;
  calls: number;
}

const JOB_NAMES: Record<SettledOperation, string> = { create: "CreateInstance", enlarge: "EnlargeNode", resize: "ResizeFlavor" };

function instanceInputs(name: string) {
  return {
    name,
    flavor: "ddm.c6.2xlarge.2",
    nodeNum: 1,
    availabilityZones: ["az1"],
    vpcId: "vpc-bench",
    subnetId: "subnet-bench",
    securityGroupId: "sg-bench",
    timeouts: { create: 30, update: 30 },
  };
}

interface Settled {
  operation: SettledOperation;
  instanceId: string;
  job: JobRecord;
  returnedAt: number;
}

function settled(sim: Simulator, operation: SettledOperation, instanceId: string, returnedAt: number): Settled {
  const job = sim.control
    .jobs()
    .filter((j: JobRecord) => j.instanceId === instanceId && j.name === JOB_NAMES[operation])
    .sort((a, b) => b.createdAt - a.createdAt)[0];
  if (!job?.completedAt) throw new Error(`no completed ${JOB_NAMES[operation]} job for ${instanceId}`);
  return { operation, instanceId, job, returnedAt };
}

const isListing = (call: CallRecord) => call.method === "GET" && /\/v\d\/[^/]+\/(jobs|instances)$/.test(call.path);

/**
 * Calls from submit to return. A listing answers for every operation waiting at the time, so
 * each of them is charged its share.
 */
function samples(calls: CallRecord[], all: Settled[]): SettleSample[] {
  // The submit arrives a moment before the job is recorded; the window starts just before it.
  const within = (call: CallRecord, s: Settled) => call.at >= s.job.createdAt - 50 && call.at <= s.returnedAt;
  return all.map((s) => {
    const own = (call: CallRecord) =>
      call.path.includes(s.instanceId) || call.path.includes(s.job.id) || (s.operation === "create" && call.method === "POST" && /\/instances$/.test(call.path));
    let count = 0;
    for (const call of calls) {
      if (!within(call, s)) continue;
      if (own(call)) count += 1;
      else if (isListing(call)) count += 1 / all.filter((other) => within(call, other)).length;
    }
    return { operation: s.operation, jobMs: s.job.endsAt - s.job.createdAt, overshootMs: s.returnedAt - s.job.completedAt!, calls: Math.round(count * 10) / 10 };
  });
}

async function lifecycle(sim: Simulator, name: string): Promise<Settled[]> {
  const done: Settled[] = [];
  const inputs = instanceInputs(name);
  const created = await instanceProvider.create(inputs);
  done.push(settled(sim, "create", created.id, Date.now()));
  const out = await instanceProvider.update(created.id, created.outs, { ...inputs, nodeNum: 2 });
  done.push(settled(sim, "enlarge", created.id, Date.now()));
  await instanceProvider.update(created.id, out.outs!, { ...inputs, nodeNum: 2, flavor: "ddm.c6.4xlarge.2" });
  done.push(settled(sim, "resize", created.id, Date.now()));
  return done;
}

/**
 * Creates `reps` instances, then scales each out, then changes each one's class, every job
 * lasting `jobMs`. Runs in its own process (see settle-worker.ts): the provider's settings are
 * process-wide.
 *
 * Unlimited, the instances run side by side and neither side throttles: pacing alone. With
 * `realLimit`, the service's real limit applies on both sides (60 calls a minute, the client's
 * default) at real job lengths, one instance after another: every preliminary lookup and every
 * poll then costs about a second, as it does against the service, so an estimate measured from
 * the wrong moment shows.
 */
export async function measureSettle(jobMs: number, reps: number, realLimit = false): Promise<SettleSample[]> {
  const sim = await startSimulator({
    rateLimit: realLimit ? { limit: 60, windowMs: 60_000 } : false,
    durations: { createInstance: jobMs, enlarge: jobMs, resize: jobMs, deleteInstance: 200 },
  });
  const restore = benchEnv(sim);
  try {
    await instanceProvider.configure(realLimit ? realLimitConfig() : unlimitedConfig());
    const all: Settled[] = [];
    if (!realLimit) all.push(...(await Promise.all(Array.from({ length: reps }, (_, i) => lifecycle(sim, `bench-${jobMs}-${i}`)))).flat());
    else for (let i = 0; i < reps; i++) all.push(...(await lifecycle(sim, `bench-${jobMs}-limited-${i}`)));
    return samples(sim.control.calls(), all);
  } finally {
    restore();
    await sim.close();
  }
}

/**
 * The same waiter against a modeled job (linear progress, whole percentages, as the service
 * reports), on a virtual clock: what the pacing costs for durations too long to run here.
 */
export async function modelSettle(jobMs: number): Promise<{ calls: number; overshootMs: number }> {
  let time = 0;
  const clock: Clock = { now: () => time, sleep: async (ms) => void (time += ms) };
  let polls = 0;
  const observe = async (): Promise<Observation<number>> => {
    polls++;
    return time >= jobMs ? { state: "done", value: time } : { state: "pending", progress: Math.floor((time / jobMs) * 100) };
  };
  const seenAt = await waitFor({ label: "model", observe, timeoutMs: 24 * 3_600_000, startedAt: 0, clock });
  // Submit, the job polls, and one read of the instance.
  return { calls: 1 + polls + 1, overshootMs: seenAt - jobMs };
}
