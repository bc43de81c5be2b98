import { cacheProvider, type CacheOutputs } from "../../provider/dcs/cache";
import { ResourceInitError } from "../../provider/resource/context";
import type { CallRecord, Simulator } from "../../simulator";
import { cacheProviderInputs } from "../support/inputs";
import { withProviderSimulator } from "../support/simulator";

/**
 * A DcsInstance change followed by its background task's progress (ListBackgroundTask, then
 * ShowBackgroundTaskProgress), through the provider against the DCS simulator over HTTP: the
 * watcher aims at the predicted end instead of doubling blind; without the task API it falls
 * back to the blind way and the update still succeeds.
 */
jest.setTimeout(60_000);

/** 4 s of change and 0.4 s more until the instance is idle: blind looks (1, 2, 4, 8 s) land 3.6 s late. */
const CHANGE_MS = 4_000;
/** The simulator keeps the instance's `task` set for a tenth of the change after it. */
const idleAfter = (changeMs: number) => changeMs + changeMs / 10;

const inputs = (overrides: Record<string, unknown> = {}) => cacheProviderInputs({ name: "progress-cache", ...overrides });

interface Followed {
  outs: CacheOutputs;
  idleAt: number;
  returnedAt: number;
  listings: CallRecord[];
  progress: CallRecord[];
  reads: CallRecord[];
}

/** Creates a cache, extends it 1 → 4 GB in a change of `changeMs` and returns what following the extend took. */
async function extendOnce(sim: Simulator, changeMs = CHANGE_MS): Promise<Followed> {
  sim.dcs.control.setDurations({ extendCache: 300 });
  const created = await cacheProvider.create(inputs());
  sim.dcs.control.setDurations({ extendCache: changeMs });
  sim.dcs.control.resetCalls();
  const news = inputs({ capacity: 4, specCode: "redis.single.xu1.large.4" });
  const check = await cacheProvider.check(created.outs, news);
  const outs = (await cacheProvider.update(created.id, created.outs, check.inputs!)).outs as CacheOutputs;
  const returnedAt = Date.now();
  const calls = sim.dcs.control.calls();
  const submitted = calls.find((call) => call.path.endsWith("/extend"))!;
  const id = created.id;
  return {
    outs,
    idleAt: submitted.at + idleAfter(changeMs),
    returnedAt,
    listings: calls.filter((call) => call.method === "GET" && call.path.endsWith(`/instances/${id}/tasks`)),
    progress: calls.filter((call) => call.method === "GET" && call.path.endsWith("/progress")),
    reads: calls.filter((call) => call.method === "GET" && call.path.endsWith(`/instances/${id}`) && call.at > submitted.at),
  };
}

/** Creates a cache and extends it 1 → 4 GB in a change that fails after `changeMs`: the update's error. */
async function failingExtend(sim: Simulator, changeMs: number): Promise<unknown> {
  sim.dcs.control.setDurations({ extendCache: 300 });
  const created = await cacheProvider.create(inputs({ name: "failing-cache" }));
  sim.dcs.control.setDurations({ extendCache: changeMs });
  sim.dcs.control.setFaults({ failJobs: { extendCache: true } });
  const news = inputs({ name: "failing-cache", capacity: 4, specCode: "redis.single.xu1.large.4" });
  const check = await cacheProvider.check(created.outs, news);
  const error = await cacheProvider.update(created.id, created.outs, check.inputs!).then(
    () => undefined,
    (e: unknown) => e,
  );
  sim.dcs.control.setFaults({});
  return error;
}

describe("with the background-task API", () => {
  let sim: Simulator;
  withProviderSimulator([cacheProvider], (started) => (sim = started));

  test("the extend's task is found once and its progress aims the looks at the end: noticed soon after, in few polls", async () => {
    const followed = await extendOnce(sim);
    expect(followed.outs).toMatchObject({ capacity: 4, status: "RUNNING" });
    // One listing finds the task, by its time filter (UTC yyyyMMddHHmmss) and the change's name and size.
    expect(followed.listings).toHaveLength(1);
    expect(followed.listings[0].query).toMatchObject({ start_time: expect.stringMatching(/^\d{14}$/) });
    expect(followed.listings[0].status).toBe(200);
    // A look at 1 s: 22 % and 4 s left put the end within (4.35 s, 4.54 s], so the next look is
    // the instance itself, there, and one read showing the result settles it.
    expect(followed.progress).toHaveLength(1);
    expect(followed.progress[0].status).toBe(200);
    expect(followed.reads).toHaveLength(1);
    expect(followed.reads[0].at).toBeGreaterThanOrEqual(followed.idleAt);
    // Blind, the next look after the one at 4 s would be at 8 s: 3.6 s after the end.
    expect(followed.returnedAt - followed.idleAt).toBeLessThan(1_000);
  });

  test("a change of half a minute: its second of time left is within 4 % of it, so the instance is read inside that second (again just past it if not idle yet), with no second progress read", async () => {
    const changeMs = 28_000;
    const followed = await extendOnce(sim, changeMs);
    expect(followed.outs).toMatchObject({ capacity: 4, status: "RUNNING" });
    expect(followed.progress).toHaveLength(1);
    expect(followed.reads.length).toBeGreaterThanOrEqual(1);
    expect(followed.reads.length).toBeLessThanOrEqual(2);
    expect(followed.reads[followed.reads.length - 1].at).toBeGreaterThanOrEqual(followed.idleAt);
    expect(followed.returnedAt - followed.idleAt).toBeLessThanOrEqual(1_000 + 0.02 * idleAfter(changeMs));
  });

  test("a task whose step FAILED fails the change with its error code", async () => {
    const error = await failingExtend(sim, 2_000);
    expect(error).toBeInstanceOf(ResourceInitError);
    expect((error as Error).message).toMatch(/failed: the background task failed at EXTEND \(error_code DCS\.5000\)/);
    expect((error as ResourceInitError).properties).toMatchObject({ capacity: 1 });
  });
});

describe("without the background-task API (404)", () => {
  let sim: Simulator;
  withProviderSimulator([cacheProvider], (started) => (sim = started), { dcs: { backgroundTasks: false } });

  test("the update falls back to following the instance blind, and succeeds", async () => {
    const followed = await extendOnce(sim);
    expect(followed.outs).toMatchObject({ capacity: 4, status: "RUNNING" });
    expect(followed.listings.map((call) => call.status)).toEqual([404]);
    expect(followed.progress).toEqual([]);
    expect(followed.reads.slice(-2).every((read) => read.at >= followed.idleAt)).toBe(true);
    // Blind: looks doubling from 1 s, so the end is noticed at the 8 s look.
    expect(followed.reads.length).toBeGreaterThanOrEqual(4);
  });

  test("a failed change is told by the instance, RUNNING again without it", async () => {
    const error = await failingExtend(sim, 3_000);
    expect(error).toBeInstanceOf(ResourceInitError);
    expect((error as Error).message).toMatch(/failed: .*without the change/);
  });
});
