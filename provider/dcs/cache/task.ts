import type { Observation } from "../../wait/waiter";
import type { DcsClient } from "../client";
import type { BackgroundTask, TaskProgress } from "../client/types";
import type { CacheOperation } from "./plan";

/**
 * A change's background task (ListBackgroundTask, ShowBackgroundTaskProgress of the DCS API v2):
 * its progress lets the watcher aim at the change's predicted end instead of following it blind.
 * These calls are not in DCS-FACTS.md and the service's answers are uncertain, so every doubt
 * (no such API, no matching task, another answer shape) falls back to following the instance
 * blind, as without them; only a step the service reports FAILED fails the change.
 */

/** What identifies a change's task in the listing. */
export interface ChangeTask {
  name: string;
  newCapacity: number;
}

/** The documented names: a replica change is its own task, any other spec change is EXTEND. */
const REPLICA_TASKS: Record<string, string> = { createReplication: "AddReplica", deleteReplication: "DelReplica" };

export function changeTaskOf(operation: CacheOperation): ChangeTask | undefined {
  switch (operation.kind) {
    case "modify":
      return undefined;
    case "extend":
      return { name: "EXTEND", newCapacity: operation.to.capacity };
    case "resize":
      return { name: REPLICA_TASKS[operation.changeType ?? ""] ?? "EXTEND", newCapacity: operation.to.capacity };
  }
}

/** Statuses that end a task, from the ListBackgroundTask page's enumeration; any other counts as running. */
const ENDED = new Set(["SUCCESS", "FAILED"]);

/**
 * The task of a change just accepted: the newest unfinished one of its name and new capacity.
 * An unfinished one can only be this change's, since the instance refuses a change while another
 * runs; so the time filter may be wide, for clocks that disagree.
 */
export function pickChangeTask(tasks: readonly BackgroundTask[], change: ChangeTask): BackgroundTask | undefined {
  const capacityMatches = (task: BackgroundTask) => {
    const reported = task.details?.new_capacity;
    return reported === undefined || reported === null || reported === "" || Number(reported) === change.newCapacity;
  };
  const createdAt = (task: BackgroundTask) => Date.parse(task.created_at ?? "") || 0;
  return tasks
    .filter((task) => task.name === change.name && capacityMatches(task) && !ENDED.has(String(task.status ?? "")))
    .reduce<BackgroundTask | undefined>((newest, task) => (newest === undefined || createdAt(task) > createdAt(newest) ? task : newest), undefined);
}

/** The gateway accepts requests up to 15 minutes off its clock: the time filter allows as much. */
export const TASK_CLOCK_SKEW_MS = 15 * 60_000;

/** The change's task id, or undefined when it cannot be found for any reason (follow blind then). */
export async function findChangeTask(dcs: DcsClient, instanceId: string, change: ChangeTask, submittedAt: number): Promise<string | undefined> {
  try {
    return pickChangeTask(await dcs.listTasks(instanceId, submittedAt - TASK_CLOCK_SKEW_MS), change)?.id;
  } catch {
    return undefined;
  }
}

/**
 * What one progress answer says. A task the service no longer knows is taken as ended (the
 * instance decides, as for a DDM job that answers 404); a step FAILED fails the change with its
 * code; 100 % or every step FINISH is the end; a progress that is not a number says nothing
 * about when (blind). `remain_time` (whole seconds) narrows the estimate where it agrees with the
 * percentage (pacing.ts); it never ends the change by itself.
 */
export function observeTaskProgress(task: TaskProgress | undefined): Observation<void> {
  if (!task) return { state: "done", value: undefined };
  const steps = Array.isArray(task.step_details) ? task.step_details : [];
  const failed = steps.find((step) => step?.step_status === "FAILED");
  if (failed) {
    const code = failed.error_code ? ` (error_code ${failed.error_code})` : "";
    return { state: "failed", reason: `the background task failed at ${failed.step_name ?? "a step"}${code}`, status: "FAILED" };
  }
  const progress = finiteNumber(task.progress);
  const allFinished = steps.length > 0 && steps.every((step) => step?.step_status === "FINISH");
  if ((progress !== undefined && progress >= 100) || allFinished) return { state: "done", value: undefined };
  const remaining = finiteNumber(task.remain_time);
  return { state: "pending", progress, remainingMs: remaining === undefined ? undefined : remaining * 1_000, status: "in progress" };
}

const finiteNumber = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
