import type { Urgency } from "../../provider/cloud/rate-limiter";
import { Watcher, type Feed, type Timer } from "../../provider/watch";
import { OperationFailedError, WaitTimeoutError, type Observation } from "../../provider/wait";

/**
 * The watcher's loop on a virtual clock, against feeds modelling jobs whose progress is linear
 * and reported in whole percentages, and instances that show the result once their job ends.
 */

interface ModelJob {
  id: string;
  instance: string;
  startedAt: number;
  endsAt: number;
  fails?: boolean;
}

function virtualTimer() {
  let time = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timer: Timer = {
    now: () => time,
    after: (ms, fn) => {
      const id = ++seq;
      pending.set(id, { at: time + Math.max(ms, 0), fn });
      return () => pending.delete(id);
    },
  };
  const flush = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  /** Runs timers in order until `done` holds. */
  const drive = async (done: () => boolean) => {
    for (let steps = 0; steps < 10_000; steps++) {
      await flush();
      if (done()) return;
      const [id, next] = [...pending.entries()].reduce((a, b) => (b[1].at < a[1].at ? b : a));
      pending.delete(id);
      time = Math.max(time, next.at);
      next.fn();
    }
    throw new Error("the watcher never finished");
  };
  return { timer, drive, now: () => time };
}

interface Calls {
  one: string[];
  list: string[];
}

function jobFeed(jobs: ModelJob[], now: () => number, calls: Calls, failList = false): Feed<{ id: string; status: string; process: number }> {
  const read = (job: ModelJob) => {
    const t = now();
    if (t < job.endsAt) return { id: job.id, status: "Running", process: Math.floor(((t - job.startedAt) / (job.endsAt - job.startedAt)) * 100) };
    return { id: job.id, status: job.fails ? "Failed" : "Completed", process: 100 };
  };
  return {
    name: "jobs",
    readOne: async (id) => {
      calls.one.push(`job ${id}`);
      const job = jobs.find((j) => j.id === id);
      return job && read(job);
    },
    readList: async () => {
      calls.list.push("jobs");
      if (failList) throw new Error("listing refused");
      return { items: new Map(jobs.map((job) => [job.id, read(job)])), calls: 1 };
    },
  };
}

function instanceFeed(jobs: ModelJob[], now: () => number, calls: Calls): Feed<{ id: string; status: string; nodes: number }> {
  const read = (job: ModelJob) => ({ id: job.instance, status: now() >= job.endsAt ? "RUNNING" : "GROWING", nodes: now() >= job.endsAt && !job.fails ? 3 : 2 });
  return {
    name: "instances",
    readOne: async (id: string, _urgency: Urgency) => {
      calls.one.push(`instance ${id}`);
      const job = jobs.find((j) => j.instance === id);
      return job && read(job);
    },
    readList: async () => {
      calls.list.push("instances");
      return { items: new Map(jobs.map((job) => [job.instance, read(job)])), calls: 1 };
    },
  };
}

const observeJob = (job: { status: string; process: number } | undefined): Observation<unknown> =>
  !job || job.status === "Completed" ? { state: "done", value: undefined } : job.status === "Failed" ? { state: "failed", reason: "job failed" } : { state: "pending", progress: job.process };
const observeInstance = (instance: { status: string; nodes: number } | undefined): Observation<number> =>
  instance?.status === "RUNNING" && instance.nodes === 3 ? { state: "done", value: instance.nodes } : { state: "pending", status: instance?.status };

function follow(watcher: Watcher, jobs: ModelJob[], feeds: { jobs: Feed<never>; instances: Feed<never> }, now: () => number, timeoutMs = 3_600_000) {
  const settled: Array<{ job: string; at?: number; error?: unknown }> = [];
  const promises = jobs.map((job) => {
    const record = { job: job.id } as (typeof settled)[number];
    settled.push(record);
    return watcher
      .follow({
        label: job.id,
        startedAt: job.startedAt,
        timeoutMs,
        progress: { feed: feeds.jobs, id: job.id, observe: observeJob },
        outcome: { feed: feeds.instances, id: job.instance, observe: observeInstance, decisive: true },
      })
      .then(
        () => void (record.at = now()),
        (error) => void (record.error = error),
      );
  });
  return { settled, promises };
}

function setup(jobs: ModelJob[], failList = false) {
  const clock = virtualTimer();
  const calls: Calls = { one: [], list: [] };
  const feeds = { jobs: jobFeed(jobs, clock.now, calls, failList) as Feed<never>, instances: instanceFeed(jobs, clock.now, calls) as Feed<never> };
  const watcher = new Watcher(clock.timer);
  return { clock, calls, feeds, watcher };
}

test("one operation alone reads its own job, then its instance at the predicted end: no more calls than waiting alone", async () => {
  const jobs = [{ id: "j1", instance: "i1", startedAt: 0, endsAt: 600_000 }];
  const { clock, calls, feeds, watcher } = setup(jobs);
  let doneAt: number | undefined;
  void watcher
    .follow({ label: "one", startedAt: 0, timeoutMs: 3_600_000, progress: { feed: feeds.jobs, id: "j1", observe: observeJob }, outcome: { feed: feeds.instances, id: "i1", observe: observeInstance, decisive: true } })
    .then(() => (doneAt = clock.now()));
  await clock.drive(() => doneAt !== undefined);
  expect(calls.list).toEqual([]);
  expect(calls.one.length).toBeLessThanOrEqual(11);
  expect(calls.one[calls.one.length - 1]).toBe("instance i1");
  expect(doneAt! - 600_000).toBeLessThanOrEqual(1_000 + 0.02 * 600_000);
});

test("twenty operations with distinct ends: listings only, about one per end, each noticed within its allowance", async () => {
  const jobs = Array.from({ length: 20 }, (_, i) => ({ id: `j${i}`, instance: `i${i}`, startedAt: i * 50, endsAt: i * 50 + 60_000 + i * 27_000 }));
  const { clock, calls, feeds, watcher } = setup(jobs);
  const { settled } = follow(watcher, jobs, feeds, clock.now);
  await clock.drive(() => watcher.size === 0);
  expect(settled.filter((s) => s.error)).toEqual([]);
  for (const [i, job] of jobs.entries()) {
    const jobMs = job.endsAt - job.startedAt;
    expect(settled[i].at! - job.endsAt).toBeLessThanOrEqual(1_000 + 0.02 * jobMs);
  }
  // Only the last operation left reads its own items, when a listing would tell no one else.
  expect(calls.one.length).toBeLessThanOrEqual(3);
  // The floor is 20 (one per end); a few more refresh the estimates.
  expect(calls.list.length).toBeLessThanOrEqual(40);
});

test("ends within one second of each other are noticed by one or two listings", async () => {
  const jobs = Array.from({ length: 20 }, (_, i) => ({ id: `j${i}`, instance: `i${i}`, startedAt: i * 50, endsAt: 300_000 + i * 50 }));
  const { clock, calls, feeds, watcher } = setup(jobs);
  follow(watcher, jobs, feeds, clock.now);
  await clock.drive(() => watcher.size === 0);
  expect(calls.list.filter((feed) => feed === "instances").length).toBeLessThanOrEqual(3);
  expect(clock.now() - 300_950).toBeLessThanOrEqual(1_000 + 0.02 * 300_000);
});

test("a failed job fails its own operation with the job's reason; the others end normally", async () => {
  const jobs = [
    { id: "j0", instance: "i0", startedAt: 0, endsAt: 30_000, fails: true },
    { id: "j1", instance: "i1", startedAt: 0, endsAt: 40_000 },
  ];
  const { clock, feeds, watcher } = setup(jobs);
  const { settled } = follow(watcher, jobs, feeds, clock.now);
  await clock.drive(() => watcher.size === 0);
  expect(settled[0].error).toBeInstanceOf(OperationFailedError);
  expect((settled[0].error as Error).message).toContain("job failed");
  expect(settled[1].error).toBeUndefined();
});

test("a job listing that fails is not asked again: every operation follows its own job to its end", async () => {
  const jobs = [
    { id: "j0", instance: "i0", startedAt: 0, endsAt: 20_000 },
    { id: "j1", instance: "i1", startedAt: 0, endsAt: 25_000 },
  ];
  const { clock, calls, feeds, watcher } = setup(jobs, true);
  const { settled } = follow(watcher, jobs, feeds, clock.now);
  await clock.drive(() => watcher.size === 0);
  expect(calls.list.filter((feed) => feed === "jobs")).toEqual(["jobs"]);
  expect(settled.map((s) => s.error)).toEqual([undefined, undefined]);
  expect(calls.one.filter((call) => call.startsWith("job")).length).toBeGreaterThan(2);
});

test("an operation past its timeout fails with what was last seen", async () => {
  const jobs = [{ id: "j0", instance: "i0", startedAt: 0, endsAt: 600_000 }];
  const { clock, feeds, watcher } = setup(jobs);
  const { settled } = follow(watcher, jobs, feeds, clock.now, 60_000);
  await clock.drive(() => watcher.size === 0);
  expect(settled[0].error).toBeInstanceOf(WaitTimeoutError);
  expect((settled[0].error as Error).message).toMatch(/last seen: \d+%/);
  expect(clock.now()).toBeGreaterThanOrEqual(60_000);
});
