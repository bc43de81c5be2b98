import type { Clock } from "../../provider/cloud/rate-limiter";

/** A clock that advances only when its user sleeps (or a test moves `time`), so tests count what was granted, not wall time. */
export function virtualClock(): Clock & { time: number } {
  const clock = { time: 0, now: () => clock.time, sleep: async (ms: number) => void (clock.time += ms) };
  return clock;
}
