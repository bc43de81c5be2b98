import type { Reporter } from "../../wait/progress";
import { confirmedTwice, waitFor, type Observation } from "../../wait/waiter";
import type { DcsClient } from "../client";
import type { CacheInstance } from "../client/types";

/**
 * Following a DCS operation, which has no job: the instance, until RUNNING with no `task` and
 * showing the expected result, seen twice in a row as the service requires (DCS-FACTS.md).
 */

const FAILED_STATUSES = new Set(["CREATEFAILED", "ERROR"]);

/**
 * DCS reports no progress, so the waiter can only double its polls; capped at the interval the
 * Terraform provider polls at, a change is never noticed later than Terraform would notice it.
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
}

/**
 * One look at the instance. A change that was seen in progress and has ended without the
 * expected result failed; one never seen to start within the acceptance window was not accepted.
 */
export function cacheObserver(dcs: DcsClient, wait: CacheWait, now: () => number = Date.now): () => Promise<Observation<CacheInstance>> {
  let seenInProgress = false;
  return async () => {
    const instance = await dcs.findInstance(wait.instanceId);
    if (!instance) return { state: "failed", reason: "the instance no longer exists" };
    if (FAILED_STATUSES.has(instance.status)) return { state: "failed", reason: `instance is ${instance.status}`, status: instance.status };
    const idle = instance.status === "RUNNING" && !hasTask(instance);
    if (idle && wait.expected(instance)) return { state: "done", value: instance };
    if (!idle) {
      seenInProgress = true;
      return { state: "pending", status: hasTask(instance) && instance.status === "RUNNING" ? "finishing" : instance.status };
    }
    if (seenInProgress) return { state: "failed", reason: "the instance is RUNNING again without the change (the service did not apply it)", status: instance.status };
    if (now() - wait.startedAt > ACCEPTANCE_WINDOW_MS) {
      return { state: "failed", reason: `the change did not show on the instance within ${ACCEPTANCE_WINDOW_MS / 1000}s; it may not have been accepted` };
    }
    return { state: "pending", status: "accepted" };
  };
}

export function settleCache(dcs: DcsClient, wait: CacheWait): Promise<CacheInstance> {
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
  const observe = cacheObserver(dcs, { ...wait, label, startedAt: Date.now(), expected: () => true });
  return waitFor({ label, timeoutMs: wait.timeoutMs, report: wait.report, maxIntervalMs: MAX_POLL_INTERVAL_MS, observe: confirmedTwice(observe) });
}

/** Follows a deletion until the instance answers 404. */
export function settleCacheDeletion(dcs: DcsClient, wait: Omit<CacheWait, "expected">): Promise<void> {
  return waitFor<void>({
    label: wait.label,
    timeoutMs: wait.timeoutMs,
    startedAt: wait.startedAt,
    report: wait.report,
    pollFirstAfterDelay: true,
    maxIntervalMs: MAX_POLL_INTERVAL_MS,
    observe: async () => {
      const instance = await dcs.findInstance(wait.instanceId);
      return instance ? { state: "pending", status: instance.status } : { state: "done", value: undefined };
    },
  });
}
