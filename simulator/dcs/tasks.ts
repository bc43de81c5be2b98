import { randomUUID } from "node:crypto";
import type { DcsBackgroundTask } from "./model";

/**
 * DCS background tasks (ListBackgroundTask, ShowBackgroundTaskProgress of the DCS API v2): one
 * per accepted extend or resize, from its submit until the instance is idle again. Its progress
 * grows linearly over that span; `remain_time` is what is left, in whole seconds.
 */

/** Task statuses of the 2022 ListBackgroundTask page's enumeration (SUCCESS, FAILED, EXECUTING, CREATED, WAITING). */
export const TASK_EXECUTING = "EXECUTING";
export const TASK_SUCCESS = "SUCCESS";
export const TASK_FAILED = "FAILED";

/**
 * The code a failed change's step reports. The documents give no values for a step's
 * `error_code`: our own choice, the simulator's internal-failure code.
 */
export const CHANGE_FAILED_CODE = "DCS.5000";

export function newTask(fields: Omit<DcsBackgroundTask, "id" | "status">): DcsBackgroundTask {
  return { id: randomUUID().replace(/-/g, ""), status: TASK_EXECUTING, ...fields };
}

/** Whole percent done at `now`: 100 only once it has ended. */
export function progressOf(task: DcsBackgroundTask, now: number): number {
  if (task.status === TASK_SUCCESS) return 100;
  const at = task.status === TASK_FAILED ? (task.failedAt ?? now) : now;
  const share = (at - task.createdAt) / (task.endsAt - task.createdAt);
  return Math.min(99, Math.max(0, Math.floor(share * 100)));
}

const iso = (ms: number) => new Date(ms).toISOString();

/** ShowBackgroundTaskProgress's answer: one step, the change itself. */
export function progressView(task: DcsBackgroundTask, now: number) {
  const failed = task.status === TASK_FAILED;
  const finished = task.status === TASK_SUCCESS;
  const ended = failed ? task.failedAt : finished ? task.endsAt : undefined;
  return {
    progress: progressOf(task, now),
    remain_time: failed || finished ? 0 : Math.max(0, Math.ceil((task.endsAt - now) / 1000)),
    step_details: [
      {
        step_id: `${task.id}-1`,
        step_name: task.name,
        step_status: failed ? "FAILED" : finished ? "FINISH" : "EXECUTING",
        begin_time: iso(task.createdAt),
        end_time: ended === undefined ? null : iso(ended),
        error_code: failed ? CHANGE_FAILED_CODE : null,
        sub_step_details: [],
      },
    ],
  };
}

/** An entry of ListBackgroundTask's `tasks`. */
export function taskView(task: DcsBackgroundTask, user: { name: string; id: string }) {
  return {
    id: task.id,
    name: task.name,
    details: {
      old_capacity: String(task.oldCapacity),
      new_capacity: String(task.newCapacity),
      old_cache_mode: task.oldCacheMode,
      new_cache_mode: task.newCacheMode,
    },
    user_name: user.name,
    user_id: user.id,
    params: JSON.stringify({ new_capacity: task.newCapacity, spec_code: task.specCode }),
    status: task.status,
    created_at: iso(task.createdAt),
    updated_at: iso(task.updatedAt),
    enable_show: true,
  };
}

/** yyyyMMddHHmmss in UTC, as the documents give `start_time` and `end_time`; anything else is refused. */
export function parseTaskTime(raw: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(raw);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  const valid = back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
  return valid ? ms : undefined;
}
