import { taskTimeOf } from "../../provider/dcs/client/dcs-client";
import type { BackgroundTask } from "../../provider/dcs/client/types";
import { changeTaskOf, observeTaskProgress, pickChangeTask } from "../../provider/dcs/cache/task";
import type { CacheOperation } from "../../provider/dcs/cache/plan";

/** Finding a change's background task in ListBackgroundTask, and what its progress says (task.ts). */

const to = { specCode: "redis.single.xu1.large.4", capacity: 4 };

test("the task a change makes: EXTEND for a spec change, AddReplica / DelReplica for replica changes, none for a modify", () => {
  expect(changeTaskOf({ kind: "extend", to } as CacheOperation)).toEqual({ name: "EXTEND", newCapacity: 4 });
  expect(changeTaskOf({ kind: "resize", to, changeType: "createReplication" } as CacheOperation)).toEqual({ name: "AddReplica", newCapacity: 4 });
  expect(changeTaskOf({ kind: "resize", to, changeType: "deleteReplication" } as CacheOperation)).toEqual({ name: "DelReplica", newCapacity: 4 });
  expect(changeTaskOf({ kind: "resize", to, changeType: "instanceType" } as CacheOperation)).toEqual({ name: "EXTEND", newCapacity: 4 });
  expect(changeTaskOf({ kind: "modify", name: "x" } as CacheOperation)).toBeUndefined();
});

test("the newest unfinished task of the change's name and new capacity; finished, other names and sizes are not it", () => {
  const task = (id: string, fields: Partial<BackgroundTask>): BackgroundTask => ({ id, name: "EXTEND", status: "EXECUTING", created_at: "2026-12-01T10:00:00.000Z", details: { new_capacity: "4" }, ...fields });
  const tasks = [
    task("done", { status: "SUCCESS", created_at: "2026-12-01T10:05:00.000Z" }),
    task("failed", { status: "FAILED", created_at: "2026-12-01T10:06:00.000Z" }),
    task("other-size", { details: { new_capacity: "8" }, created_at: "2026-12-01T10:07:00.000Z" }),
    task("other-name", { name: "BindEip", details: {}, created_at: "2026-12-01T10:08:00.000Z" }),
    task("older", {}),
    task("ours", { created_at: "2026-12-01T10:04:00.000Z" }),
  ];
  expect(pickChangeTask(tasks, { name: "EXTEND", newCapacity: 4 })?.id).toBe("ours");
  expect(pickChangeTask(tasks, { name: "AddReplica", newCapacity: 4 })).toBeUndefined();
  // Statuses the documents do not list count as running; details without a size do not rule a task out.
  expect(pickChangeTask([task("odd", { status: "QUEUED", details: undefined })], { name: "EXTEND", newCapacity: 4 })?.id).toBe("odd");
  expect(pickChangeTask([], { name: "EXTEND", newCapacity: 4 })).toBeUndefined();
});

test("progress: a number drives the estimate; 100 % or every step FINISH ends it; a FAILED step fails with its code; 404 lets the instance decide", () => {
  expect(observeTaskProgress({ progress: 40, remain_time: 30, step_details: [{ step_status: "EXECUTING" }] })).toMatchObject({ state: "pending", progress: 40 });
  expect(observeTaskProgress({ progress: 100, step_details: [] })).toEqual({ state: "done", value: undefined });
  expect(observeTaskProgress({ step_details: [{ step_status: "FINISH" }, { step_status: "FINISH" }] })).toEqual({ state: "done", value: undefined });
  expect(observeTaskProgress({ progress: 60, step_details: [{ step_status: "FINISH" }, { step_name: "resize", step_status: "FAILED", error_code: "DCS.4999" }] })).toEqual({
    state: "failed",
    reason: "the background task failed at resize (error_code DCS.4999)",
    status: "FAILED",
  });
  expect(observeTaskProgress(undefined)).toEqual({ state: "done", value: undefined });
  // Another shape: nothing to estimate from, so followed blind, still pending.
  expect(observeTaskProgress({ percent: "40%" } as never)).toMatchObject({ state: "pending", progress: undefined });
});

test("ListBackgroundTask's time filter is UTC yyyyMMddHHmmss", () => {
  expect(taskTimeOf(Date.UTC(2020, 5, 9, 16, 0, 7, 999))).toBe("20200609160007");
});
