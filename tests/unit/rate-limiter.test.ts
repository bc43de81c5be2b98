import { burstFor, TokenBucket, type Clock } from "../../provider/cloud/rate-limiter";

/** A clock that advances only when the limiter sleeps, so the test measures granted calls, not wall time. */
function virtualClock(): Clock & { time: number } {
  const clock = {
    time: 0,
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.time += ms;
    },
  };
  return clock;
}

describe("token bucket", () => {
  test("grants a small burst at once, then paces the rest", async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket(60, 60_000, clock);
    for (let i = 0; i < burstFor(60); i++) await bucket.take();
    expect(clock.time).toBe(0);
    await bucket.take();
    expect(clock.time).toBeGreaterThan(1000);
  });

  test("never grants more than the limit in any one-minute window", async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket(60, 60_000, clock);
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      await bucket.take();
      times.push(clock.time);
    }
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= times[i] && t < times[i] + 60_000).length;
      expect(inWindow).toBeLessThanOrEqual(60);
    }
    // ...while staying above 90% of the limit over the long run.
    const perMinute = (times.length - 1) / ((times[times.length - 1] - times[0]) / 60_000);
    expect(perMinute).toBeGreaterThanOrEqual(54);
  });

  test("serves concurrent callers in arrival order", async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket(12, 60_000, clock);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => bucket.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
  });
});

describe("token bucket urgency", () => {
  test("a poll aimed at a predicted end goes before waiting creates, a speculative poll after them", async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket(12, 60_000, clock);
    for (let i = 0; i < bucket.burst; i++) await bucket.take();
    const order: string[] = [];
    const waits = [
      bucket.take("speculative").then(() => order.push("speculative")),
      bucket.take("normal").then(() => order.push("create 1")),
      bucket.take("normal").then(() => order.push("create 2")),
      bucket.take("urgent").then(() => order.push("end poll")),
    ];
    await Promise.all(waits);
    expect(order).toEqual(["end poll", "create 1", "create 2", "speculative"]);
  });

  test("urgent polls do not lift the limit: creates still get every token the polls leave", async () => {
    const clock = virtualClock();
    const bucket = new TokenBucket(60, 60_000, clock);
    const creates: number[] = [];
    const polls: number[] = [];
    await Promise.all([
      ...Array.from({ length: 100 }, () => bucket.take("normal").then(() => creates.push(clock.time))),
      ...Array.from({ length: 10 }, () => bucket.take("urgent").then(() => polls.push(clock.time))),
    ]);
    const all = [...creates, ...polls].sort((a, b) => a - b);
    for (const start of all) expect(all.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(60);
    expect(Math.max(...polls)).toBeLessThan(Math.min(...creates.slice(bucket.burst)));
  });
});
