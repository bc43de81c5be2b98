/**
 * The share of the credential's limit this process really has, learnt from the service's answers
 * alone (pure). Others using the same credential, on this machine or another, are invisible but
 * for one thing: a 429 says that, together, we asked for more than the limit.
 *
 * The design follows the AWS SDKs' "adaptive" retry mode (a send rate cut on a throttle and grown
 * back along a CUBIC curve), rescaled to a per-window limit: rates are shares of the service's
 * limit (1 = the whole limit; the user's ceiling caps them, in the limiter) and time is counted in
 * windows, so the same curve serves the service's minute and a benchmark's scaled-down window.
 * Until the first throttle the share is not engaged: a process alone runs at its ceiling, paced
 * by the sliding window only (kept as a rate when the ceiling is under the service's limit: see
 * the limiter).
 */

export interface AdaptiveShare {
  engaged: boolean;
  /** The share right after the last cut. */
  floor: number;
  /** The share the last cut was made from: the curve flattens there before probing above it. */
  lastMax: number;
  /** When the last cut was made (ms). */
  lastCutAt: number;
}

/** Multiplicative cut on a throttle (CUBIC's β). */
export const CUT = 0.7;
/**
 * The curve's scale: shares of the limit per window³. A process cut from an eighth of the limit
 * (eight runs) is back there after a window (K = ∛(0.3 × share ÷ C)), as a call counts against the
 * limit for a whole window, so eight runs sharing a credential see about one throttle each every
 * window or two; one left alone is back at the whole limit about four windows later. Chosen with
 * tests/unit/adaptive-limit.test.ts: 0.25 throttled 16 % of the calls of eight runs, 0.03 8 %.
 */
export const CURVE = 0.03;
/** Never below this share: a probe at least every 32nd of a limit's worth of calls. */
export const MIN_SHARE = 1 / 32;

export const UNENGAGED: AdaptiveShare = { engaged: false, floor: 1, lastMax: 1, lastCutAt: -Infinity };

/**
 * How much of a window's share may be spent at once: a quarter. Paced one call at a time, a
 * process whose calls come in bursts (three resources' polls due together, then a job's wait)
 * lost the slots of its quiet moments; a whole window's share at once would have every cut
 * process knock on the window together as it frees.
 */
export const BURST = 0.25;

/** The time between calls at `share` of the limit. */
export function intervalMs(share: number, limit: number, windowMs: number): number {
  return windowMs / (share * limit);
}

/** How far ahead of its rate a process may be: the burst beyond the one call the rate allows. */
export function burstMs(share: number, limit: number, windowMs: number): number {
  return Math.max(0, BURST * share * limit - 1) * intervalMs(share, limit, windowMs);
}

/** Where a process starts when the credential was throttled recently, probing up from there. */
export const CAUTIOUS = 0.5;

export function cautious(now: number): AdaptiveShare {
  return { engaged: true, floor: CAUTIOUS, lastMax: CAUTIOUS, lastCutAt: now };
}

/** The share at `now`: CUBIC's W(t) = C(t − K)³ + Wmax, capped by the configured limit. */
export function shareAt(state: AdaptiveShare, now: number, windowMs: number): number {
  if (!state.engaged) return 1;
  const t = Math.max(0, now - state.lastCutAt) / windowMs;
  const k = Math.cbrt((state.lastMax - state.floor) / CURVE);
  return Math.min(1, Math.max(state.floor, CURVE * (t - k) ** 3 + state.lastMax));
}

/**
 * After a throttle: cut from what the process really got through in the last window (`measured`,
 * a share of the limit), not from what it allowed itself: while a full window drains, throttles
 * keep coming with nothing new getting through, and cutting from the last cut each time would
 * sink the share to nothing. With nothing measured (0: nothing got through, or too little to say),
 * the throttle says nothing of this process's share (the window was full of calls made before it
 * started, a `destroy` right after the `up`s, or of another run's burst): the curve starts at the
 * minimum but climbs back towards the cautious share at once. Anchored at nothing, it would
 * plateau at the minimum and take two windows to reach an eighth of the limit, longer than a run's
 * phase (tests/unit/adaptive-limit.test.ts).
 */
export function afterThrottle(now: number, measured: number): AdaptiveShare {
  if (measured === 0) return { engaged: true, floor: MIN_SHARE, lastMax: CAUTIOUS, lastCutAt: now };
  const from = Math.max(MIN_SHARE, Math.min(1, measured));
  return { engaged: true, floor: Math.max(MIN_SHARE, CUT * from), lastMax: from, lastCutAt: now };
}
