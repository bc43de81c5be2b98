/**
 * When to look again at a long operation. Pure: from the time elapsed since it was submitted
 * and the last progress percentage the service reported, the delay before the next poll.
 *
 * The service's `process` is a whole percentage, so at elapsed `e` and progress `p` the job
 * will end somewhere in (e·100/(p+1), e·100/p]. We aim at the earliest possible end, so we
 * rarely poll after the job has finished by more than one small step, and we spend few calls
 * getting there: a 10-minute job settles in about ten polls.
 */

export const FIRST_POLL_MS = 1_000;
/** Without progress to go on, back off by doubling up to this. */
export const MAX_BLIND_INTERVAL_MS = 30_000;
/** Below this percentage the estimate is too coarse to jump to; keep doubling instead. */
export const TRUSTED_PROGRESS = 5;

function minimumStep(elapsedMs: number): number {
  return Math.max(250, elapsedMs * 0.01);
}

export function nextPollDelay(elapsedMs: number, progress?: number): number {
  if (elapsedMs <= 0) return FIRST_POLL_MS;
  const blind = Math.min(Math.max(elapsedMs, FIRST_POLL_MS), MAX_BLIND_INTERVAL_MS);
  if (progress === undefined || progress <= 0 || progress >= 100) return blind;
  const earliestEnd = (elapsedMs * 100) / (progress + 1);
  const target = progress >= TRUSTED_PROGRESS ? earliestEnd : Math.min(earliestEnd, elapsedMs + Math.max(elapsedMs, FIRST_POLL_MS));
  return Math.max(target - elapsedMs, minimumStep(elapsedMs));
}

/** "60%" → 60; anything else → undefined. */
export function parseProgress(process: unknown): number | undefined {
  if (typeof process === "number" && Number.isFinite(process)) return process;
  if (typeof process !== "string") return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(process);
  return match ? Number(match[1]) : undefined;
}
