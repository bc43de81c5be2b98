import type { Observation } from "../wait";
import type { Dag, DagNode } from "./client";

/**
 * Reading a DAG (pure). It is done only when SUCCEED with the operator expected: RUN for a run
 * or a retry, ROLLBACK for a rollback; a rolled-back or passed DAG also reads SUCCEED.
 * Progress for the waiter's pacing is the share of stages already finished.
 */

export type DagOutcome = "RUN" | "ROLLBACK";

export function dagProgress(dag: Dag): number | undefined {
  const { stage, max_stage: maxStage } = dag;
  if (typeof stage !== "number" || typeof maxStage !== "number" || maxStage <= 0) return undefined;
  return Math.max(0, Math.min(99, Math.floor(((stage - 1) / maxStage) * 100)));
}

function lastLog(node: DagNode): string | undefined {
  const logs = [...(node.logs ?? []), ...(node.sub_tasks ?? []).flatMap((task) => task.task_logs ?? [])];
  return logs.filter((line) => typeof line === "string" && line.trim()).pop();
}

/** The failed node of a FAILED DAG and its last log line: what the user needs to see first. */
export function failureOf(dag: Dag): { node?: string; message?: string } {
  const node = (dag.nodes ?? []).find((n) => n.state === "FAILED") ?? (dag.nodes ?? [])[(dag.stage ?? 0) - 1];
  return node ? { node: node.name, message: lastLog(node) } : {};
}

export function describeFailure(dag: Dag): string {
  if (dag.operator === "CANCEL") return `DAG ${dag.id} was cancelled`;
  const { node, message } = failureOf(dag);
  return `DAG ${dag.id} (${dag.name ?? "unnamed"}) failed at node "${node ?? `stage ${dag.stage ?? "?"}`}"${message ? `: ${message}` : ""}`;
}

export function isSucceeded(dag: Dag, outcome: DagOutcome = "RUN"): boolean {
  return dag.state === "SUCCEED" && dag.operator === outcome;
}

const NO_TIME = /^0001-/;

/**
 * How long the DAG has run already, so progress measured over the whole DAG is paced against
 * the whole DAG's time when a wait starts part-way (a retry, an `up` following a DAG it did not
 * start). A finished run counts to its end, from the agent's own clock; a running one to now.
 */
export function timeAlreadySpent(dag: Dag, nowMs: number): number {
  const start = dag.start_time && !NO_TIME.test(dag.start_time) ? Date.parse(dag.start_time) : Number.NaN;
  if (!Number.isFinite(start)) return 0;
  const end = dag.end_time && !NO_TIME.test(dag.end_time) ? Date.parse(dag.end_time) : nowMs;
  return Number.isFinite(end) ? Math.max(0, Math.min(end - start, 7 * 24 * 3_600_000)) : 0;
}

export function observeDag(dag: Dag, outcome: DagOutcome): Observation<Dag> {
  if (dag.state === "SUCCEED") {
    if (dag.operator === outcome) return { state: "done", value: dag };
    const how = dag.operator === "ROLLBACK" ? "was rolled back" : dag.operator === "PASS" ? "was passed over, not run" : `ended with operator ${dag.operator}`;
    return { state: "failed", reason: `DAG ${dag.id} (${dag.name ?? "unnamed"}) ${how}` };
  }
  if (dag.state === "FAILED") return { state: "failed", reason: describeFailure(dag) };
  const node = (dag.nodes ?? [])[(dag.stage ?? 0) - 1]?.name;
  const status = `stage ${dag.stage ?? "?"}/${dag.max_stage ?? "?"}${node ? ` ${node}` : ""}`;
  // A rollback walks the stages backwards: they say nothing about when it ends.
  if (outcome === "ROLLBACK") return { state: "pending", status: `rolling back, ${status}` };
  // One stage's share, plus the point the whole percentage drops.
  const resolution = typeof dag.max_stage === "number" && dag.max_stage > 0 ? 100 / dag.max_stage + 1 : undefined;
  return { state: "pending", progress: dagProgress(dag), resolution, status };
}
