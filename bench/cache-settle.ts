import type { Clock } from "../provider/cloud/rate-limiter";
import { cacheProvider } from "../provider/dcs/cache";
import { cacheLooks, capacityOf, MAX_POLL_INTERVAL_MS } from "../provider/dcs/cache/settle";
import { observeTaskProgress } from "../provider/dcs/cache/task";
import type { CacheInstance, TaskProgress } from "../provider/dcs/client/types";
import { confirmedTwice, waitFor, type Observation } from "../provider/wait";
import { Watcher, type Feed } from "../provider/watch";
import { virtualTimer } from "../tests/support/virtual-timer";
import { startSimulator, type CallRecord, type Simulator } from "../simulator";
import { newTask, progressView, TASK_SUCCESS } from "../simulator/dcs/tasks";
import { benchEnv, unlimitedConfig } from "./env";

/**
 * How soon a cache's extend or resize is noticed: DCS has no job, so the provider follows the
 * instance until RUNNING with no task and the new size, twice in a row. Overshoot is from the
 * moment the simulator's instance is idle with the new size (the operation's end plus the
 * `task` tail) to the provider's return; calls are those from the submit to the return.
 */

export type CacheOperation = "extend" | "resize";

export interface CacheSample {
  operation: CacheOperation;
  jobMs: number;
  overshootMs: number;
  calls: number;
}

const TAIL = (jobMs: number) => Math.round(jobMs / 10);

function cacheInputs(name: string, capacity: number) {
  return {
    name,
    engine: "Redis",
    engineVersion: "5.0",
    capacity,
    specCode: `redis.single.xu1.large.${capacity}`,
    availabilityZones: ["az1"],
    vpcId: "vpc-bench",
    subnetId: "subnet-bench",
    password: "Bench#Pass2024",
    timeouts: { create: 30, update: 30 },
  };
}

function sample(sim: Simulator, operation: CacheOperation, instanceId: string, jobMs: number, returnedAt: number): CacheSample {
  const calls = sim.dcs.control.calls().filter((c: CallRecord) => c.path.includes(instanceId));
  const submit = calls.filter((c) => c.path.endsWith(`/${operation}`) && c.status === 204).pop();
  if (!submit) throw new Error(`no accepted ${operation} for ${instanceId}`);
  const idleAt = submit.at + jobMs + TAIL(jobMs);
  return { operation, jobMs, overshootMs: returnedAt - idleAt, calls: calls.filter((c) => c.at >= submit.at && c.at <= returnedAt).length };
}

/** `reps` caches side by side: each grown 1 → 4 GB (extend), then shrunk 4 → 2 GB (resize). Own process: settings are process-wide. */
export async function measureCacheSettle(jobMs: number, reps: number): Promise<CacheSample[]> {
  const sim = await startSimulator({ rateLimit: false, dcs: { durations: { createCache: 200, extendCache: jobMs, resizeCache: jobMs, deleteCache: 100 } } });
  const restore = benchEnv(sim);
  try {
    await cacheProvider.configure(unlimitedConfig() as never);
    return (
      await Promise.all(
        Array.from({ length: reps }, async (_, i) => {
          const name = `bench-cache-${jobMs}-${i}`;
          const created = await cacheProvider.create(cacheInputs(name, 1));
          const grown = await cacheProvider.update(created.id, created.outs, cacheInputs(name, 4));
          const extend = sample(sim, "extend", created.id, jobMs, Date.now());
          await cacheProvider.update(created.id, grown.outs!, cacheInputs(name, 2));
          return [extend, sample(sim, "resize", created.id, jobMs, Date.now())];
        }),
      )
    ).flat();
  } finally {
    restore();
    await sim.close();
  }
}

/**
 * The same wait on a virtual clock, for durations too long to run here, followed as the provider
 * does by default: the change's background task found (one lookup after the submit), its progress
 * (linear, whole percentages) and time left (whole seconds, rounded up) read through the
 * watcher, and the instance read at the end it predicts. The instance is busy for `jobMs`, then
 * RUNNING with the new size but a task for a tenth of that, then idle; the task spans all of it.
 */
export async function modelTaskSettle(jobMs: number): Promise<{ calls: number; overshootMs: number }> {
  const clock = virtualTimer();
  const idleAt = jobMs + TAIL(jobMs);
  let reads = 0;
  // The simulator's own task, answered as its ShowBackgroundTaskProgress answers it.
  const task = newTask({ instanceId: "model", name: "EXTEND", oldCapacity: 1, newCapacity: 4, oldCacheMode: "single", newCacheMode: "single", specCode: "redis.single.xu1.large.4", createdAt: 0, updatedAt: 0, endsAt: idleAt });
  const tasks: Feed<TaskProgress> = {
    name: "tasks",
    readOne: async () => {
      reads++;
      if (clock.now() >= idleAt) task.status = TASK_SUCCESS;
      return progressView(task, clock.now());
    },
  };
  const instances: Feed<CacheInstance> = {
    name: "instances",
    readOne: async (id) => {
      reads++;
      const t = clock.now();
      const size = t < jobMs ? 1 : 4;
      return { instance_id: id, name: id, status: t < jobMs ? "EXTENDING" : "RUNNING", task: t < idleAt ? "extend" : null, capacity: size, spec_code: `redis.single.xu1.large.${size}` } as CacheInstance;
    },
    listingShowsEnd: false,
  };
  const looks = cacheLooks({ label: "model", instanceId: "model", expected: (instance) => capacityOf(instance) === 4, timeoutMs: 24 * 3_600_000, startedAt: 0 }, clock.now);
  const watcher = new Watcher(clock.timer);
  let seenAt: number | undefined;
  void watcher
    .follow({
      label: "model",
      startedAt: 0,
      timeoutMs: 24 * 3_600_000,
      progress: { feed: tasks, id: "model", observe: (task) => observeTaskProgress(task as TaskProgress) },
      outcome: { feed: instances, id: "model", observe: (instance) => looks.read(instance as CacheInstance), decisive: true },
    })
    .then(() => void (seenAt = clock.now()));
  await clock.drive(() => seenAt !== undefined);
  // The submit and the task's lookup, then the watcher's reads.
  return { calls: 2 + reads, overshootMs: seenAt! - idleAt };
}

/** The blind way (no task found, or ddm:watchTogether=false) on the same virtual clock. */
export async function modelCacheSettle(jobMs: number): Promise<{ calls: number; overshootMs: number }> {
  let time = 0;
  const clock: Clock = { now: () => time, sleep: async (ms) => void (time += ms) };
  let polls = 0;
  const idleAt = jobMs + TAIL(jobMs);
  const observe = async (): Promise<Observation<number>> => {
    polls++;
    return time >= idleAt ? { state: "done", value: time } : { state: "pending", status: time >= jobMs ? "finishing" : "EXTENDING" };
  };
  const seenAt = await waitFor({ label: "model", observe: confirmedTwice(observe), timeoutMs: 24 * 3_600_000, startedAt: 0, clock, pollFirstAfterDelay: true, maxIntervalMs: MAX_POLL_INTERVAL_MS });
  return { calls: 1 + polls, overshootMs: seenAt - idleAt };
}

/** The Terraform provider's: first look 10 s after the submit, then every 10 s, RUNNING twice in a row. */
export function terraformCacheCost(jobMs: number): { calls: number; overshootMs: number } {
  const idleAt = jobMs + TAIL(jobMs);
  const firstIdleLook = Math.max(1, Math.ceil(idleAt / 10_000));
  const seenAt = (firstIdleLook + 1) * 10_000;
  return { calls: 1 + firstIdleLook + 1, overshootMs: seenAt - idleAt };
}
