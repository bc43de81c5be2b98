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

/** Ends the call's hold on its slot; the window counts it from this moment. */
export type Release = () => void;

export class RateLimiter {
  /** Each call of the last window: when it started, then when it was answered. */
  private slots: Array<{ at: number }> = [];
  private readonly waiting: Record<Urgency, Array<(release: Release) => void>> = { urgent: [], normal: [], speculative: [] };
  private serving = false;

  constructor(
    readonly limit: number,
    readonly windowMs: number = 60_000,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Resolves when the caller may send one request; call the release once it is answered. */
  take(urgency: Urgency = "normal"): Promise<Release> {
    return new Promise((resolve) => {
      this.waiting[urgency].push(resolve);
      if (!this.serving) void this.serve();
    });
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

  private grant(): Release {
    const slot = { at: this.clock.now() };
    this.slots.push(slot);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      slot.at = this.clock.now();
    };
  }

  /** One server hands out slots as they free up; who gets one is decided when it is there. */
  private async serve(): Promise<void> {
    this.serving = true;
    try {
      while (this.pending()) {
        const now = this.clock.now();
        this.slots = this.slots.filter((slot) => slot.at > now - this.windowMs);
        if (this.slots.length < this.limit) {
          this.next()!(this.grant());
          continue;
        }
        const oldest = Math.min(...this.slots.map((slot) => slot.at));
        await this.clock.sleep(oldest + this.windowMs - now + 1);
      }
    } finally {
      this.serving = false;
    }
  }
}

const limiters = new Map<string, RateLimiter>();

/** The process-wide limiter for a principal; a changed limit replaces it. */
export function limiterFor(principal: string, limit: number, windowMs = 60_000): RateLimiter {
  const existing = limiters.get(principal);
  if (existing && existing.limit === limit && existing.windowMs === windowMs) return existing;
  const limiter = new RateLimiter(limit, windowMs);
  limiters.set(principal, limiter);
  return limiter;
}
