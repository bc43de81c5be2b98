import { systemClock, type Clock } from "../cloud/rate-limiter";
import { redact } from "../cloud/redact";
import { confirmationDelay, nextPollDelay, pollTarget, type Advance } from "./pacing";
import { formatDuration, progressLine, type Reporter } from "./progress";

/** What one look at a long operation saw. */
export type Observation<T> =
  /**
   * `progress`, `resolution`, `remainingMs`: what the service reported of its advance (pacing's
   * Advance). `confirming`: the operation looks done and must be seen so once more, soon
   * (confirmedTwice).
   */
  | ({ state: "pending"; status?: string; confirming?: boolean } & Advance)
  | { state: "done"; value: T }
  | { state: "failed"; reason: string; status?: string };

export class OperationFailedError extends Error {
  override readonly name = "OperationFailedError";
  constructor(
    readonly label: string,
    readonly reason: string,
  ) {
    super(redact(`${label} failed: ${reason}`));
  }
}

export class WaitTimeoutError extends Error {
  override readonly name = "WaitTimeoutError";
  constructor(
    readonly label: string,
    readonly timeoutMs: number,
    readonly lastSeen?: string,
    /** Where a user can see the operation for themselves. */
    whereToLook = "check the operation in the console",
  ) {
    super(`${label} did not finish within ${formatDuration(timeoutMs)}` + (lastSeen ? ` (last seen: ${lastSeen})` : "") + `; raise the resource's timeouts or ${whereToLook}`);
  }
}

export interface WaitOptions<T> {
  /** Names the operation in progress lines and errors: "orders-ddm: scaling out 2 → 4 nodes". */
  label: string;
  /** One look at the operation. Errors thrown here end the wait. */
  observe: () => Promise<Observation<T>>;
  timeoutMs: number;
  /**
   * When the service accepted the operation (answered its submit); progress estimates are
   * measured from here, so anything earlier (lookups, the rate limiter's queue) must not be.
   */
  startedAt?: number;
  /**
   * Wait before the first look, as after submitting a job: a job that has just started has
   * nothing to report. Off by default: a second phase (the instance after its job) looks at once.
   */
  pollFirstAfterDelay?: boolean;
  /** Without progress, polls double up to this interval (default MAX_BLIND_INTERVAL_MS). */
  maxIntervalMs?: number;
  report?: Reporter;
  clock?: Clock;
  /** Ends the timeout's message: where to see the operation (default: the console). */
  whereToLook?: string;
}

/**
 * Polls until the operation is done, failed or out of time, pacing the polls by
 * `nextPollDelay`. Statuses it does not know are simply pending until the timeout.
 */
export async function waitFor<T>(options: WaitOptions<T>): Promise<T> {
  const clock = options.clock ?? systemClock;
  const startedAt = options.startedAt ?? clock.now();
  const deadline = startedAt + options.timeoutMs;
  let lastSeen: string | undefined;
  if (options.pollFirstAfterDelay) await clock.sleep(Math.min(nextPollDelay(clock.now() - startedAt), options.timeoutMs));
  for (;;) {
    const observation = await options.observe();
    // Taken when the answer came, so a look held up in the rate limiter's queue is judged by the
    // progress the service reported then, not by when it was meant to be taken.
    const elapsed = clock.now() - startedAt;
    if (observation.state === "done") return observation.value;
    if (observation.state === "failed") throw new OperationFailedError(options.label, observation.reason);
    lastSeen = observation.progress !== undefined ? `${observation.progress}%` : observation.status ?? lastSeen;
    options.report?.(progressLine(options.label, elapsed, observation.progress, observation.status));
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw new WaitTimeoutError(options.label, options.timeoutMs, lastSeen, options.whereToLook);
    const delay = observation.confirming
      ? confirmationDelay(elapsed)
      : pollTarget(elapsed, observation, options.maxIntervalMs).delayMs;
    await clock.sleep(Math.min(delay, remaining));
  }
}

/**
 * For services whose status may read "done" for a moment before it really is (DCS: RUNNING is
 * required twice in a row): done only when two consecutive looks say so; the second look comes
 * after `confirmationDelay`, not a whole poll interval later.
 */
export function confirmedTwice<T>(observe: () => Promise<Observation<T>>): () => Promise<Observation<T>> {
  let seenDone = false;
  return async () => {
    const observation = await observe();
    if (observation.state !== "done") {
      seenDone = false;
      return observation;
    }
    if (seenDone) return observation;
    seenDone = true;
    return { state: "pending", status: "confirming", confirming: true };
  };
}
