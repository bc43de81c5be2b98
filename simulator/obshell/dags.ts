import type { DagNodeRecord, DagNodeSpec, DagRecord } from "./model";

/**
 * DAG progression, evaluated from the clock: each node runs `stageMs`; a node chosen to fail
 * stops the DAG FAILED there. RETRY runs the failed node again, ROLLBACK undoes the finished
 * nodes in reverse, PASS and CANCEL end it, each only where the nodes allow it. Effects on the
 * cluster happen through `hooks`.
 */

export interface DagHooks {
  /** A node finished (forward) or was undone (rollback). */
  completed(dag: DagRecord, node: string, direction: 1 | -1): void;
  /** Does this run of the node fail? Returns the message if so. */
  fails(dag: DagRecord, node: string): string | undefined;
  /** The DAG reached SUCCEED (any operator). */
  finished(dag: DagRecord): void;
}

export function newDag(dagId: number, name: string, nodes: DagNodeSpec[], now: number, stageMs: number, target?: string): DagRecord {
  const dag: DagRecord = {
    dagId,
    id: `1${dagId}`,
    name,
    target,
    nodes: nodes.map((node): DagNodeRecord => ({ ...node, state: "PENDING", operator: "RUN", logs: [] })),
    stage: 1,
    state: "READY",
    operator: "RUN",
    direction: 1,
    startedAt: now,
    stageStartedAt: now,
    stageMs,
  };
  startStage(dag, now);
  return dag;
}

export function isRunning(dag: DagRecord): boolean {
  return dag.state === "READY" || dag.state === "RUNNING" || dag.state === "PENDING";
}

/**
 * A DAG takes the lock when it is created and gives it back when it succeeds (run, rolled back
 * or passed: OBShell's `FinishDagAsSucceed`, `txForPassDag`). Ending FAILED, by a failure or a
 * cancel, gives it back only at a node that says so (`FinishDagAsFailed` and the node's
 * `FAILURE_EXIT_MAINTENANCE`): of scale-in, only the first; of scale-out, none.
 */
export function holdsMaintenance(dag: DagRecord): boolean {
  if (dag.state === "SUCCEED") return false;
  if (dag.state === "FAILED") return !dag.nodes[dag.stage - 1].releasesLockOnFailure;
  return true;
}

function startStage(dag: DagRecord, at: number): void {
  const node = dag.nodes[dag.stage - 1];
  dag.stageStartedAt = at;
  node.startedAt = at;
  node.endedAt = undefined;
  node.state = "RUNNING";
  node.operator = dag.operator;
}

function finish(dag: DagRecord, at: number, hooks: DagHooks): void {
  dag.state = "SUCCEED";
  dag.endedAt = at;
  // A retried DAG that succeeds reads operator RUN; rolled-back and passed ones keep theirs.
  if (dag.operator === "RETRY") dag.operator = "RUN";
  hooks.finished(dag);
}

export function advanceDag(dag: DagRecord, now: number, hooks: DagHooks): void {
  while (isRunning(dag)) {
    dag.state = now > dag.startedAt ? "RUNNING" : "READY";
    const node = dag.nodes[dag.stage - 1];
    const endsAt = dag.stageStartedAt + dag.stageMs;
    if (now < endsAt) return;
    node.endedAt = endsAt;
    if (dag.direction === 1) {
      const failure = hooks.fails(dag, node.name);
      if (failure !== undefined) {
        node.state = "FAILED";
        node.logs.push(failure);
        dag.state = "FAILED";
        dag.endedAt = endsAt;
        return;
      }
      node.state = "SUCCEED";
      node.logs.push(`${node.name} finished`);
      hooks.completed(dag, node.name, 1);
      if (dag.stage === dag.nodes.length) return finish(dag, endsAt, hooks);
      dag.stage += 1;
    } else {
      node.state = "SUCCEED";
      node.logs.push(`${node.name} rolled back`);
      hooks.completed(dag, node.name, -1);
      if (dag.stage === 1) return finish(dag, endsAt, hooks);
      dag.stage -= 1;
    }
    startStage(dag, endsAt);
  }
}

export type Operator = "RETRY" | "ROLLBACK" | "CANCEL" | "PASS";

export type Refusal = { reason: "not failed" | "finished" } | { reason: "not allowed"; node: string };

/**
 * Which nodes must allow the operator, as OBShell's task service checks them: CANCEL every node
 * up to the one running (`getNodeCanCancel`), ROLLBACK every node up to the failed one
 * (`getNodesCanRollback`), PASS every node not yet succeeded (`getNodesCanPass`). RETRY is
 * allowed by every node of these DAGs.
 */
function nodeRefusing(dag: DagRecord, operator: Operator): DagNodeRecord | undefined {
  if (operator === "CANCEL") return dag.nodes.slice(0, dag.stage).find((node) => !node.canCancel);
  if (operator === "ROLLBACK") return dag.nodes.slice(0, dag.stage).find((node) => !node.canRollback);
  if (operator === "PASS") return dag.nodes.find((node) => node.state !== "SUCCEED" && !node.canPass);
  return undefined;
}

/**
 * `POST /api/v1/task/dag/{id}`. RETRY, ROLLBACK and PASS need a FAILED DAG (a cancelled one is
 * FAILED too); CANCEL an unfinished one, and a DAG holding the lock is unfinished even when
 * FAILED. Returns why the DAG's state or its nodes do not allow it.
 */
export function operateDag(dag: DagRecord, operator: Operator, now: number, hooks: DagHooks): Refusal | undefined {
  if (operator === "CANCEL" ? dag.state === "SUCCEED" : dag.state !== "FAILED") return { reason: operator === "CANCEL" ? "finished" : "not failed" };
  const refusing = nodeRefusing(dag, operator);
  if (refusing) return { reason: "not allowed", node: refusing.name };
  if (operator === "CANCEL") {
    dag.state = "FAILED";
    dag.operator = "CANCEL";
    dag.endedAt = now;
    dag.nodes[dag.stage - 1].state = "FAILED";
    return undefined;
  }
  dag.operator = operator;
  dag.endedAt = undefined;
  if (operator === "PASS") {
    finish(dag, now, hooks);
    return undefined;
  }
  dag.state = "READY";
  if (operator === "ROLLBACK") {
    // The failed node did nothing; undo the finished ones before it, last first.
    dag.nodes[dag.stage - 1].state = "PENDING";
    dag.direction = -1;
    if (dag.stage === 1) {
      finish(dag, now, hooks);
      return undefined;
    }
    dag.stage -= 1;
  }
  startStage(dag, now);
  return undefined;
}

/** The answer of `GET /api/v1/task/dag/{id}`. */
export function dagJson(dag: DagRecord, details: boolean): Record<string, unknown> {
  const time = (ms: number | undefined) => (ms === undefined ? "0001-01-01T00:00:00Z" : new Date(ms).toISOString());
  return {
    id: dag.id,
    dag_id: dag.dagId,
    name: dag.name,
    stage: dag.stage,
    max_stage: dag.nodes.length,
    state: dag.state,
    operator: dag.operator,
    start_time: time(dag.startedAt),
    end_time: time(dag.state === "SUCCEED" || dag.state === "FAILED" ? dag.endedAt : undefined),
    additional_data: dag.target ? { agent: dag.target } : null,
    nodes: details
      ? dag.nodes.map((node) => ({
          name: node.name,
          state: node.state,
          operator: node.operator,
          start_time: time(node.startedAt),
          end_time: time(node.endedAt),
          additional_data: null,
          logs: node.logs,
        }))
      : null,
  };
}
