import type { Reporter } from "../../wait/progress";
import { confirmedTwice, waitFor, type Observation } from "../../wait/waiter";
import type { DcsClient } from "../client";
import type { CacheInstance, ListedCacheInstance } from "../client/types";
import { cacheFleetOf, taskItem, type SeenCache } from "./feed";
import { findChangeTask, observeTaskProgress, type ChangeTask } from "./task";

/**
 * Following a DCS operation, which has no job: the instance, until RUNNING with no `task` and
 * showing the expected result. With ddm:watchTogether (the default) through the process's
 * watcher, where one listing tells many changes "still busy" at once, and a change whose
 * background task is found is followed by its progress, aimed at its predicted end; without,
 * each instance is read on its own, blind, and the result must be seen twice in a row as
 * Terraform requires (DCS-FACTS.md).
 */

const FAILED_STATUSES = new Set(["CREATEFAILED", "ERROR"]);

/**
 * Without a background task's progress, the waiter can only double its polls; capped at the
 * interval the Terraform provider polls at, a change is never noticed later than Terraform would.
 */
export const MAX_POLL_INTERVAL_MS = 10_000;

/** How long an accepted change may take to show on the instance before we doubt it was accepted. */
export const ACCEPTANCE_WINDOW_MS = 120_000;

/** Whole GB plus the minor part of the small flavors. */
export function capacityOf(instance: CacheInstance): number {
  const major = Number(instance.capacity ?? 0);
  const minor = instance.capacity_minor ? Number(`0${instance.capacity_minor}`) : 0;
  return (Number.isFinite(major) ? major : 0) + (Number.isFinite(minor) ? minor : 0);
}

export function hasTask(instance: CacheInstance): boolean {
  const { task } = instance;
  return task !== undefined && task !== null && task !== "" && !(typeof task === "object" && Object.keys(task as object).length === 0);
}

export interface CacheWait {
  label: string;
  instanceId: string;
  expected: (instance: CacheInstance) => boolean;
  timeoutMs: number;
  startedAt: number;
  report?: Reporter;
  /** The change's background task, to follow its progress (together only). */
  change?: ChangeTask;
}

/** A change that was seen in progress and ended without the expected result failed. */
const NOT_APPLIED = "the instance is RUNNING again without the change (the service did not apply it)";

/**
 * What looks at the instance show, one after another: a change that was seen in progress and
 * has ended without the expected result failed; one never seen to start within the acceptance
 * window was not accepted. `read` judges a read of the instance; `listed` an entry of the
 * listing, which lacks `task`: it can tell "still busy" or "failed", never "done" nor "not
 * applied" (undefined: read the instance).
 */
export function cacheLooks(wait: CacheWait, now: () => number = Date.now) {
  let seenInProgress = false;
  const busy = (instance: SeenCache): Observation<CacheInstance> | undefined => {
    if (FAILED_STATUSES.has(instance.status)) return { state: "failed", reason: `instance is ${instance.status}`, status: instance.status };
    if (instance.status === "RUNNING") return undefined;
    seenInProgress = true;
    return { state: "pending", status: instance.status };
  };
  const notAccepted = () => now() - wait.startedAt > ACCEPTANCE_WINDOW_MS;
  const accepted: Observation<CacheInstance> = { state: "pending", status: "accepted" };
  return {
    read(instance: CacheInstance | undefined): Observation<CacheInstance> {
      if (!instance) return { state: "failed", reason: "the instance no longer exists" };
      if (hasTask(instance)) {
        seenInProgress = true;
        return busy(instance) ?? { state: "pending", status: "finishing" };
      }
      const seen = busy(instance);
      if (seen) return seen;
      if (wait.expected(instance)) return { state: "done", value: instance };
      if (seenInProgress) return { state: "failed", reason: NOT_APPLIED, status: instance.status };
      if (notAccepted()) return { state: "failed", reason: `the change did not show on the instance within ${ACCEPTANCE_WINDOW_MS / 1000}s; it may not have been accepted` };
      return accepted;
    },
    listed(instance: ListedCacheInstance): Observation<CacheInstance> | undefined {
      const seen = busy(instance);
      if (seen) return seen;
      // RUNNING with the old values, before the change showed: pending whatever `task` says.
      return seenInProgress || notAccepted() || wait.expected(instance as CacheInstance) ? undefined : accepted;
    },
  };
}

/** One look at the instance, read on its own. */
export function cacheObserver(dcs: DcsClient, wait: CacheWait, now: () => number = Date.now): () => Promise<Observation<CacheInstance>> {
  const looks = cacheLooks(wait, now);
  return async () => looks.read(await dcs.findInstance(wait.instanceId));
}

function watchCache(dcs: DcsClient, wait: CacheWait, firstLookAfterDelay: boolean, taskId?: string): Promise<CacheInstance> {
  const fleet = cacheFleetOf(dcs);
  const looks = cacheLooks(wait);
  const progress = taskId === undefined ? undefined : { feed: fleet.tasks, id: taskItem(wait.instanceId, taskId), observe: observeTaskProgress };
  return fleet.watcher.follow({
    label: wait.label,
    startedAt: wait.startedAt,
    timeoutMs: wait.timeoutMs,
    report: wait.report,
    firstLookAfterDelay,
    maxIntervalMs: MAX_POLL_INTERVAL_MS,
    progress,
    outcome: {
      feed: fleet.instances,
      id: wait.instanceId,
      observe: (instance, via) => (via === "one" ? looks.read(instance as CacheInstance | undefined) : looks.listed(instance as ListedCacheInstance)),
      decisive: true,
      // Blind, RUNNING is believed when seen twice in a row (DCS-FACTS.md, as Terraform does). With
      // the task followed, the instance is read where the task's progress puts the end, or once
      // the task reports it: one read there showing the result is that end.
      confirmed: progress === undefined,
    },
  });
}

/**
 * Follows a change to the end: RUNNING, no task, the expected result. Together, its background
 * task's progress (when found) aims the looks at the end, and one read there settles it; blind
 * (no task, or one at a time), the result must be seen twice in a row.
 */
export async function settleCache(dcs: DcsClient, wait: CacheWait): Promise<CacheInstance> {
  if (dcs.settings.watchTogether) {
    const taskId = wait.change && (await findChangeTask(dcs, wait.instanceId, wait.change, wait.startedAt));
    return watchCache(dcs, wait, true, taskId);
  }
  return waitFor({
    label: wait.label,
    timeoutMs: wait.timeoutMs,
    startedAt: wait.startedAt,
    report: wait.report,
    pollFirstAfterDelay: true,
    maxIntervalMs: MAX_POLL_INTERVAL_MS,
    observe: confirmedTwice(cacheObserver(dcs, wait)),
  });
}

/** Waits for the instance to be idle (RUNNING, no task), whatever it shows: after a busy answer. */
export function waitUntilIdle(dcs: DcsClient, wait: Omit<CacheWait, "expected" | "startedAt">): Promise<CacheInstance> {
  const label = `${wait.label}: waiting for another operation on the instance to finish`;
  const idle: CacheWait = { ...wait, label, startedAt: Date.now(), expected: () => true };
  if (dcs.settings.watchTogether) return watchCache(dcs, idle, false);
  return waitFor({ label, timeoutMs: wait.timeoutMs, report: wait.report, maxIntervalMs: MAX_POLL_INTERVAL_MS, observe: confirmedTwice(cacheObserver(dcs, idle)) });
}

const observeDeletion = (instance: SeenCache | undefined): Observation<void> =>
  instance ? { state: "pending", status: instance.status } : { state: "done", value: undefined };

/** Follows a deletion until the instance answers 404. */
export function settleCacheDeletion(dcs: DcsClient, wait: Omit<CacheWait, "expected">): Promise<void> {
  if (dcs.settings.watchTogether) {
    const fleet = cacheFleetOf(dcs);
    return fleet.watcher.follow<void>({
      label: wait.label,
      startedAt: wait.startedAt,
      timeoutMs: wait.timeoutMs,
      report: wait.report,
      firstLookAfterDelay: true,
      maxIntervalMs: MAX_POLL_INTERVAL_MS,
      // Absent from a listing says nothing (the watcher then reads it); only the read's 404 is gone.
      outcome: { feed: fleet.instances, id: wait.instanceId, observe: (instance) => observeDeletion(instance), decisive: true },
    });
  }
  return waitFor<void>({
    label: wait.label,
    timeoutMs: wait.timeoutMs,
    startedAt: wait.startedAt,
    report: wait.report,
    pollFirstAfterDelay: true,
    maxIntervalMs: MAX_POLL_INTERVAL_MS,
    observe: async () => observeDeletion(await dcs.findInstance(wait.instanceId)),
  });
}
