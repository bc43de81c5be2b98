import { fireTime, planCalls, slackFor, type FeedStatus, type Poll } from "../../provider/watch";
import { pollTarget } from "../../provider/wait";

/** The watcher's pure decisions: which call to make next, and when. */

function poll(op: number, dueAt: number, extra: Partial<Poll> = {}): Poll {
  return { op, feed: "jobs", item: `job-${op}`, dueAt, aim: "end", slackMs: 100, single: false, ...extra };
}

function feed(extra: Partial<FeedStatus> = {}): FeedStatus {
  return { name: "jobs", listing: false, interested: 1, listCost: 1, listUsable: true, listingShowsEnd: true, ...extra };
}

describe("planCalls", () => {
  test("one operation alone reads its one item, exactly when it is due", () => {
    expect(planCalls([feed()], [poll(1, 1_000)], 999)).toEqual({ calls: [], wakeAt: 1_000 });
    expect(planCalls([feed()], [poll(1, 1_000)], 1_000).calls).toEqual([{ feed: "jobs", mode: "one", item: "job-1", ops: [1], urgency: "urgent" }]);
  });

  test("with several operations in flight, a poll aimed at one end reads the listing: it tells every one of them", () => {
    const plan = planCalls([feed({ interested: 20 })], [poll(1, 1_000), poll(2, 60_000)], 1_000);
    expect(plan.calls).toEqual([{ feed: "jobs", mode: "list", items: ["job-1"], ops: [1], urgency: "urgent" }]);
  });

  test("where a listing cannot show an end (DCS entries lack `task`), polls aimed at ends read their items; the others still share it", () => {
    const instances = feed({ interested: 10, listingShowsEnd: false });
    const polls = [poll(1, 1_000), poll(2, 1_000), poll(3, 1_000, { aim: "blind" }), poll(4, 1_000, { aim: "estimate" })];
    const plan = planCalls([instances], polls, 1_000);
    expect(plan.calls).toEqual([
      { feed: "jobs", mode: "one", item: "job-1", ops: [1], urgency: "urgent" },
      { feed: "jobs", mode: "one", item: "job-2", ops: [2], urgency: "urgent" },
      { feed: "jobs", mode: "list", items: ["job-3", "job-4"], ops: [3, 4], urgency: "normal" },
    ]);
    // The same polls on a listing that shows ends: one listing for all four.
    expect(planCalls([feed({ interested: 10 })], polls, 1_000).calls).toEqual([{ feed: "jobs", mode: "list", items: ["job-1", "job-2", "job-3", "job-4"], ops: [1, 2, 3, 4], urgency: "urgent" }]);
  });

  test("a listing that took more pages than there are operations to tell is not worth it", () => {
    const plan = planCalls([feed({ interested: 3, listCost: 4 })], [poll(1, 1_000)], 1_000);
    expect(plan.calls.map((call) => call.mode)).toEqual(["one"]);
  });

  test("ends predicted close together share one listing, fired at the last of them within the first one's slack", () => {
    const polls = [poll(1, 1_000), poll(2, 1_040), poll(3, 1_090), poll(4, 1_300)];
    expect(fireTime(polls)).toBe(1_090);
    expect(planCalls([feed({ interested: 4 })], polls, 1_000)).toEqual({ calls: [], wakeAt: 1_090 });
    const plan = planCalls([feed({ interested: 4 })], polls, 1_090);
    expect(plan.calls).toHaveLength(1);
    expect(plan.calls[0]).toMatchObject({ mode: "list", ops: [1, 2, 3] });
  });

  test("the limiter's queue: an end poll goes first, one aimed at a coarse estimate's earliest end with the rest, a blind one last", () => {
    const urgency = (...aims: Poll["aim"][]) => planCalls([feed({ interested: 2 })], aims.map((aim, i) => poll(i, 0, { aim })), 0).calls[0].urgency;
    expect(urgency("blind", "end")).toBe("urgent");
    expect(urgency("blind", "estimate")).toBe("normal");
    expect(urgency("blind", "blind")).toBe("speculative");
  });

  test("while a listing is being read, the feed waits for its answer instead of asking again", () => {
    expect(planCalls([feed({ interested: 5, listing: true })], [poll(1, 0)], 10)).toEqual({ calls: [] });
  });

  test("an item the listing did not show is read on its own; the others still share the listing", () => {
    const plan = planCalls([feed({ interested: 3 })], [poll(1, 0, { single: true }), poll(2, 0), poll(3, 0)], 0);
    expect(plan.calls).toEqual([
      { feed: "jobs", mode: "one", item: "job-1", ops: [1], urgency: "urgent" },
      { feed: "jobs", mode: "list", items: ["job-2", "job-3"], ops: [2, 3], urgency: "urgent" },
    ]);
  });

  test("after a listing failed, every due item is read on its own", () => {
    const plan = planCalls([feed({ interested: 3, listUsable: false })], [poll(1, 0), poll(2, 0)], 0);
    expect(plan.calls.map((call) => call.mode)).toEqual(["one", "one"]);
  });

  test("feeds are planned apart: the instances are read while the jobs wait", () => {
    const feeds = [feed({ interested: 2 }), feed({ name: "instances", interested: 2 })];
    const plan = planCalls(feeds, [poll(1, 5_000), poll(2, 0, { feed: "instances", item: "i-2" })], 0);
    expect(plan.calls).toEqual([{ feed: "instances", mode: "list", items: ["i-2"], ops: [2], urgency: "urgent" }]);
    expect(plan.wakeAt).toBe(5_000);
  });
});

describe("slackFor", () => {
  test("an end poll may wait 25 ms + 0.5 % of its operation's age; a blind one half its interval, up to a fifth of its age", () => {
    expect(slackFor("end", 60_000, 500)).toBe(325);
    expect(slackFor("estimate", 0, 500)).toBe(25);
    expect(slackFor("blind", 16_000, 4_000)).toBe(2_000);
    expect(slackFor("blind", 16_000, 8_000)).toBe(3_200);
  });

  test("a blind look reaching as far as 5 % allows still fires before a job at 4 % can end", () => {
    const elapsed = 6_000;
    const target = pollTarget(elapsed, { progress: 4 });
    const dueAt = elapsed + target.delayMs;
    const slackMs = slackFor(target.aim, dueAt, target.delayMs);
    const lone = { op: 1, feed: "jobs", item: "j-1", dueAt, aim: target.aim, slackMs, single: false };
    const other = { ...lone, op: 2, item: "j-2", dueAt: dueAt + slackMs, aim: "end" as const };
    expect(target.aim).toBe("blind");
    expect(fireTime([lone, other])).toBeLessThanOrEqual((elapsed * 100) / 5);
  });
});
