import type { RateLimit } from "./options";

/**
 * The gateway's per-user limit, as a sliding window: a principal is admitted when fewer than
 * `limit` of its calls were admitted in the last `windowMs`. Refused calls do not count, so a
 * client that backs off recovers as soon as its oldest call leaves the window.
 */
export class Throttle {
  private readonly admitted = new Map<string, number[]>();

  constructor(private readonly rateLimit: RateLimit | false) {}

  admit(principal: string, now: number): boolean {
    if (!this.rateLimit) return true;
    const { limit, windowMs } = this.rateLimit;
    const recent = (this.admitted.get(principal) ?? []).filter((at) => at > now - windowMs);
    const admit = recent.length < limit;
    if (admit) recent.push(now);
    this.admitted.set(principal, recent);
    return admit;
  }
}
