import { RateLimiter, type Clock } from "../../provider/cloud/rate-limiter";
import { Throttle } from "../../simulator/throttle";

/**
 * Several runs sharing one credential, each a process with its own limiter that cannot see the
 * others: only the gateway's answers are shared. The gateway is the simulator's sliding window;
 * time is virtual, every sleep waking in order.
 */
function eventClock(): Clock & { run(until: () => boolean): Promise<void> } {
  let time = 0;
  const timers: Array<{ at: number; wake: () => void }> = [];
  return {
    now: () => time,
    sleep: (ms) => new Promise<void>((wake) => timers.push({ at: time + Math.max(ms, 0), wake })),
    async run(until) {
      for (let steps = 0; steps < 200_000; steps++) {
        await new Promise((resolve) => setImmediate(resolve));
        if (until()) return;
        if (!timers.length) throw new Error("nothing left to run");
        const next = timers.reduce((a, b) => (b.at < a.at ? b : a));
        timers.splice(timers.indexOf(next), 1);
        time = Math.max(time, next.at);
        next.wake();
      }
      throw new Error("the runs never finished");
    },
  };
}

const LIMIT = 60;
const WINDOW_MS = 60_000;
const ADVICE_MS = 2_000;

interface Contention {
  calls: number;
  throttled: number;
  admittedAt: number[];
  finishedAt: number[];
}

/** `runs` processes, each with `workers` callers making `callsPerRun` calls in all, a throttled call sent again after the gateway's advice. */
async function contend(runs: number, callsPerRun: number, workers = 3): Promise<Contention> {
  const clock = eventClock();
  const gateway = new Throttle({ limit: LIMIT, windowMs: WINDOW_MS });
  const result: Contention = { calls: 0, throttled: 0, admittedAt: [], finishedAt: [] };
  let finished = 0;
  for (let run = 0; run < runs; run++) {
    const limiter = new RateLimiter(LIMIT, WINDOW_MS, clock);
    let left = callsPerRun;
    let active = workers;
    const worker = async () => {
      while (left > 0) {
        left--;
        for (;;) {
          const release = await limiter.take();
          result.calls++;
          const admitted = gateway.admit("ak:shared", clock.now());
          release(admitted ? "answered" : "throttled");
          if (admitted) {
            result.admittedAt.push(clock.now());
            break;
          }
          result.throttled++;
          await clock.sleep(ADVICE_MS);
        }
      }
      if (--active === 0) {
        finished++;
        result.finishedAt.push(clock.now());
      }
    };
    for (let i = 0; i < workers; i++) void worker();
  }
  await clock.run(() => finished === runs);
  return result;
}

/** Admitted calls per window, as a share of the limit, while every run still had calls to make. */
function contendedRate(result: Contention): number {
  const until = Math.min(...result.finishedAt);
  const admitted = result.admittedAt.filter((at) => at <= until).length;
  return admitted / (until / WINDOW_MS) / LIMIT;
}

describe("one credential, several runs that cannot see each other", () => {
  test("a run alone spends the whole limit at once and is never throttled", async () => {
    const result = await contend(1, 150);
    expect(result.throttled).toBe(0);
    expect(contendedRate(result)).toBeGreaterThanOrEqual(0.9);
  });

  test.each([2, 4, 8])("%i runs: at most a tenth of the calls throttled, the credential's limit still at least three quarters used", async (runs) => {
    const result = await contend(runs, 120);
    expect(result.admittedAt).toHaveLength(runs * 120);
    expect(result.throttled / result.calls).toBeLessThanOrEqual(0.1);
    expect(contendedRate(result)).toBeGreaterThanOrEqual(0.75);
  });
});
