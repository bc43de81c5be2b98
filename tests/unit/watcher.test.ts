import type { Urgency } from "../../provider/cloud/rate-limiter";
import { Watcher, type Feed, type Via } from "../../provider/watch";
import { OperationFailedError, WaitTimeoutError, type Observation } from "../../provider/wait";
import { virtualTimer } from "../support/virtual-timer";

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

test.each([
  [29_700, ["job j1", "instance i1"]],
  [29_900, ["job j1", "instance i1", "instance i1"]],
])("a window up to twice the allowance wide: the instance is read inside it, then past its end, never the job again (end at %i ms)", async (endsAt, expected) => {
  // 40 % at 20 s: the end lies 28.78–30 s from now; an end by 29.76 s is noticed within 2 % of the job.
  const jobs = [{ id: "j1", instance: "i1", startedAt: -20_000, endsAt }];
  const { clock, calls, feeds, watcher } = setup(jobs);
  const { settled } = follow(watcher, jobs, feeds, clock.now);
  await clock.drive(() => watcher.size === 0);
  expect(calls.one).toEqual(expected);
  expect(settled[0].at! - endsAt).toBeGreaterThanOrEqual(0);
  expect(settled[0].at! - endsAt).toBeLessThanOrEqual(0.02 * (endsAt + 20_000));
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

test("a progress feed without a listing (DCS background tasks) is read item by item, each noticed within its allowance", async () => {
  const jobs = Array.from({ length: 10 }, (_, i) => ({ id: `j${i}`, instance: `i${i}`, startedAt: i * 50, endsAt: i * 50 + 60_000 + i * 5_000 }));
  const { clock, calls, feeds, watcher } = setup(jobs);
  const { readList: _unlisted, ...itemsOnly } = feeds.jobs;
  const { settled } = follow(watcher, jobs, { jobs: itemsOnly as Feed<never>, instances: feeds.instances }, clock.now);
  await clock.drive(() => watcher.size === 0);
  expect(settled.filter((s) => s.error)).toEqual([]);
  expect(calls.list.filter((feed) => feed === "jobs")).toEqual([]);
  for (const [i, job] of jobs.entries()) expect(settled[i].at! - job.endsAt).toBeLessThanOrEqual(1_000 + 0.02 * (job.endsAt - job.startedAt));
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

describe("operations without progress whose listing shows less than a read (DCS)", () => {
  interface ModelCache {
    id: string;
    /** Busy until here; RUNNING with the new size but a task until `idleAt`. */
    busyUntil: number;
    idleAt: number;
  }
  type Seen = { id: string; status: string; size: number; task?: string | null };

  function cacheFeed(caches: ModelCache[], now: () => number, calls: Array<{ call: string; at: number }>): Feed<Seen> {
    const read = (cache: ModelCache): Seen => {
      const t = now();
      return { id: cache.id, status: t < cache.busyUntil ? "EXTENDING" : "RUNNING", size: t < cache.busyUntil ? 1 : 4, task: t < cache.idleAt ? "extend" : null };
    };
    return {
      name: "caches",
      readOne: async (id) => {
        calls.push({ call: `one ${id}`, at: now() });
        const cache = caches.find((c) => c.id === id);
        return cache && read(cache);
      },
      readList: async () => {
        calls.push({ call: "list", at: now() });
        // Listed entries carry no task.
        return { items: new Map(caches.map((cache) => [cache.id, (({ task: _task, ...listed }) => listed)(read(cache))])), calls: 1 };
      },
    };
  }

  /** Busy is busy from either; done only from a read (a listed RUNNING cannot tell the task). */
  const observeCache = (seen: Seen | undefined, via: Via): Observation<number> | undefined => {
    if (!seen) return { state: "failed", reason: "gone" };
    if (seen.status !== "RUNNING" || seen.task) return { state: "pending", status: seen.status };
    if (via === "list") return undefined;
    return seen.size === 4 ? { state: "done", value: seen.size } : { state: "pending", status: "accepted" };
  };

  function followCaches(caches: ModelCache[], maxIntervalMs = 10_000) {
    const clock = virtualTimer();
    const calls: Array<{ call: string; at: number }> = [];
    const feed = cacheFeed(caches, clock.now, calls) as Feed<never>;
    const watcher = new Watcher(clock.timer);
    const settled = caches.map((cache) => {
      const record: { id: string; at?: number; error?: unknown } = { id: cache.id };
      void watcher
        .follow({ label: cache.id, startedAt: 0, timeoutMs: 3_600_000, firstLookAfterDelay: true, maxIntervalMs, outcome: { feed, id: cache.id, observe: observeCache, decisive: true, confirmed: true } })
        .then(
          () => void (record.at = clock.now()),
          (error) => void (record.error = error),
        );
      return record;
    });
    return { clock, calls, watcher, settled };
  }

  test("with a background task's progress: polls aimed at ends that coincide read each instance on its own, never loop on listings", async () => {
    const caches = Array.from({ length: 4 }, (_, i) => ({ id: `c${i}`, busyUntil: 30_000, idleAt: 33_000 + i }));
    const clock = virtualTimer();
    const calls: Array<{ call: string; at: number }> = [];
    const feed = cacheFeed(caches, clock.now, calls) as Feed<never>;
    const tasks: Feed<never> = {
      name: "tasks",
      readOne: async (id) => {
        calls.push({ call: `task ${id}`, at: clock.now() });
        const cache = caches.find((c) => c.id === id)!;
        return { progress: Math.min(100, Math.floor((clock.now() / cache.idleAt) * 100)) } as never;
      },
    };
    const observeTask = (task: { progress: number } | undefined): Observation<unknown> =>
      !task || task.progress >= 100 ? { state: "done", value: undefined } : { state: "pending", progress: task.progress };
    const watcher = new Watcher(clock.timer);
    const ends: Array<number | undefined> = caches.map(() => undefined);
    for (const [i, cache] of caches.entries()) {
      void watcher
        .follow({ label: cache.id, startedAt: 0, timeoutMs: 3_600_000, progress: { feed: tasks, id: cache.id, observe: observeTask }, outcome: { feed, id: cache.id, observe: observeCache, decisive: true, confirmed: true } })
        .then(() => void (ends[i] = clock.now()));
    }
    await clock.drive(() => watcher.size === 0);
    for (const [i, cache] of caches.entries()) expect(ends[i]! - cache.idleAt).toBeLessThanOrEqual(1_000 + 0.02 * cache.idleAt);
    expect(calls.length).toBeLessThanOrEqual(8 * caches.length);
  });

  test("with the task's time left in whole seconds: changes of a minute or more end after one progress read and one read of the instance, each within its allowance", async () => {
    const caches = Array.from({ length: 6 }, (_, i) => ({ id: `c${i}`, busyUntil: 55_000 + i * 40_000, idleAt: 60_000 + i * 40_000 + i * 37 }));
    const clock = virtualTimer();
    const calls: Array<{ call: string; at: number }> = [];
    const feed = { ...cacheFeed(caches, clock.now, calls), listingShowsEnd: false } as Feed<never>;
    const tasks: Feed<never> = {
      name: "tasks",
      readOne: async (id) => {
        calls.push({ call: `task ${id}`, at: clock.now() });
        const cache = caches.find((c) => c.id === id)!;
        const left = cache.idleAt - clock.now();
        return { progress: Math.min(100, Math.floor((clock.now() / cache.idleAt) * 100)), remain: Math.max(0, Math.ceil(left / 1_000)) } as never;
      },
    };
    const observeTask = (task: { progress: number; remain: number }): Observation<unknown> =>
      task.progress >= 100 ? { state: "done", value: undefined } : { state: "pending", progress: task.progress, remainingMs: task.remain * 1_000 };
    const watcher = new Watcher(clock.timer);
    const ends: Array<number | undefined> = caches.map(() => undefined);
    for (const [i, cache] of caches.entries()) {
      void watcher
        .follow({ label: cache.id, startedAt: 0, timeoutMs: 3_600_000, progress: { feed: tasks, id: cache.id, observe: observeTask }, outcome: { feed, id: cache.id, observe: observeCache, decisive: true } })
        .then(() => void (ends[i] = clock.now()));
    }
    await clock.drive(() => watcher.size === 0);
    for (const [i, cache] of caches.entries()) {
      expect(ends[i]! - cache.idleAt).toBeGreaterThanOrEqual(0);
      expect(ends[i]! - cache.idleAt).toBeLessThanOrEqual(1_000 + 0.02 * cache.idleAt);
      expect(calls.filter((call) => call.call.endsWith(` ${cache.id}`)).map((call) => call.call.split(" ")[0])).toEqual(["task", "one"]);
    }
    expect(calls.filter((call) => call.call === "list")).toEqual([]);
  });

  test("ten changes: listings say 'still busy' for all at once; each ends after two reads of its own, never before it is idle", async () => {
    const caches = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, busyUntil: 20_000 + i * 7_000, idleAt: 22_000 + i * 7_000 }));
    const { clock, calls, watcher, settled } = followCaches(caches);
    await clock.drive(() => watcher.size === 0);
    expect(settled.filter((s) => s.error)).toEqual([]);
    expect(calls[0].at).toBeGreaterThanOrEqual(1_000);
    for (const [i, cache] of caches.entries()) {
      expect(settled[i].at!).toBeGreaterThanOrEqual(cache.idleAt);
      // The listing cannot confirm: the two looks that end it are the cache's own reads.
      const own = calls.filter((c) => c.call === `one ${cache.id}` && c.at >= cache.idleAt);
      expect(own.length).toBeGreaterThanOrEqual(2);
      expect(own[own.length - 1].at).toBe(settled[i].at);
      // Noticed within the 10 s cap, plus the confirming look.
      expect(settled[i].at! - cache.idleAt).toBeLessThanOrEqual(10_000 + 5_000);
    }
    const listings = calls.filter((c) => c.call === "list");
    expect(listings.length).toBeGreaterThan(0);
    // Without listings each would poll its own instance about every 10 s: 10 × ~9 looks or more.
    expect(calls.length).toBeLessThan(10 * 5);
  });

  test("polls without progress never wait longer than the operation's cap", async () => {
    const { clock, calls, watcher, settled } = followCaches([{ id: "c0", busyUntil: 120_000, idleAt: 125_000 }], 3_000);
    await clock.drive(() => watcher.size === 0);
    expect(settled[0].error).toBeUndefined();
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i].at);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(3_000);
  });

  test("a confirmation that finds the instance busy again starts over", async () => {
    const clock = virtualTimer();
    const calls: Array<{ call: string; at: number }> = [];
    const base = cacheFeed([{ id: "c0", busyUntil: 10_000, idleAt: 10_000 }], clock.now, calls);
    // The look confirming the first idle one finds it busy again (a flapping status).
    let idleReads = 0;
    const feed: Feed<Seen> = {
      ...base,
      readOne: async (id, urgency) => {
        const seen = (await base.readOne(id, urgency))!;
        if (seen.status === "RUNNING" && ++idleReads === 2) return { ...seen, status: "EXTENDING" };
        return seen;
      },
    };
    const watcher = new Watcher(clock.timer);
    let doneAt: number | undefined;
    void watcher
      .follow({ label: "c0", startedAt: 0, timeoutMs: 600_000, firstLookAfterDelay: true, maxIntervalMs: 10_000, outcome: { feed: feed as Feed<never>, id: "c0", observe: observeCache, decisive: true, confirmed: true } })
      .then(() => (doneAt = clock.now()));
    await clock.drive(() => doneAt !== undefined);
    // Idle, busy again, then idle twice in a row: the first idle look did not count.
    expect(idleReads).toBe(4);
    expect(doneAt).toBe(calls[calls.length - 1].at);
  });
});
