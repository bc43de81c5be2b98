import { confirmationDelay, pollTarget, type PollAim } from "../wait/pacing";
import { progressLine, type Reporter } from "../wait/progress";
import { OperationFailedError, WaitTimeoutError, type Observation } from "../wait/waiter";
import type { Feed } from "./feed";
import { planCalls, slackFor, type Call, type FeedStatus, type Poll } from "./plan";

/**
 * Follows every in-flight long operation of one provider process and credential together.
 * Each operation keeps its own prediction, measured from when its submit was answered; the
 * watcher turns the polls they want into as few calls as `planCalls` allows, and applies what
 * every answer shows to every operation it concerns.
 *
 * An operation is followed on up to two tracks: `progress` (a job: its percentage drives the
 * prediction) until it ends, then `outcome` (the instance) until that shows the result. When
 * the outcome alone proves the end (`decisive`: the node count reached, the instance gone),
 * the poll aimed at the predicted end reads the outcome directly, saving a call.
 *
 * A listing may show less than reading the item does (DCS's lacks the `task` that says an
 * instance is still busy): a track then answers `undefined` for what a listed item cannot
 * decide, and the item is read on its own at once. An outcome that must be `confirmed` (seen
 * done twice in a row) is confirmed by reading the item itself, after `confirmationDelay`.
 */

/** Where an item was seen: read on its own, or in a listing. */
export type Via = "one" | "list";

export interface Track<T, R = unknown> {
  feed: Feed<T>;
  id: string;
  /** What the item shows; undefined when this answer cannot tell (read the item on its own). */
  observe(item: T | undefined, via: Via): Observation<R> | undefined;
}

export interface WatchSpec<R> {
  label: string;
  /** When the submit was answered: every estimate is measured from here. */
  startedAt: number;
  timeoutMs: number;
  /** Items differ by feed (a job, an instance): the watcher only hands each track its own. */
  progress?: Track<any>;
  outcome: Track<any, R> & {
    decisive: boolean;
    /** Done only once two reads of the item itself in a row say so (DCS: RUNNING with no task, twice). */
    confirmed?: boolean;
  };
  /** Without a progress track: wait before the first look, as after a submit (default: look at once). */
  firstLookAfterDelay?: boolean;
  /** Without progress, polls double up to this interval (default MAX_BLIND_INTERVAL_MS). */
  maxIntervalMs?: number;
  report?: Reporter;
}

export interface Timer {
  now(): number;
  /** Calls `fn` after `ms`; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

export const systemTimer: Timer = {
  now: () => Date.now(),
  after: (ms, fn) => {
    const handle = setTimeout(fn, Math.max(ms, 0));
    return () => clearTimeout(handle);
  },
};

interface Op {
  key: number;
  spec: WatchSpec<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  deadline: number;
  phase: "progress" | "outcome";
  phaseStartedAt: number;
  dueAt: number;
  aim: PollAim;
  intervalMs: number;
  /** Which track the next poll reads. */
  next: "progress" | "outcome";
  /** An end looked for inside its window: where to look again if it is not there yet. */
  latestAt?: number;
  /** Feeds whose last listing did not show this operation's item. */
  single: Set<string>;
  inFlight: boolean;
  lastSeen?: string;
  /** A confirmed outcome seen done once: the next read of the item decides. */
  seenDone: boolean;
}

interface FeedState {
  feed: Feed<unknown>;
  listing: boolean;
  listCost: number;
  listUsable: boolean;
}

export class Watcher {
  private readonly ops = new Map<number, Op>();
  /** By key: two clients' feeds of the same name (another endpoint, same credential) stay apart. */
  private readonly feeds = new Map<string, FeedState>();
  private readonly feedKeys = new WeakMap<Feed<unknown>, string>();
  private keys = 0;
  private cancelWake?: () => void;

  constructor(private readonly timer: Timer = systemTimer) {}

  /** Follows one operation to its end; resolves with what its outcome track observed. */
  follow<R>(spec: WatchSpec<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const now = this.timer.now();
      for (const track of [spec.progress, spec.outcome]) if (track) this.keyOf(track.feed);
      const first = pollTarget(0);
      const delayed = spec.progress !== undefined || spec.firstLookAfterDelay === true;
      const op: Op = {
        key: ++this.keys,
        spec: spec as WatchSpec<unknown>,
        resolve: resolve as (value: unknown) => void,
        reject,
        deadline: spec.startedAt + spec.timeoutMs,
        phase: spec.progress ? "progress" : "outcome",
        phaseStartedAt: now,
        // A job that has just started has nothing to report; an instance is looked at at once.
        dueAt: delayed ? spec.startedAt + first.delayMs : now,
        aim: delayed ? first.aim : "end",
        intervalMs: first.delayMs,
        next: spec.progress ? "progress" : "outcome",
        single: new Set(),
        inFlight: false,
        seenDone: false,
      };
      op.dueAt = Math.min(op.dueAt, op.deadline);
      this.ops.set(op.key, op);
      this.schedule();
    });
  }

  /** Operations being followed. */
  get size(): number {
    return this.ops.size;
  }

  private keyOf(feed: Feed<unknown>): string {
    let key = this.feedKeys.get(feed);
    if (!key) {
      key = `${feed.name}#${this.feeds.size + 1}`;
      this.feedKeys.set(feed, key);
      this.feeds.set(key, { feed, listing: false, listCost: 1, listUsable: feed.readList !== undefined });
    }
    return key;
  }

  private track(op: Op, which: "progress" | "outcome"): Track<unknown> {
    return (which === "progress" ? op.spec.progress : op.spec.outcome)!;
  }

  /** The feeds an operation's predictions use right now. */
  private interests(op: Op): string[] {
    const feeds: string[] = [];
    if (op.phase === "progress") feeds.push(this.keyOf(op.spec.progress!.feed));
    if (op.phase === "outcome" || op.spec.outcome.decisive) feeds.push(this.keyOf(op.spec.outcome.feed));
    return feeds;
  }

  private schedule(): void {
    this.cancelWake?.();
    this.cancelWake = undefined;
    const now = this.timer.now();
    const waiting = [...this.ops.values()].filter((op) => !op.inFlight);
    const polls: Poll[] = waiting.map((op) => {
      const track = this.track(op, op.next);
      return {
        op: op.key,
        feed: this.keyOf(track.feed),
        item: track.id,
        dueAt: op.dueAt,
        aim: op.aim,
        slackMs: Math.min(slackFor(op.aim, op.dueAt - op.spec.startedAt, op.intervalMs), Math.max(op.deadline - op.dueAt, 0)),
        single: op.single.has(this.keyOf(track.feed)),
      };
    });
    const interested = new Map<string, number>();
    for (const op of this.ops.values()) for (const feed of this.interests(op)) interested.set(feed, (interested.get(feed) ?? 0) + 1);
    const feeds: FeedStatus[] = [...this.feeds.entries()].map(([name, state]) => ({
      name,
      listing: state.listing,
      interested: interested.get(name) ?? 0,
      listCost: state.listCost,
      listUsable: state.listUsable,
      listingShowsEnd: state.feed.listingShowsEnd !== false,
    }));
    const plan = planCalls(feeds, polls, now);
    for (const call of plan.calls) void this.make(call);
    if (plan.wakeAt !== undefined) this.cancelWake = this.timer.after(plan.wakeAt - now, () => this.schedule());
  }

  private async make(call: Call): Promise<void> {
    const state = this.feeds.get(call.feed)!;
    const served = call.ops.map((key) => this.ops.get(key)).filter((op): op is Op => op !== undefined);
    for (const op of served) op.inFlight = true;
    try {
      if (call.mode === "one") {
        const item = await state.feed.readOne(call.item, call.urgency);
        const at = this.timer.now();
        for (const op of served) {
          op.single.delete(call.feed);
          this.observe(op, call.feed, item, "one", true, at);
        }
      } else {
        await this.list(state, served, call);
      }
    } catch (error) {
      if (call.mode === "list") {
        // A listing that failed even after the client's retries: follow each item on its own from
        // now on, so every operation still ends (done, failed or timed out) by its own reads.
        state.listUsable = false;
      } else {
        for (const op of served) this.finish(op, error);
      }
    } finally {
      state.listing = call.mode === "list" ? false : state.listing;
      for (const op of served) op.inFlight = false;
      this.schedule();
    }
  }

  private async list(state: FeedState, served: Op[], call: Call & { mode: "list" }): Promise<void> {
    const name = call.feed;
    const concerned = [...this.ops.values()].filter((op) => this.interests(op).includes(name));
    const itemOf = (op: Op) => (op.phase === "progress" && this.keyOf(op.spec.progress!.feed) === name ? op.spec.progress! : op.spec.outcome).id;
    const wanted = new Set(concerned.map(itemOf));
    const since = Math.min(...concerned.map((op) => op.spec.startedAt));
    state.listing = true;
    // Planned only for feeds that list (listUsable).
    const listing = await state.feed.readList!(wanted, since, call.urgency);
    const at = this.timer.now();
    state.listCost = Math.max(listing.calls, 1);
    for (const op of concerned) {
      if (!this.ops.has(op.key)) continue;
      const targeted = served.includes(op);
      const item = listing.items.get(itemOf(op));
      if (item === undefined) {
        // Not in the listing: it says nothing either way; read this one directly if it was due.
        if (targeted) op.single.add(name);
        continue;
      }
      this.observe(op, name, item, "list", targeted, at);
    }
  }

  /** Applies what one answer showed of an operation's item. `targeted`: the call was made for it. */
  private observe(op: Op, feed: string, item: unknown, via: Via, targeted: boolean, at: number): void {
    if (!this.ops.has(op.key)) return;
    const { progress, outcome } = op.spec;
    if (op.phase === "progress" && this.keyOf(progress!.feed) === feed) {
      const observation = progress!.observe(item, via);
      if (observation) this.onProgress(op, observation, at);
      else this.readAlone(op, feed, at);
    } else if (this.keyOf(outcome.feed) === feed && (op.phase === "outcome" || outcome.decisive)) {
      const observation = outcome.observe(item, via);
      // A listing cannot confirm: the item itself must say so.
      const undecided = !observation || (observation.state === "done" && outcome.confirmed && via === "list");
      if (undecided) {
        // While the progress runs, only a poll aimed at the end asks the outcome: it then reads the item.
        if (op.phase === "outcome" || targeted) this.readAlone(op, feed, at);
      } else {
        this.onOutcome(op, observation, targeted, at);
      }
    }
  }

  /** The answer could not tell: read the item on its own, now (unless a confirmation is already due). */
  private readAlone(op: Op, feed: string, at: number): void {
    op.single.add(feed);
    if (op.seenDone) return;
    Object.assign(op, { dueAt: Math.min(op.dueAt, at), aim: "end" });
  }

  private onProgress(op: Op, observation: Observation<unknown>, at: number): void {
    if (observation.state === "failed") return this.finish(op, new OperationFailedError(op.spec.label, observation.reason));
    if (observation.state === "done") {
      Object.assign(op, { phase: "outcome", phaseStartedAt: at, dueAt: at, aim: "end", intervalMs: 0, next: "outcome" });
      return;
    }
    const elapsed = at - op.spec.startedAt;
    this.seen(op, observation, elapsed);
    const target = pollTarget(elapsed, observation, op.spec.maxIntervalMs);
    const next = target.aim === "end" && op.spec.outcome.decisive ? "outcome" : "progress";
    this.reschedule(op, at, target.delayMs, target.aim, next);
    op.latestAt = next === "outcome" && target.latestDelayMs !== undefined ? at + target.latestDelayMs : undefined;
  }

  private onOutcome(op: Op, observation: Observation<unknown>, targeted: boolean, at: number): void {
    const { outcome } = op.spec;
    if (observation.state === "done" && outcome.confirmed && !op.seenDone) {
      // Seen done once: look again soon, at the item itself, before believing it.
      op.seenDone = true;
      op.single.add(this.keyOf(outcome.feed));
      this.seen(op, { state: "pending", status: "confirming" }, at - op.spec.startedAt);
      return this.reschedule(op, at, confirmationDelay(at - op.spec.startedAt), "end", "outcome");
    }
    if (observation.state === "done") return this.finish(op, undefined, observation.value);
    op.seenDone = false;
    if (op.phase === "outcome") {
      if (observation.state === "failed") return this.finish(op, new OperationFailedError(op.spec.label, observation.reason));
      this.seen(op, observation, at - op.spec.startedAt);
      const target = pollTarget(at - op.phaseStartedAt, {}, op.spec.maxIntervalMs);
      this.reschedule(op, at, target.delayMs, target.aim, "outcome");
    } else if (targeted && observation.state === "pending" && op.latestAt !== undefined && op.latestAt > at) {
      // Looked for inside its window and not there yet: it ends in what is left, which is narrow.
      this.reschedule(op, at, op.latestAt - at, "end", "outcome");
      op.latestAt = undefined;
    } else if (targeted) {
      // Aimed at the predicted end, and not there yet (or failing: while the job runs, only its
      // end is taken from the instance, and the job says why it failed): ask the job.
      const target = pollTarget(at - op.spec.startedAt, { progress: 100 });
      this.reschedule(op, at, target.delayMs, "end", "progress");
    }
  }

  private seen(op: Op, observation: Observation<unknown> & { state: "pending" }, elapsed: number): void {
    op.lastSeen = observation.progress !== undefined ? `${observation.progress}%` : observation.status ?? op.lastSeen;
    op.spec.report?.(progressLine(op.spec.label, elapsed, observation.progress, observation.status));
  }

  private reschedule(op: Op, at: number, delayMs: number, aim: PollAim, next: "progress" | "outcome"): void {
    if (at >= op.deadline) return this.finish(op, new WaitTimeoutError(op.spec.label, op.spec.timeoutMs, op.lastSeen));
    Object.assign(op, { dueAt: Math.min(at + delayMs, op.deadline), aim, intervalMs: delayMs, next });
  }

  private finish(op: Op, error: unknown, value?: unknown): void {
    if (!this.ops.delete(op.key)) return;
    if (error !== undefined) op.reject(error);
    else op.resolve(value);
  }
}

const watchers = new Map<string, Watcher>();

/** The process-wide watcher of a principal: every service following operations for it shares it. */
export function watcherFor(principal: string): Watcher {
  let watcher = watchers.get(principal);
  if (!watcher) {
    watcher = new Watcher();
    watchers.set(principal, watcher);
  }
  return watcher;
}
