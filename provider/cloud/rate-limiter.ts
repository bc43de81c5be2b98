/**
 * A token bucket shared by every request made with one credential in this process, so that all
 * the resources of one `pulumi up` together stay under the service's per-user limit
 * (60 calls a minute by default) instead of each tripping it on its own.
 *
 * The bucket holds `burst` tokens and refills at `(limit - burst)` per window: in any one
 * window it then grants at most `limit` calls, which keeps a sliding-window limit on the
 * server side from ever answering 429 to a single process, while running at over 90 % of it.
 */

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function burstFor(limit: number): number {
  return Math.max(1, Math.floor(limit / 12));
}

/**
 * Who waits for a token: a poll aimed at an operation's predicted end is `urgent` and goes first;
 * everything else (creates, reads, submits) is `normal`; a poll that only refreshes a prediction
 * is `speculative` and waits for both. Within one class, callers are served in arrival order.
 */
export type Urgency = "urgent" | "normal" | "speculative";
const URGENCY_ORDER: readonly Urgency[] = ["urgent", "normal", "speculative"];

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly waiting: Record<Urgency, Array<() => void>> = { urgent: [], normal: [], speculative: [] };
  private serving = false;
  private readonly ratePerMs: number;
  readonly burst: number;

  constructor(
    readonly limit: number,
    readonly windowMs: number = 60_000,
    private readonly clock: Clock = systemClock,
  ) {
    this.burst = burstFor(limit);
    this.ratePerMs = Math.max(limit - this.burst, 1) / windowMs;
    this.tokens = this.burst;
    this.last = clock.now();
  }

  /** Resolves when the caller may send one request. */
  take(urgency: Urgency = "normal"): Promise<void> {
    return new Promise((resolve) => {
      this.waiting[urgency].push(resolve);
      if (!this.serving) void this.serve();
    });
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.ratePerMs);
    this.last = now;
  }

  private next(): (() => void) | undefined {
    for (const urgency of URGENCY_ORDER) {
      const grant = this.waiting[urgency].shift();
      if (grant) return grant;
    }
    return undefined;
  }

  private pending(): boolean {
    return URGENCY_ORDER.some((urgency) => this.waiting[urgency].length > 0);
  }

  /** One server hands out tokens as they refill; who gets one is decided when it is there. */
  private async serve(): Promise<void> {
    this.serving = true;
    try {
      while (this.pending()) {
        this.refill();
        if (this.tokens < 1) {
          await this.clock.sleep(Math.ceil((1 - this.tokens) / this.ratePerMs));
          continue;
        }
        this.tokens -= 1;
        this.next()!();
      }
    } finally {
      this.serving = false;
    }
  }
}

const buckets = new Map<string, TokenBucket>();

/** The process-wide bucket for a principal; a changed limit replaces it. */
export function bucketFor(principal: string, limit: number, windowMs = 60_000): TokenBucket {
  const existing = buckets.get(principal);
  if (existing && existing.limit === limit && existing.windowMs === windowMs) return existing;
  const bucket = new TokenBucket(limit, windowMs);
  buckets.set(principal, bucket);
  return bucket;
}
