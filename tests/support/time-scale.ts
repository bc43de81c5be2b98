/**
 * Time at `scale` of the service's (0.1: ten times faster), as the benchmarks run long operations
 * in short runs: the lengths the simulator gives jobs and cache changes, and the rate limit's
 * window, the simulator's and the client's (DDM_RATE_LIMIT_WINDOW_MS, for a provider in this
 * process through the environment, or in a CLI's or test engine's provider process through the
 * stack's `env`), all scaled by the same factor, and the allowance on how late an end may be
 * noticed (the target, 1 s + 2 % of the operation) with them. The client's pacing needs no
 * setting: it aims at each operation's end by its progress, so it follows the scaled lengths.
 *
 * The client's window also scales its waits after a 429 (2 s at the service) and its back-off
 * between retries (0.5–10 s). What keeps the service's pace, so a scaled test must not assume
 * otherwise: the first look after a submit (1 s) and a DCS task's time left, counted in whole
 * seconds.
 *
 *     const time = timeScale(0.1);
 *     const sim = await startTestSimulator({ rateLimit: time.rateLimit(60), durations: { enlarge: time.ms(60_000) } });
 *     const stack = new CliStack({ ..., env: time.clientEnv });           // or withEnv(time.clientEnv)
 *     expect(overshootMs).toBeLessThanOrEqual(time.allowanceMs(jobMs));
 */
export interface TimeScale {
  /** The factor: 0.1 is ten times faster than the service. */
  scale: number;
  /** A length at the service's pace, scaled. */
  ms(serviceMs: number): number;
  /** The rate limit's window, a minute at the service, scaled. */
  windowMs: number;
  /** The simulator's `rateLimit` option: `limit` calls per scaled window. */
  rateLimit(limit: number): { limit: number; windowMs: number };
  /** The environment that tells the client the same window. */
  clientEnv: { DDM_RATE_LIMIT_WINDOW_MS: string };
  /** How late the end of an operation that lasted `lengthMs` (already scaled) may be noticed: 1 s, scaled, + 2 % of it. */
  allowanceMs(lengthMs: number): number;
}

const SERVICE_WINDOW_MS = 60_000;
const ON_TIME_MS = 1_000;
const LATE_SHARE = 0.02;

export function timeScale(scale: number): TimeScale {
  const windowMs = Math.round(SERVICE_WINDOW_MS * scale);
  return {
    scale,
    ms: (serviceMs) => Math.round(serviceMs * scale),
    windowMs,
    rateLimit: (limit) => ({ limit, windowMs }),
    clientEnv: { DDM_RATE_LIMIT_WINDOW_MS: String(windowMs) },
    allowanceMs: (lengthMs) => ON_TIME_MS * scale + LATE_SHARE * lengthMs,
  };
}
