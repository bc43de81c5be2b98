import { nextPollDelay, parseProgress } from "../../provider/wait/pacing";
import { formatDuration, progressLine, throttledReporter } from "../../provider/wait/progress";
import { observeInstance, observeJob } from "../../provider/ddm/wait/observe";
import { OperationFailedError, WaitTimeoutError, waitFor, type Observation } from "../../provider/wait/waiter";
import type { Clock } from "../../provider/cloud/rate-limiter";

function virtualClock(): Clock & { time: number } {
  const clock = { time: 0, now: () => clock.time, sleep: async (ms: number) => void (clock.time += ms) };
  return clock;
}

/** A job that runs `duration` ms and reports whole percentages, as the service does. */
function simulatedJob(clock: { now(): number }, duration: number, startOffset = 0) {
  let polls = 0;
  const observe = async (): Promise<Observation<number>> => {
    polls++;
    const elapsed = clock.now() - startOffset;
    if (elapsed >= duration) return { state: "done", value: clock.now() };
    return { state: "pending", progress: Math.floor((elapsed / duration) * 100) };
  };
  return { observe, polls: () => polls };
}

describe("poll pacing", () => {
  test.each([2_000, 20_000, 120_000, 600_000])("a %i ms job settles within 1 s + 2%% in at most 10 polls", async (duration) => {
    const clock = virtualClock();
    const job = simulatedJob(clock, duration);
    const finishedAt = await waitFor({ label: "job", observe: job.observe, timeoutMs: 3_600_000, clock, startedAt: 0 });
    const overshoot = finishedAt - duration;
    expect(overshoot).toBeGreaterThanOrEqual(0);
    expect(overshoot).toBeLessThanOrEqual(1_000 + 0.02 * duration);
    // Submit and the final read make two more calls: the budget for a settled job is 12.
    expect(job.polls()).toBeLessThanOrEqual(10);
  });

  test("without progress, polls back off by doubling up to 30 s", () => {
    expect(nextPollDelay(0)).toBe(1_000);
    expect(nextPollDelay(1_000)).toBe(1_000);
    expect(nextPollDelay(4_000)).toBe(4_000);
    expect(nextPollDelay(300_000)).toBe(30_000);
  });

  test("coarse progress never makes a jump longer than the time elapsed so far", () => {
    expect(nextPollDelay(2_000, 1)).toBeLessThanOrEqual(2_000);
    expect(nextPollDelay(10_000, 50)).toBeCloseTo(10_000 * 100 / 51 - 10_000, 0);
  });

  test("progress values as the service spells them", () => {
    expect(parseProgress("60%")).toBe(60);
    expect(parseProgress("")).toBeUndefined();
    expect(parseProgress(null)).toBeUndefined();
    expect(parseProgress("7.5%")).toBe(7.5);
  });
});

describe("waitFor", () => {
  test("a failed observation ends the wait with the service's reason", async () => {
    const clock = virtualClock();
    await expect(
      waitFor({ label: "orders: scaling out", clock, timeoutMs: 60_000, observe: async () => ({ state: "failed", reason: "no capacity" }) }),
    ).rejects.toThrow(new OperationFailedError("orders: scaling out", "no capacity"));
  });

  test("unknown statuses are pending until the timeout, which names what was last seen", async () => {
    const clock = virtualClock();
    const wait = waitFor({ label: "orders: creating", clock, timeoutMs: 120_000, observe: async () => ({ state: "pending", status: "SOMETHING_NEW" }) });
    await expect(wait).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(wait).rejects.toThrow(/last seen: SOMETHING_NEW/);
    expect(clock.time).toBeGreaterThanOrEqual(120_000);
  });

  test("a poll held up in the rate limiter's queue: the next delay is estimated from when its answer came", async () => {
    const clock = virtualClock();
    const sleeps: number[] = [];
    const sleep = clock.sleep;
    clock.sleep = async (ms) => {
      sleeps.push(ms);
      await sleep(ms);
    };
    const queued = [3_000, 0, 0, 0, 0, 0, 0, 0];
    const answers: Array<{ at: number; progress: number }> = [];
    const observe = async (): Promise<Observation<number>> => {
      await sleep(queued[answers.length] ?? 0);
      const progress = Math.floor((clock.now() / 20_000) * 100);
      if (clock.now() >= 20_000) return { state: "done", value: clock.now() };
      answers.push({ at: clock.now(), progress });
      return { state: "pending", progress };
    };
    const done = await waitFor({ label: "job", observe, timeoutMs: 600_000, startedAt: 0, clock, pollFirstAfterDelay: true });
    expect(sleeps.slice(1, 1 + answers.length)).toEqual(answers.map(({ at, progress }) => nextPollDelay(at, progress)));
    expect(done - 20_000).toBeLessThanOrEqual(1_000 + 0.02 * 20_000);
  });

  test("progress lines carry the label, the percentage and the time", async () => {
    const clock = virtualClock();
    const lines: string[] = [];
    const job = simulatedJob(clock, 190_000);
    await waitFor({ label: "orders-ddm: scaling out 2 → 4 nodes", clock, timeoutMs: 600_000, startedAt: 0, observe: job.observe, report: (l) => lines.push(l) });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[lines.length - 1]).toMatch(/^orders-ddm: scaling out 2 → 4 nodes, \d+%, \dm\d\ds$/);
  });
});

describe("observations", () => {
  test("jobs", () => {
    expect(observeJob({ id: "j", status: "Running", process: "40%" })).toEqual({ state: "pending", progress: 40, status: "Running" });
    expect(observeJob({ id: "j", status: "Completed" })).toMatchObject({ state: "done" });
    expect(observeJob({ id: "j", status: "Failed", fail_reason: "RDS unavailable" })).toMatchObject({ state: "failed", reason: "RDS unavailable" });
  });

  test("instances", () => {
    const base = { id: "i", name: "n" };
    expect(observeInstance({ ...base, status: "GROWING" })).toEqual({ state: "pending", status: "GROWING" });
    expect(observeInstance({ ...base, status: "RUNNING", node_count: 3 }, (i) => i.node_count === 4)).toMatchObject({ state: "pending" });
    expect(observeInstance({ ...base, status: "RUNNING", node_count: 4 }, (i) => i.node_count === 4)).toMatchObject({ state: "done" });
    expect(observeInstance({ ...base, status: "CREATEFAILED", error_msg: "quota" })).toMatchObject({ state: "failed", reason: expect.stringMatching(/^instance is CREATEFAILED: quota; /) });
    expect(observeInstance(undefined)).toMatchObject({ state: "failed" });
  });
});

describe("progress text", () => {
  test("durations and lines", () => {
    expect(formatDuration(190_000)).toBe("3m10s");
    expect(formatDuration(4_000)).toBe("4s");
    expect(formatDuration(3_720_000)).toBe("1h02m");
    expect(progressLine("orders-ddm: scaling out 2 → 4 nodes", 190_000, 60)).toBe("orders-ddm: scaling out 2 → 4 nodes, 60%, 3m10s");
  });

  test("the reporter speaks at most once per interval", () => {
    let now = 0;
    const lines: string[] = [];
    const report = throttledReporter((line) => lines.push(line), 10_000, () => now);
    report("a");
    now = 5_000;
    report("b");
    now = 10_000;
    report("c");
    expect(lines).toEqual(["a", "c"]);
  });
});
