/**
 * When to look again at a long operation. Pure: from the time elapsed since it was submitted
 * and the last progress percentage the service reported, the delay before the next poll.
 *
 * The service's `process` is a whole percentage, so at elapsed `e` and progress `p` the job
 * will end somewhere in (e·100/(p+1), e·100/p]. An end noticed within 2 % of the job's length
 * (its earliest possible end; at least 250 ms) is on time: that is the overshoot allowed. So
 * the next look goes that tolerance past the window's start: a job that ended by then was not
 * missed by more. Once that reaches the window's end (narrow: from 50 %), the look goes just
 * past the end. A window up to twice the tolerance wide (from 25 %) is settled by looking for
 * the end itself at that point: found there, it was on time; not there, what is left of the
 * window is narrow, and the next look goes just past its end (`latestDelayMs`). A 10-minute job
 * settles in about seven polls, a 2-second one in two.
 *
 * Coarser progress (an OBShell DAG's finished stages out of its nodes) gives its `resolution`
 * in percentage points: the window is then (e·100/(p+resolution), e·100/p]. During the last
 * step that window starts now and cannot narrow, so looks are spaced by 2 % of the elapsed
 * time, the precision whole percentages reach.
 *
 * A service that also tells the time left (DCS background tasks, in whole seconds) puts the end
 * within the second before it. That window is used alone before any progress shows, and
 * together with the percentage's where the two agree.
 */

export const FIRST_POLL_MS = 1_000;
/** Without progress to go on, back off by doubling up to this. */
export const MAX_BLIND_INTERVAL_MS = 30_000;
/** Below this percentage the estimate is too coarse to jump to: a look goes no further than `MAX_REACH`. */
export const TRUSTED_PROGRESS = 5;
/**
 * The furthest ahead a small percentage puts the next look, in multiples of the time elapsed:
 * as far as the smallest trusted one reaches (5 % puts the earliest end at 100/6 of it). That look
 * comes well before a job at 1 % can end unless it speeds up (at 50 times the time elapsed),
 * where a job at 5 % may end right after it.
 */
const MAX_REACH = 100 / (TRUSTED_PROGRESS + 1);
/** The share of an operation's length its end may be noticed late by: the overshoot allowed. */
const LATE_SHARE = 0.02;
/** Past the predicted end, to allow for the request's own latency. */
const END_MARGIN_MS = 20;
const MIN_STEP_MS = 50;

function blindDelay(elapsedMs: number, maxBlindMs: number): number {
  return Math.min(Math.max(elapsedMs, FIRST_POLL_MS), maxBlindMs);
}

/**
 * The next poll: its delay, and what it is aimed at. `blind`: no usable progress yet, backing
 * off; `estimate`: early in a coarse window, to narrow it; `end`: where the end is expected
 * (a narrow window, or 100 %). A watcher following many operations ranks its polls by aim.
 * `maxBlindMs` caps the doubling when there is no progress to go on (operations that never
 * report any use a lower cap).
 */
export type PollAim = "blind" | "estimate" | "end";

export interface PollTarget {
  delayMs: number;
  aim: PollAim;
  /**
   * An `end` look aimed inside its window: how long until just past the window's end, where a
   * look that did not find the end goes next. Past that, the operation runs late.
   */
  latestDelayMs?: number;
}

/** What the service last reported of an operation's advance. */
export interface Advance {
  /** Percentage done. */
  progress?: number;
  /** How coarse `progress` is, in percentage points (default 1). */
  resolution?: number;
  /** Time left as the service counts it (DCS background tasks), in its whole seconds. */
  remainingMs?: number;
}

/** A remaining time counted in whole seconds puts the end within the second before it. */
export const REMAINING_GRANULARITY_MS = 1_000;

/** Where the end lies: after the first moment, by the second. */
type Window = [number, number];

/** How late an end may be noticed: its share of the operation's length (at least its earliest end), never under 250 ms. */
function tolerance(earliestEnd: number): number {
  return Math.max(250, earliestEnd * LATE_SHARE);
}

/** Where the end lies, from a percentage: (e·100/(p+resolution), e·100/p], unbounded at 0 %. */
function progressWindow(elapsedMs: number, progress: number, resolution: number): Window {
  return [(elapsedMs * 100) / (progress + resolution), progress > 0 ? (elapsedMs * 100) / progress : Infinity];
}

/**
 * Where the end lies, from a remaining time: within its last second. That width does not shrink
 * as the operation advances, so it is judged against the operation's length, not the time
 * elapsed: one second is narrow for an operation of 50 s or more.
 */
function remainingWindow(elapsedMs: number, remainingMs: number): Window {
  return [elapsedMs + Math.max(remainingMs - REMAINING_GRANULARITY_MS, 0), elapsedMs + remainingMs];
}

export function pollTarget(elapsedMs: number, advance: Advance = {}, maxBlindMs = MAX_BLIND_INTERVAL_MS): PollTarget {
  const { progress, resolution = 1 } = advance;
  if (elapsedMs <= 0) return { delayMs: FIRST_POLL_MS, aim: "blind" };
  // Still running at 100 %: it is about to finish.
  if (progress !== undefined && progress >= 100) return { delayMs: Math.max(250, elapsedMs * 0.01), aim: "end" };
  const at = (target: number, aim: PollAim): PollTarget => ({
    delayMs: Math.max(target - elapsedMs, MIN_STEP_MS, resolution > 1 ? elapsedMs * 0.02 : 0),
    aim,
  });
  const within = ([earliestEnd, latestEnd]: Window): PollTarget => {
    const late = tolerance(earliestEnd);
    const pastEnd = latestEnd + END_MARGIN_MS;
    if (latestEnd - earliestEnd <= late) return at(pastEnd, "end");
    if (latestEnd - earliestEnd > 2 * late) return at(earliestEnd + late, "estimate");
    const target = at(earliestEnd + late, "end");
    return { ...target, latestDelayMs: Math.max(pastEnd - elapsedMs, target.delayMs) };
  };
  const byProgress = progress !== undefined && progress >= 0 ? progressWindow(elapsedMs, progress, resolution) : undefined;
  // Nothing left, yet not done, says nothing of when: such a count is not used.
  const remainingMs = advance.remainingMs !== undefined && Number.isFinite(advance.remainingMs) && advance.remainingMs > 0 ? advance.remainingMs : undefined;
  const byRemaining = remainingMs !== undefined ? remainingWindow(elapsedMs, remainingMs) : undefined;
  // The service's count of time left is used only where the work it reports done agrees with it.
  if (byRemaining && (!byProgress || (byRemaining[0] <= byProgress[1] && byProgress[0] <= byRemaining[1]))) {
    return within([Math.max(byRemaining[0], byProgress?.[0] ?? 0), Math.min(byRemaining[1], byProgress?.[1] ?? Infinity)]);
  }
  if (!byProgress || !progress) return { delayMs: blindDelay(elapsedMs, maxBlindMs), aim: "blind" };
  if (progress >= TRUSTED_PROGRESS) return within(byProgress);
  return at(Math.min(byProgress[0], Math.max(elapsedMs * MAX_REACH, elapsedMs + FIRST_POLL_MS)), "blind");
}

export function nextPollDelay(elapsedMs: number, progress?: number, resolution = 1, maxBlindMs = MAX_BLIND_INTERVAL_MS): number {
  return pollTarget(elapsedMs, { progress, resolution }, maxBlindMs).delayMs;
}

/** "60%" → 60; anything else → undefined. */
export function parseProgress(process: unknown): number | undefined {
  if (typeof process === "number" && Number.isFinite(process)) return process;
  if (typeof process !== "string") return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(process);
  return match ? Number(match[1]) : undefined;
}

/** A second look to confirm a "done": soon, but not so soon that a flapping status cannot show. */
export function confirmationDelay(elapsedMs: number): number {
  return Math.min(Math.max(elapsedMs * 0.02, 500), 5_000);
}
