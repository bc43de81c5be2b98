import { RateLimiter, type Clock } from "../../provider/cloud/rate-limiter";
import { virtualClock } from "../support/virtual-clock";

/** Takes a slot and answers the call at once, recording when it was sent. */
async function call(limiter: RateLimiter, times: number[], clock: { time: number }, urgency?: "urgent" | "normal" | "speculative"): Promise<void> {
  const release = await limiter.take(urgency);
  times.push(clock.time);
  release();
}

/** A clock that moves only when the test advances it, so what is granted before an answer shows. */
function manualClock(): Clock & { advance(ms: number): Promise<void> } {
  let time = 0;
  const sleepers: Array<{ at: number; wake: () => void }> = [];
  return {
    now: () => time,
    sleep: (ms) => new Promise((wake) => sleepers.push({ at: time + ms, wake })),
    async advance(ms) {
      time += ms;
      const due = sleepers.filter((sleeper) => sleeper.at <= time);
      sleepers.splice(0, sleepers.length, ...sleepers.filter((sleeper) => sleeper.at > time));
      due.forEach((sleeper) => sleeper.wake());
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function maxInAnyWindow(times: number[], windowMs: number): number {
  return Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));
}

describe("rate limiter", () => {
  test("a quiet limiter grants the whole limit at once, then one call as each leaves the window", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(60, 60_000, clock);
    const times: number[] = [];
    for (let i = 0; i < 60; i++) await call(limiter, times, clock);
    expect(clock.time).toBe(0);
    await call(limiter, times, clock);
    expect(clock.time).toBeGreaterThan(60_000);
  });

  test("never grants more than the limit in any one-minute window, while running at the limit", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(60, 60_000, clock);
    const times: number[] = [];
    for (let i = 0; i < 300; i++) await call(limiter, times, clock);
    expect(maxInAnyWindow(times, 60_000)).toBeLessThanOrEqual(60);
    const perMinute = (times.length - 1) / ((times[times.length - 1] - times[0]) / 60_000);
    expect(perMinute).toBeGreaterThanOrEqual(54);
  });

  test("counts a call from its answer: a slow answer holds its slot longer", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(2, 10_000, clock);
    await call(limiter, [], clock);
    const slow = await limiter.take();
    clock.time = 5_000;
    slow();
    const times: number[] = [];
    await call(limiter, times, clock);
    await call(limiter, times, clock);
    // The first slot freed at 10 s (answered at 0), the slow one only at 15 s.
    expect(times).toEqual([10_001, 15_001]);
  });

  test("a call never answered stops counting a window after it started: nothing waits on it forever", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(1, 10_000, clock);
    await limiter.take(); // never released
    const times: number[] = [];
    await call(limiter, times, clock);
    expect(times).toEqual([10_001]);
  });

  test("until a call is answered, the others wait for it: the first tells whether the window has room", async () => {
    const clock = manualClock();
    const limiter = new RateLimiter(60, 60_000, clock);
    const first = await limiter.take();
    const granted: number[] = [];
    const rest = Promise.all([0, 1, 2].map(() => limiter.take().then((release) => (granted.push(clock.now()), release()))));
    await clock.advance(300);
    expect(granted).toEqual([]);
    first();
    await clock.advance(10);
    // Once it was answered, the next; one at a time still, as the answered are fewer than eight.
    expect(granted).toEqual([310]);
    while (granted.length < 3) await clock.advance(10);
    await rest;
    expect(granted).toEqual([310, 320, 330]);
  });

  test("then one call in flight for every eight answered in the last window", async () => {
    const clock = manualClock();
    const limiter = new RateLimiter(60, 60_000, clock);
    let inFlight = 0;
    let answered = 0;
    const grants: Array<{ inFlight: number; answered: number }> = [];
    const calls = Array.from({ length: 40 }, () =>
      limiter.take().then(async (release) => {
        grants.push({ inFlight: ++inFlight, answered });
        await clock.sleep(100);
        inFlight--;
        answered++;
        release();
      }),
    );
    while (grants.length < 40) await clock.advance(10);
    await clock.advance(100);
    await Promise.all(calls);
    for (const grant of grants) expect(grant.inFlight).toBeLessThanOrEqual(Math.max(1, Math.floor(grant.answered / 8)));
    expect(Math.max(...grants.map((grant) => grant.inFlight))).toBe(4);
  });

  test("after a throttle, one call at a time again; a slow answer holds the next no longer than a twelfth of the window", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(60, 60_000, clock);
    for (let i = 0; i < 20; i++) await call(limiter, [], clock);
    (await limiter.take())("throttled");
    clock.time += 60_001; // the 20 calls have left the window: the share's budget does not hold the next
    await limiter.take(); // never answered
    const probeAt = clock.time;
    const times: number[] = [];
    await call(limiter, times, clock);
    expect(times[0] - probeAt).toBeGreaterThanOrEqual(5_000);
    expect(times[0] - probeAt).toBeLessThan(5_100);
  });

  test("serves concurrent callers of one urgency in arrival order", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(2, 60_000, clock);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => limiter.take().then((release) => (order.push(i), release()))));
    expect(order).toEqual([0, 1, 2, 3]);
  });

  test("a poll aimed at a predicted end goes before waiting creates, a speculative poll after them", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(2, 60_000, clock);
    for (let i = 0; i < 2; i++) await call(limiter, [], clock);
    const order: string[] = [];
    const record = (name: string) => (release: () => void) => (order.push(name), release());
    await Promise.all([
      limiter.take("speculative").then(record("speculative")),
      limiter.take("normal").then(record("create 1")),
      limiter.take("normal").then(record("create 2")),
      limiter.take("urgent").then(record("end poll")),
    ]);
    expect(order).toEqual(["end poll", "create 1", "create 2", "speculative"]);
  });

  test("urgent polls do not lift the limit: creates still get every slot the polls leave", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(60, 60_000, clock);
    const creates: number[] = [];
    const polls: number[] = [];
    await Promise.all([
      ...Array.from({ length: 150 }, () => call(limiter, creates, clock, "normal")),
      ...Array.from({ length: 10 }, () => call(limiter, polls, clock, "urgent")),
    ]);
    expect(maxInAnyWindow([...creates, ...polls].sort((a, b) => a - b), 60_000)).toBeLessThanOrEqual(60);
    // The first 60 creates were granted before the polls asked; every poll goes before the rest.
    expect(Math.max(...polls)).toBeLessThanOrEqual(Math.min(...creates.slice(60)));
  });

  test("after a throttle, a quarter of a window's share may go at once, then calls keep to the share's rate", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(60, 60_000, clock);
    const times: number[] = [];
    for (let i = 0; i < 40; i++) await call(limiter, times, clock);
    (await limiter.take())("throttled");
    // Cut to 0.7 of the 40 calls that got through: 28 a minute, growing back from there.
    expect(limiter.currentShare() * 60).toBeCloseTo(28);
    // Once those 40 have left the window: a quarter of the share's minute at once, then its pace.
    clock.time += 60_001;
    const perMinute = limiter.currentShare() * 60;
    const atOnce = Math.floor(perMinute / 4);
    expect(atOnce).toBeGreaterThan(1);
    const burst: number[] = [];
    for (let i = 0; i < atOnce + 3; i++) await call(limiter, burst, clock);
    expect(burst.filter((at) => at === burst[0])).toHaveLength(atOnce);
    // (the share grows a little meanwhile, so the pace is a little quicker than at first)
    expect(burst[atOnce + 2] - burst[atOnce + 1]).toBeGreaterThan(0.9 * (60_000 / perMinute));
  });

  test("a ceiling under the service's limit caps the share, which is measured and grows back against the service's limit", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(7, 60_000, clock, undefined, 60);
    expect(limiter.currentShare() * 60).toBeCloseTo(7);
    const times: number[] = [];
    for (let i = 0; i < 6; i++) await call(limiter, times, clock);
    (await limiter.take())("throttled");
    expect(limiter.currentShare() * 60).toBeCloseTo(0.7 * 6);
    // Back at the 6 it was cut from within a window, as a share of 6 of the service's 60 is
    // (measured against the ceiling, 6 of 7 took two windows to come back: 5.5 a minute here).
    clock.time += 45_000;
    expect(limiter.currentShare() * 60).toBeGreaterThan(5.9);
    clock.time += 120_000;
    expect(limiter.currentShare() * 60).toBeCloseTo(7);
    const later: number[] = [];
    for (let i = 0; i < 20; i++) await call(limiter, later, clock);
    expect(maxInAnyWindow(later, 60_000)).toBeLessThanOrEqual(7);
  });

  test("a ceiling under the service's limit is kept as a rate from the start: a quarter of its minute at once, then a call every minute ÷ ceiling", async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(15, 60_000, clock, undefined, 60);
    const times: number[] = [];
    for (let i = 0; i < 15; i++) await call(limiter, times, clock);
    // Spent at once, all fifteen went at 0 and the sixteenth waited a minute.
    expect(times.filter((at) => at === 0).length).toBeLessThanOrEqual(4);
    const gaps = times.slice(5).map((at, i) => at - times[4 + i]);
    for (const gap of gaps) expect(gap).toBeCloseTo(4_000, -1);
    expect(maxInAnyWindow(times, 60_000)).toBeLessThanOrEqual(15);
  });
});
