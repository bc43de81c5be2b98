import type { Urgency } from "../cloud/rate-limiter";
import { TRUSTED_PROGRESS, type PollAim } from "../wait/pacing";

/**
 * Which call a watcher makes next. Pure: from the polls its operations want (each aimed at a
 * moment by its own prediction) and what each feed costs, the calls to make now and when to
 * look again.
 *
 * A poll may wait a little for others due soon after it, so one listing answers for all of
 * them: an `end` or `estimate` poll by at most 25 ms + 0.5 % of its operation's age (well inside
 * the overshoot allowed), a `blind` one by half its interval and at most a fifth of its age. A
 * listing is chosen over reading one item when the feed has at least as many operations
 * interested in it as the listing took calls last time, and at least two: then it costs no more
 * and tells every one of them. A poll aimed at an end reads its item alone where the listing
 * could not show that end.
 */

export interface Poll {
  /** The operation that wants it. */
  op: number;
  feed: string;
  item: string;
  dueAt: number;
  aim: PollAim;
  /** How long it may wait for others to join it. */
  slackMs: number;
  /** The listing did not show this item: read it on its own. */
  single: boolean;
}

export interface FeedStatus {
  name: string;
  /** A listing of this feed is being read: its answer will refresh everyone, so wait for it. */
  listing: boolean;
  /** Operations whose predictions use this feed's items, whichever feed their next poll reads. */
  interested: number;
  /** Calls the last listing took (its pages); 1 before the first. */
  listCost: number;
  /** False once a listing failed: from then on, items are read one by one. */
  listUsable: boolean;
  /** False where a listing cannot show an end: polls aimed at one read their item alone. */
  listingShowsEnd: boolean;
}

export type Call =
  | { feed: string; mode: "one"; item: string; ops: number[]; urgency: Urgency }
  | { feed: string; mode: "list"; items: string[]; ops: number[]; urgency: Urgency };

export interface Plan {
  calls: Call[];
  /** When to plan again if no answer comes first; undefined when nothing is waiting. */
  wakeAt?: number;
}

const END_SLACK_MS = 25;
const END_SLACK_SHARE = 0.005;
const BLIND_SLACK_SHARE = 0.5;
/**
 * A blind look under 5 % (`TRUSTED_PROGRESS`) reaches 100/6 of the age; a job at 4 % cannot end
 * before 100/5 of it. A fifth of the age, 1/TRUSTED_PROGRESS, is the wait that still fires by then.
 */
const BLIND_SLACK_AGE_SHARE = 1 / TRUSTED_PROGRESS;

/** How long a poll may wait for others, from its operation's age and its interval. */
export function slackFor(aim: PollAim, ageAtDueMs: number, intervalMs: number): number {
  const age = Math.max(ageAtDueMs, 0);
  return aim === "blind" ? Math.min(intervalMs * BLIND_SLACK_SHARE, age * BLIND_SLACK_AGE_SHARE) : END_SLACK_MS + END_SLACK_SHARE * age;
}

/**
 * A poll aimed at an end goes first; one aimed early in a coarse estimate's window, to narrow it,
 * queues with everything else; a blind one (no progress yet, or under 5 %) yields to both, as
 * it only refreshes a guess.
 */
function urgencyOf(polls: readonly Poll[]): Urgency {
  if (polls.some((poll) => poll.aim === "end")) return "urgent";
  return polls.some((poll) => poll.aim === "estimate") ? "normal" : "speculative";
}

/** The moment the earliest poll fires: as late as its slack allows, to take in the others due by then. */
export function fireTime(polls: readonly Poll[]): number {
  const first = polls.reduce((a, b) => (b.dueAt < a.dueAt ? b : a));
  const limit = first.dueAt + first.slackMs;
  return Math.max(...polls.filter((poll) => poll.dueAt <= limit).map((poll) => poll.dueAt));
}

function planFeed(feed: FeedStatus, polls: readonly Poll[], now: number): Plan {
  if (feed.listing || polls.length === 0) return { calls: [] };
  const fireAt = fireTime(polls);
  if (fireAt > now) return { calls: [], wakeAt: fireAt };
  const served = polls.filter((poll) => poll.dueAt <= fireAt);
  const alone = (poll: Poll) => poll.single || (poll.aim === "end" && !feed.listingShowsEnd);
  const singles = served.filter(alone);
  const rest = served.filter((poll) => !alone(poll));
  const calls: Call[] = singles.map((poll) => ({ feed: feed.name, mode: "one", item: poll.item, ops: [poll.op], urgency: urgencyOf([poll]) }));
  const listPays = feed.listUsable && feed.interested >= Math.max(2, feed.listCost);
  if (rest.length && listPays) {
    calls.push({ feed: feed.name, mode: "list", items: [...new Set(rest.map((poll) => poll.item))], ops: rest.map((poll) => poll.op), urgency: urgencyOf(rest) });
  } else {
    for (const poll of rest) calls.push({ feed: feed.name, mode: "one", item: poll.item, ops: [poll.op], urgency: urgencyOf([poll]) });
  }
  return { calls };
}

/** The calls to make now on every feed, and when to plan again. */
export function planCalls(feeds: readonly FeedStatus[], polls: readonly Poll[], now: number): Plan {
  const plans = feeds.map((feed) => planFeed(feed, polls.filter((poll) => poll.feed === feed.name), now));
  const wakes = plans.map((plan) => plan.wakeAt).filter((at): at is number => at !== undefined);
  return { calls: plans.flatMap((plan) => plan.calls), wakeAt: wakes.length ? Math.min(...wakes) : undefined };
}
