import { afterThrottle, burstMs, cautious, intervalMs, shareAt, UNENGAGED, type AdaptiveShare } from "./adaptive-share";
import { recordKey, SharedRecord } from "./shared-record";

/**
 * The client side of the service's per-user limit (60 calls a minute by default), shared by
 * every request made with one credential in this process, so that all the resources of one
 * `pulumi up` together stay under it instead of each tripping it on its own.
 *
 * It mirrors the documented policy, `limit` calls in any window: a call may start while fewer
 * than `limit` calls were made within the last window, each counted from its answer (the
 * latest the gateway can have seen it), which keeps the gateway's own sliding window from
 * answering 429 to a single process whatever the latency. A call still unanswered a window
 * after it started counts from its start, so nothing waits on it forever (a token request made
 * while every slot waits for that token). A watcher that stayed quiet while jobs ran has the
 * whole window to spend when many of them end at once.
 *
 * The limit belongs to the credential, not to the process: other runs may be spending it, here or
 * on other machines. Two things account for them. The calls of the other processes of this machine,
 * from a shared record (`SharedRecord`), count in the window as this process's own do. And a
 * throttled answer (which the window does not count, as the gateway does not) cuts the share of the
 * limit this process allows itself, which then grows back while the service keeps answering
 * (`AdaptiveShare`); while a share is engaged, calls are paced at that rate, with a small burst
 * allowed (`burstMs`), instead of spent all at once, as they are under a ceiling below the
 * service's limit. A throttle the shared record explains (this process took the last slot its view
 * of the window had) cuts nothing: the processes that share the record already divide the window
 * exactly, and only a throttle the record cannot explain says an unseen user (another machine)
 * spends part of the limit.
 *
 * Calls in flight are capped by what the service has answered lately: one until a call is
 * answered (at the start and after each throttle), then one for every eight calls answered in the
 * last window. A run learns that other runs filled the window only from an answer, and every call
 * in flight when it fills is refused: a process starting into a window full of other runs' calls
 * drew a throttle per resource, and runs that cannot see each other drew most of their throttles
 * in the first seconds, all knocking at once. At the service's pace the window, not round trips,
 * bounds a run, so the cap costs a lone run little.
 */

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Who waits for a slot: a poll aimed at an operation's predicted end is `urgent` and goes first;
 * everything else (creates, reads, submits) is `normal`; a poll that only refreshes a prediction
 * is `speculative` and waits for both. Within one class, callers are served in arrival order.
 */
export type Urgency = "urgent" | "normal" | "speculative";
const URGENCY_ORDER: readonly Urgency[] = ["urgent", "normal", "speculative"];

/** How a call ended: answered (it counts against the limit), or throttled (it does not, and says the limit is shared). */
export type Outcome = "answered" | "throttled";

/** Ends the call's hold on its slot; an answered call counts in the window from this moment. */
export type Release = (outcome?: Outcome) => void;

/** How long to wait for another process's hold on the shared record before deciding alone. */
const SHARED_PATIENCE_MS = 100;
const LOCK_RETRY_MS = 5;
/** Calls answered in the last window for each call allowed in flight. */
const ANSWERED_PER_CALL_IN_FLIGHT = 8;
/** How often the server looks whether a call in flight was answered. */
const IN_FLIGHT_CHECK_MS = 10;
/**
 * Answers a process needs before a throttle can say what share it has. A process that had one
 * call answered when the window freed, and was throttled on the next, measured a share of one
 * call: its rate plateaued there and then waited a window for that call to leave it, so four
 * short `destroy`s into a window full of the `up`s' calls used two fifths of the limit.
 */
const ANSWERS_TO_MEASURE = 4;

interface Slot {
  grantedAt: number;
  /** When it started, then when it was answered. */
  at: number;
  /** Granted with the shared record's view of the window, in which it was the last slot. */
  lastSeenSlot: boolean;
  answered: boolean;
}

export class RateLimiter {
  /** Each call of the last window that was not refused. */
  private slots: Slot[] = [];
  private readonly waiting: Record<Urgency, Array<(release: Release) => void>> = { urgent: [], normal: [], speculative: [] };
  private serving = false;
  private share: AdaptiveShare = UNENGAGED;
  /** While calls are paced: when the next call is due at their rate (the burst allowance aside). */
  private paceAt = -Infinity;
  /** The other processes' calls as last read from the shared record: used while the record is busy. */
  private othersSeen: readonly number[] = [];
  /** Nothing answered since the start or the last throttle. */
  private probing = true;
  private inFlight = 0;
  private lastGrantAt = -Infinity;
  /** Calls answered since the process started: until `ANSWERS_TO_MEASURE`, a throttle measures no share. */
  private answers = 0;

  /**
   * `limit` is this process's ceiling (the user's `ddm:maxRequestsPerMinute`); `serviceLimit` is
   * what the service allows the credential in a window. Shares are of the service's limit, the
   * ceiling only capping them: measured against a ceiling of 7 a minute (the README's advice for
   * eight runs on separate machines), a cut share grew back eight times slower in calls, and eight
   * `destroy`s refused as they started into a minute still full of the `up`s' calls used a third
   * to a half of the limit (tests/unit/adaptive-limit.test.ts).
   */
  constructor(
    readonly limit: number,
    readonly windowMs: number = 60_000,
    private readonly clock: Clock = systemClock,
    private readonly shared?: SharedRecord,
    readonly serviceLimit: number = limit,
  ) {
    // A credential throttled within the last window is still contended: start at a cautious share.
    const start = clock.now();
    const throttledAt = shared?.transact(start, (view) => ({ result: view.throttledAt }));
    if (typeof throttledAt === "number" && throttledAt > start - windowMs) this.share = cautious(start);
  }

  /** Resolves when the caller may send one request; call the release once it is answered. */
  take(urgency: Urgency = "normal"): Promise<Release> {
    return new Promise((resolve) => {
      this.waiting[urgency].push(resolve);
      if (!this.serving) void this.serve();
    });
  }

  /** The share of the service's limit this process allows itself now (its ceiling's until the service first throttles it). */
  currentShare(): number {
    return this.allowedShare(this.clock.now());
  }

  private allowedShare(now: number): number {
    return Math.min(this.limit / this.serviceLimit, shareAt(this.share, now, this.windowMs));
  }

  private next(): ((release: Release) => void) | undefined {
    for (const urgency of URGENCY_ORDER) {
      const grant = this.waiting[urgency].shift();
      if (grant) return grant;
    }
    return undefined;
  }

  private pending(): boolean {
    return URGENCY_ORDER.some((urgency) => this.waiting[urgency].length > 0);
  }

  private grant(now: number, lastSeenSlot: boolean): Release {
    const slot: Slot = { grantedAt: now, at: now, lastSeenSlot, answered: false };
    this.slots.push(slot);
    if (this.paced()) this.paceAt = Math.max(this.paceAt, now) + intervalMs(this.allowedShare(now), this.serviceLimit, this.windowMs);
    this.inFlight++;
    this.lastGrantAt = now;
    let released = false;
    return (outcome = "answered") => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.probing = outcome === "throttled";
      const at = this.clock.now();
      const unseenUser = outcome === "throttled" && this.throttled(slot, at);
      if (outcome === "answered") {
        Object.assign(slot, { at, answered: true });
        this.answers++;
      }
      this.publish(at, unseenUser ? at : undefined);
    };
  }

  /**
   * The gateway did not count the call. Unless the shared record explains it, or it was sent
   * before the last cut, it is news that someone unseen spends part of the limit: cut the share,
   * from what this process got through in the last window once it has been answered enough to say.
   */
  private throttled(slot: Slot, at: number): boolean {
    this.slots = this.slots.filter((other) => other !== slot);
    if (slot.lastSeenSlot) return false;
    if (this.share.engaged && slot.grantedAt < this.share.lastCutAt) return true;
    const gotThrough = this.slots.filter((other) => other.at > at - this.windowMs).length;
    this.share = afterThrottle(at, this.answers < ANSWERS_TO_MEASURE ? 0 : gotThrough / this.serviceLimit);
    return true;
  }

  /** Best effort: the others see this process's answer times (and a throttle) as soon as the record is free. */
  private publish(now: number, throttledAt: number | undefined): void {
    this.shared?.transact(now, () => ({ result: undefined, update: { own: this.slots.map((slot) => slot.at), throttledAt } }));
  }

  /**
   * At the cap, the next call waits for one in flight to be answered, but no longer than a
   * twelfth of the window (5 s at the service's minute): a slow answer holds no one for long.
   */
  private inFlightCapped(now: number): boolean {
    const answered = this.slots.filter((slot) => slot.answered).length;
    const cap = this.probing ? 1 : Math.max(1, Math.floor(answered / ANSWERED_PER_CALL_IN_FLIGHT));
    return this.inFlight >= cap && now - this.lastGrantAt < this.windowMs / 12;
  }

  /**
   * Calls keep to a rate while a share is engaged, and under a ceiling below the service's limit,
   * which says that other runs spend the rest of it (the README's 60 ÷ runs, for runs on separate
   * machines). Spent at once, such a ceiling's worth of calls into a window the others had filled
   * drew a throttle that cut the run to the minimum share: four `destroy`s at 60 ÷ 4 each into a
   * window the `up`s had filled used 55 % of the limit while they ran together; paced, 80 %
   * (tests/unit/adaptive-limit.test.ts).
   */
  private paced(): boolean {
    return this.share.engaged || this.limit < this.serviceLimit;
  }

  /** While calls are paced, they keep to the allowed share's rate, a small burst allowed. */
  private pacedUntil(now: number): number {
    if (!this.paced()) return now;
    return this.paceAt - burstMs(this.allowedShare(now), this.serviceLimit, this.windowMs);
  }

  /**
   * Grants a slot when the window has room (0); else how long until it may. Room: fewer than the
   * limit counting `others`, and, while a share is engaged, fewer than the share of it counting
   * this process's own calls alone, so that after a throttle it waits for its own calls of the
   * full window to leave it rather than knock on it.
   */
  private tryGrant(now: number, others: readonly number[], seen: boolean): number {
    const own = this.slots.map((slot) => slot.at);
    const budget = this.share.engaged ? Math.max(1, Math.floor(this.allowedShare(now) * this.serviceLimit)) : this.limit;
    const known = [...own, ...others.filter((at) => at > now - this.windowMs)];
    const wait = Math.max(roomAfter(own, budget, this.windowMs, now), roomAfter(known, this.limit, this.windowMs, now));
    if (wait === 0) this.next()!(this.grant(now, seen && known.length === this.limit - 1));
    return wait;
  }

  /**
   * Decides with the other processes' calls, publishing this process's calls in the same step
   * (again, should an earlier publish have found the record busy); with the last view of them
   * while the record stays busy; alone when it is unusable.
   */
  private tryGrantShared(now: number, busyTooLong: boolean): number | "busy" {
    if (!this.shared) return this.tryGrant(now, [], false);
    if (busyTooLong) return this.tryGrant(now, this.othersSeen, false);
    const decided = this.shared.transact(now, (view) => {
      this.othersSeen = view.others;
      const wait = this.tryGrant(now, view.others, true);
      return { result: wait, update: { own: this.slots.map((slot) => slot.at) } };
    });
    return decided === "off" ? this.tryGrant(now, [], false) : decided;
  }

  /** One server hands out slots as they free up; who gets one is decided when it is there. */
  private async serve(): Promise<void> {
    this.serving = true;
    let busySince: number | undefined;
    try {
      while (this.pending()) {
        const now = this.clock.now();
        this.slots = this.slots.filter((slot) => slot.at > now - this.windowMs);
        const paced = this.pacedUntil(now);
        if (paced > now) {
          await this.clock.sleep(Math.ceil(paced - now));
          continue;
        }
        if (this.inFlightCapped(now)) {
          await this.clock.sleep(IN_FLIGHT_CHECK_MS);
          continue;
        }
        const wait = this.tryGrantShared(now, busySince !== undefined && now - busySince >= SHARED_PATIENCE_MS);
        if (wait === "busy") {
          busySince ??= now;
          await this.clock.sleep(LOCK_RETRY_MS);
          continue;
        }
        busySince = undefined;
        if (wait > 0) await this.clock.sleep(wait);
      }
    } finally {
      this.serving = false;
    }
  }
}

/** 0 when fewer than `allowed` of `times` are in the window; else until all but `allowed - 1` of them have left it. */
function roomAfter(times: readonly number[], allowed: number, windowMs: number, now: number): number {
  if (times.length < allowed) return 0;
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(1, sorted[times.length - allowed] + windowMs - now + 1);
}

const limiters = new Map<string, RateLimiter>();

export interface LimitOptions {
  /** The user's ceiling for this process. */
  limit: number;
  /** What the service allows the credential per window. */
  serviceLimit: number;
  windowMs: number;
  /** Where the principal's calls to its gateway are shared with the other processes of the machine. */
  shared?: { dir: string; gateway: string };
}

/** The process-wide limiter for a principal; a changed limit replaces it. */
export function limiterFor(principal: string, { limit, serviceLimit, windowMs, shared }: LimitOptions): RateLimiter {
  const existing = limiters.get(principal);
  if (existing && existing.limit === limit && existing.serviceLimit === serviceLimit && existing.windowMs === windowMs) return existing;
  const record = shared && new SharedRecord(shared.dir, recordKey(principal, shared.gateway, windowMs), windowMs);
  const limiter = new RateLimiter(limit, windowMs, systemClock, record, serviceLimit);
  limiters.set(principal, limiter);
  return limiter;
}
