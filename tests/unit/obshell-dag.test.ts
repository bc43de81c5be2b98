import { describeFailure, observeDag, timeAlreadySpent } from "../../provider/obshell/dag";
import { diffObServer, joinProblem } from "../../provider/obshell/server";
import { nextPollDelay, waitFor } from "../../provider/wait";

/** Reading DAGs, the pacing they get, and the pure planning of ObServer changes. */

const dag = (fields: Record<string, unknown>) => ({ id: "11", name: "Cluster scale out", stage: 3, max_stage: 9, state: "RUNNING", operator: "RUN", ...fields });

describe("observeDag", () => {
  test("done only when SUCCEED with the operator expected", () => {
    expect(observeDag(dag({ state: "SUCCEED", stage: 9 }), "RUN")).toMatchObject({ state: "done" });
    expect(observeDag(dag({ state: "SUCCEED", operator: "ROLLBACK" }), "RUN")).toEqual({ state: "failed", reason: "DAG 11 (Cluster scale out) was rolled back" });
    expect(observeDag(dag({ state: "SUCCEED", operator: "PASS" }), "RUN")).toMatchObject({ state: "failed", reason: expect.stringMatching(/passed over/) });
    expect(observeDag(dag({ state: "SUCCEED", operator: "ROLLBACK" }), "ROLLBACK")).toMatchObject({ state: "done" });
    expect(observeDag(dag({ state: "SUCCEED", operator: "RUN" }), "ROLLBACK")).toMatchObject({ state: "failed" });
  });

  test("a FAILED DAG names its failed node and that node's last log line", () => {
    const failed = dag({
      state: "FAILED",
      nodes: [
        { name: "Check scale out", state: "SUCCEED", logs: ["ok"] },
        { name: "Start observer", state: "FAILED", logs: ["starting", "observer exited with code 1"] },
      ],
    });
    expect(observeDag(failed, "RUN")).toEqual({ state: "failed", reason: 'DAG 11 (Cluster scale out) failed at node "Start observer": observer exited with code 1' });
    expect(describeFailure(dag({ state: "FAILED", nodes: [{ name: "Add", state: "FAILED", sub_tasks: [{ task_logs: ["from a sub-task"] }] }] }))).toMatch(/"Add": from a sub-task/);
    expect(describeFailure(dag({ state: "FAILED", operator: "CANCEL" }))).toBe("DAG 11 was cancelled");
    expect(describeFailure(dag({ state: "FAILED", nodes: null }))).toBe('DAG 11 (Cluster scale out) failed at node "stage 3"');
  });

  test("progress is the share of finished stages, as coarse as one stage", () => {
    expect(observeDag(dag({ stage: 1 }), "RUN")).toMatchObject({ state: "pending", progress: 0 });
    expect(observeDag(dag({ stage: 4, nodes: [{}, {}, {}, { name: "Deploy observer" }] }), "RUN")).toMatchObject({ progress: 33, resolution: 100 / 9 + 1, status: "stage 4/9 Deploy observer" });
    expect(observeDag(dag({ stage: undefined, max_stage: undefined }), "RUN")).toMatchObject({ progress: undefined, resolution: undefined });
  });
});

describe("a wait that starts part-way", () => {
  test("time already spent: to the failure by the agent's clock, or to now while running; nothing without a start", () => {
    const start = "2026-12-01T10:00:00Z";
    expect(timeAlreadySpent(dag({ start_time: start, end_time: "2026-12-01T10:05:00Z" }), 0)).toBe(300_000);
    expect(timeAlreadySpent(dag({ start_time: start, end_time: "0001-01-01T00:00:00Z" }), Date.parse("2026-12-01T10:01:00Z"))).toBe(60_000);
    expect(timeAlreadySpent(dag({ start_time: "0001-01-01T00:00:00Z" }), 0)).toBe(0);
    expect(timeAlreadySpent(dag({ start_time: start }), Date.parse(start) - 5_000)).toBe(0);
  });

  test("a DAG retried at its last stage is followed in a handful of looks, not hundreds", async () => {
    // 8 stages took 8 minutes before the last one failed; retried, the last stage takes 1 minute.
    let time = 0;
    let polls = 0;
    const clock = { now: () => time, sleep: async (ms: number) => void (time += ms) };
    await waitFor({
      label: "retry",
      startedAt: -480_000,
      timeoutMs: 3_600_000,
      pollFirstAfterDelay: true,
      clock,
      observe: async () => {
        polls++;
        return observeDag(dag(time >= 60_000 ? { stage: 9, state: "SUCCEED" } : { stage: 9 }), "RUN");
      },
    });
    expect(polls).toBeLessThanOrEqual(12);
    expect(time - 60_000).toBeLessThan(0.03 * 540_000);
  });

  test("a rollback, walking stages backwards, gives no progress to pace by", () => {
    expect(observeDag(dag({ stage: 5, operator: "ROLLBACK" }), "ROLLBACK")).toEqual({ state: "pending", status: "rolling back, stage 5/9" });
  });
});

describe("pacing with coarse progress", () => {
  test("aims at the earliest end a stage count allows, not at the latest", () => {
    // 1 of 9 stages done after 60 s: the DAG ends in (270 s, 540 s].
    expect(nextPollDelay(60_000, 11, 100 / 9 + 1)).toBeLessThan(220_000);
    expect(nextPollDelay(60_000, 11)).toBeGreaterThan(400_000);
  });

  test("in the last stage, looks are spaced by 2 % of the elapsed time, never a flurry", () => {
    expect(nextPollDelay(600_000, 88, 100 / 9 + 1)).toBeGreaterThanOrEqual(12_000);
    expect(nextPollDelay(600_000, 99)).toBeLessThan(12_000);
  });
});

describe("planning", () => {
  const olds = { ip: "10.0.0.4", port: 2886, zone: "zone2", obConfigs: { rpc_port: "2882" }, password: "a", clusterAgent: { host: "10.0.0.1", port: 2886 } };

  test("a new IP replaces without removing first; a new zone removes the same agent first", () => {
    expect(diffObServer(olds, { ...olds, ip: "10.0.0.5" })).toEqual({ changes: true, replaces: ["ip"], deleteBeforeReplace: false });
    expect(diffObServer(olds, { ...olds, zone: "zone3" })).toEqual({ changes: true, replaces: ["zone"], deleteBeforeReplace: true });
    expect(diffObServer(olds, { ...olds, clusterAgent: { host: "10.0.0.2", port: 2886 } })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("why a target cannot join, before anything changes", () => {
    const cluster = { identity: "MASTER", version: "4.3.5.0", obVersion: "4.3.5.0" };
    expect(joinProblem("h:1", { cluster, target: { identity: "SINGLE", version: "4.3.5.0", obVersion: "4.3.5.0" } })).toBeUndefined();
    expect(joinProblem("h:1", { cluster, target: { identity: "FOLLOWER", version: "4.3.5.0", obVersion: "4.3.5.0" } })).toMatch(/is FOLLOWER, not SINGLE/);
    expect(joinProblem("h:1", { cluster, target: { identity: "SINGLE", version: "4.3.5.0", obVersion: "4.3.4.0" } })).toMatch(/OceanBase 4\.3\.4\.0, the cluster 4\.3\.5\.0/);
    expect(joinProblem("h:1", { cluster, target: { identity: "SINGLE", version: "4.4.0.0", obVersion: "4.3.5.0" } })).toMatch(/OBShell 4\.4\.0\.0, newer than the cluster's 4\.3\.5\.0/);
  });
});
