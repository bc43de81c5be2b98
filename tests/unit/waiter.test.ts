import { confirmationDelay, nextPollDelay, parseProgress, pollTarget } from "../../provider/wait/pacing";
import { formatDuration, progressLine, throttledReporter } from "../../provider/wait/progress";
import { observeInstance, observeJob } from "../../provider/ddm/wait/observe";
import { confirmedTwice, OperationFailedError, WaitTimeoutError, waitFor, type Observation } from "../../provider/wait/waiter";
import { virtualClock } from "../support/virtual-clock";

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

  test("below 5 % a look goes no further ahead than 5 % would put it", () => {
    // 5 % at 2 s: the end lies in (33.3 s, 40 s], looked at 2 % past its start.
    expect(pollTarget(2_000, { progress: 5 })).toEqual({ delayMs: expect.closeTo(34_000 - 2_000, 3), aim: "estimate" });
    // 1 % at 2 s says (100 s, 200 s]; looked at by 33.3 s all the same, as a guess.
    for (const progress of [1, 2, 4]) expect(pollTarget(2_000, { progress })).toEqual({ delayMs: expect.closeTo(100_000 / 6 * 2 - 2_000, 3), aim: "blind" });
    // Short of a second in, the next look still waits a second.
    expect(nextPollDelay(50, 1)).toBe(1_000);
  });

  test("a window within 2 % of the job's length is aimed past its end; one up to twice that is looked for 2 % past its start, then past its end; a wider one is looked at 2 % past its start", () => {
    // 50 % at 10 s: (19.61 s, 20 s], 2 % of 19.61 s wide.
    expect(pollTarget(10_000, { progress: 50 })).toEqual({ delayMs: 10_020, aim: "end" });
    // 40 % at 10 s: (24.39 s, 25 s], 2.5 %: an end by 24.88 s is on time; if not yet, the rest is narrow.
    expect(pollTarget(10_000, { progress: 40 })).toEqual({ delayMs: expect.closeTo((1_000_000 / 41) * 1.02 - 10_000, 3), aim: "end", latestDelayMs: 15_020 });
    // 20 % at 10 s: (47.62 s, 50 s], 5 %: a look to narrow it, as late as an end there would be on time.
    expect(pollTarget(10_000, { progress: 20 })).toEqual({ delayMs: expect.closeTo((1_000_000 / 21) * 1.02 - 10_000, 3), aim: "estimate" });
  });

  test("a remaining time in whole seconds puts the end within its last second: aimed at directly once that is within 2 % of the length", () => {
    // 0.5 s into a 60 s change, 0 % done (so at least 50 s long): 60 s left says (59.5 s, 60.5 s], narrow for a minute.
    expect(pollTarget(500, { progress: 0, remainingMs: 60_000 })).toEqual({ delayMs: 60_020, aim: "end" });
    // 1 s in, 1 %: (50 s, 100 s] by the percentage, (59 s, 60 s] by the count.
    expect(pollTarget(1_000, { progress: 1, remainingMs: 59_000 })).toEqual({ delayMs: 59_020, aim: "end" });
    // A 20 s change: (19 s, 20 s] is 5 % of it, so the next look goes 2 % past the window's start...
    expect(pollTarget(1_000, { progress: 5, remainingMs: 19_000 })).toEqual({ delayMs: 18_380, aim: "estimate" });
    // ...where the percentage narrows it to (19.79 s, 20 s].
    expect(pollTarget(19_000, { progress: 95, remainingMs: 1_000 })).toEqual({ delayMs: 1_020, aim: "end" });
    // A 6 s change 1 s in: 16 % says (5.88 s, 6.25 s], 5 s left (5 s, 6 s]: together narrow.
    expect(pollTarget(1_000, { progress: 16, remainingMs: 5_000 })).toEqual({ delayMs: 5_020, aim: "end" });
    // Both together: 10 % at 10 s is (90.9 s, 100 s]; 85 s left makes it (94 s, 95 s].
    expect(pollTarget(10_000, { progress: 10, remainingMs: 85_000 })).toEqual({ delayMs: 85_020, aim: "end" });
  });

  test("a remaining time the percentage contradicts, or none left while not done, is not used", () => {
    // 50 % at 10 s ends by 20 s: 100 s left cannot be, so the percentage alone decides.
    expect(pollTarget(10_000, { progress: 50, remainingMs: 100_000 })).toEqual(pollTarget(10_000, { progress: 50 }));
    // 0 % at 2 s ends after 200 s at the earliest: a count of 30 s contradicts it.
    expect(pollTarget(2_000, { progress: 0, remainingMs: 30_000 })).toEqual(pollTarget(2_000, { progress: 0 }));
    expect(pollTarget(2_000, { progress: 0, remainingMs: 30_000 }).aim).toBe("blind");
    expect(pollTarget(5_000, { remainingMs: 0 })).toEqual(pollTarget(5_000));
    expect(pollTarget(5_000, { remainingMs: Number.NaN })).toEqual(pollTarget(5_000));
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

describe("done twice in a row (DCS)", () => {
  test("a first 'done' is confirmed by a second look soon after; a flap back to pending starts over", async () => {
    const clock = virtualClock();
    const answers: Array<Observation<string>> = [
      { state: "pending", status: "EXTENDING" },
      { state: "done", value: "first" },
      { state: "pending", status: "EXTENDING" },
      { state: "done", value: "second" },
      { state: "done", value: "third" },
    ];
    const looks: number[] = [];
    const observe = confirmedTwice(async () => {
      looks.push(clock.now());
      return answers.shift()!;
    });
    expect(await waitFor({ label: "cache", observe, timeoutMs: 3_600_000, clock, startedAt: 0 })).toBe("third");
    expect(looks).toHaveLength(5);
    expect(looks[4] - looks[3]).toBe(confirmationDelay(looks[3]));
    expect(confirmationDelay(1_000)).toBe(500);
    expect(confirmationDelay(3_600_000)).toBe(5_000);
  });

  test("without progress, maxIntervalMs caps the doubling", () => {
    expect(nextPollDelay(300_000, undefined, 1, 10_000)).toBe(10_000);
    expect(nextPollDelay(4_000, undefined, 1, 10_000)).toBe(4_000);
  });
});
