import { OperationFailedError, WaitTimeoutError, waitFor, type Reporter } from "../../wait";
import { addressOf, compareVersions, ObshellApiError, ObshellClient, type ClusterInfo, type Dag, type TopologyServer } from "../client";
import { observeDag, timeAlreadySpent, type DagOutcome } from "../dag";
import { clearFailedDag, recordFailedDag, whenClusterFree } from "../maintenance";
import type { ObServerInputs, OnFailure } from "./types";

/**
 * Joining and leaving a cluster: the checks before any change, submitting in the cluster's
 * turn, following the DAG to its end, and what `onFailure` asks for when it fails.
 */

/** Scale-in arrived in OBShell 4.2.5. */
export const SCALE_IN_SINCE = "4.2.5";

export interface Scope {
  cluster: ObshellClient;
  /** Identifies the cluster for the one-operation-at-a-time rule. */
  clusterKey: string;
  label: string;
  deadline: number;
  report?: Reporter;
}

/** Scale-in's DAG, by the name OBShell gives it. */
export const SCALE_IN_DAG = "Cluster scale in";

export type Membership = "scale-out" | "scale-in";

/** A DAG that did not end as it should: carries the DAG for state. */
export class DagFailure extends Error {
  constructor(
    message: string,
    readonly dag: Dag,
  ) {
    super(message);
    this.name = "DagFailure";
  }
}

/** A DAG still unfinished when the timeout struck: carries it as last seen. */
export class DagTimeout extends Error {
  constructor(
    message: string,
    readonly dag: Dag,
  ) {
    super(message);
    this.name = "DagTimeout";
  }
}

/** Neither succeeded nor ended some other way for good: failed (even cancelled, which RETRY resumes) or still running. */
export function isUnfinished(dag: Dag): boolean {
  return dag.state !== "SUCCEED";
}

export interface LiveServer {
  zone: string;
  server: TopologyServer;
}

/** The server whose agent is ip:port, from the topology (agent_port), else from agent_info's zone. */
export function findServer(info: ClusterInfo, ip: string, port: number): LiveServer | undefined {
  const zones = Object.entries(info.obcluster_info?.topology ?? {});
  for (const [zone, servers] of zones) {
    const server = (servers ?? []).find((s) => s.svr_ip === ip && s.agent_port === port);
    if (server) return { zone, server };
  }
  const agent = (info.agent_info ?? []).find((a) => a.ip === ip && a.port === port);
  if (!agent?.zone) return undefined;
  const server = (info.obcluster_info?.topology?.[agent.zone] ?? []).find((s) => s.svr_ip === ip && s.agent_port === undefined);
  return server ? { zone: agent.zone, server } : undefined;
}

/**
 * The cluster, for taking turns: its name and id with the agent the requests go to. Clusters
 * are often all named "obcluster" with id 1, so the name alone would make unrelated clusters
 * wait for each other; resources that reach one cluster through different agents do not share
 * a turn, and meet the maintenance lock instead, which is waited out.
 */
export function clusterKeyOf(info: ClusterInfo, agent: ObshellClient): string {
  const cluster = info.obcluster_info;
  return `${cluster?.name ?? ""}#${cluster?.id ?? ""}@${addressOf(agent.agent)}`;
}

/** Follows a DAG until it is SUCCEED with the expected operator; anything else is a DagFailure. */
export async function followDag(scope: Scope, submitted: Dag, outcome: DagOutcome, what: string, alreadySpentMs = 0): Promise<Dag> {
  let last = submitted;
  const now = Date.now();
  try {
    return await waitFor({
      label: `${scope.label}: ${what} (DAG ${submitted.id})`,
      startedAt: now - alreadySpentMs,
      timeoutMs: Math.max(scope.deadline - now, 1) + alreadySpentMs,
      pollFirstAfterDelay: true,
      report: scope.report,
      whereToLook: `inspect DAG ${submitted.id} with obshell or its API (GET /api/v1/task/dag/${submitted.id})`,
      observe: async () => {
        last = await scope.cluster.dag(submitted.id);
        return observeDag(last, outcome);
      },
    });
  } catch (error) {
    if (error instanceof OperationFailedError) throw new DagFailure(`${scope.label}: ${what} failed: ${error.reason}`, last);
    if (error instanceof WaitTimeoutError) throw new DagTimeout(error.message, last);
    throw error;
  }
}

export interface TargetCheck {
  cluster: { identity?: string; version?: string; obVersion?: string };
  target: { identity?: string; version?: string; obVersion?: string };
}

/** Pure: why the target agent cannot join, before anything is changed. */
export function joinProblem(address: string, { cluster, target }: TargetCheck): string | undefined {
  if (target.identity !== "SINGLE") {
    return `the agent at ${address} is ${target.identity ?? "of unknown identity"}, not SINGLE: only an agent that belongs to no cluster can join one`;
  }
  if (cluster.obVersion && target.obVersion !== cluster.obVersion) {
    return `the agent at ${address} runs OceanBase ${target.obVersion ?? "(unknown)"}, the cluster ${cluster.obVersion}: a server joins only with the same version`;
  }
  if (cluster.version && target.version && compareVersions(target.version, cluster.version) > 0) {
    return `the agent at ${address} runs OBShell ${target.version}, newer than the cluster's ${cluster.version}: upgrade the cluster's agents first`;
  }
  return undefined;
}

/** What rolling a failed DAG back leaves, by operation. */
const ROLLED_BACK: Record<Membership, string> = {
  "scale-out": "the server is not in the cluster",
  "scale-in": "the server stays in the cluster",
};

/**
 * A failed DAG, handled as `onFailure` says while the cluster's turn is still ours: retry it
 * once, or roll it back; "keep" leaves it failed (and the cluster, most often, in maintenance)
 * for inspection. A DAG the agent will not roll back (scale-in past "Delete agent") is kept.
 */
async function afterFailure(scope: Scope, failure: DagFailure, onFailure: OnFailure, operation: Membership): Promise<Dag> {
  if (onFailure === "retry") {
    scope.report?.(`${failure.message}; retrying it once`);
    await scope.cluster.operateDag(failure.dag.id, "RETRY");
    return followDag(scope, failure.dag, "RUN", `retrying the ${operation}`, timeAlreadySpent(failure.dag, Date.now()));
  }
  if (onFailure === "rollback") {
    scope.report?.(`${failure.message}; rolling it back`);
    try {
      await scope.cluster.operateDag(failure.dag.id, "ROLLBACK");
    } catch (error) {
      if (!(error instanceof ObshellApiError) || error.status !== 400) throw error;
      throw new DagFailure(`${failure.message}. The agent refused to roll it back (${error.serviceMessage ?? error.code ?? error.message})`, failure.dag);
    }
    const rolledBack = await followDag(scope, failure.dag, "ROLLBACK", `rolling back the ${operation}`);
    throw new DagFailure(`${failure.message}. It was rolled back: ${ROLLED_BACK[operation]}`, rolledBack);
  }
  throw failure;
}

/**
 * Keeps the record of a DAG of ours left failed, so operations queued behind it do not wait for
 * it in vain (the agent keeps the lock for it: for a scale-out always, for a scale-in from its
 * second node on).
 */
async function recordingFailure<T>(scope: Scope, run: () => Promise<T>): Promise<T> {
  try {
    const value = await run();
    clearFailedDag(scope.clusterKey);
    return value;
  } catch (error) {
    if (error instanceof DagFailure && error.dag.state === "FAILED" && error.dag.operator !== "CANCEL") {
      recordFailedDag(scope.clusterKey, `DAG ${error.dag.id} (${error.dag.name ?? "unnamed"}, ${scope.label})`, error.dag.name);
    }
    throw error;
  }
}

/** Work that changes the cluster, in its turn and once the maintenance lock is free. */
function inClusterTurn<T>(scope: Scope, work: () => Promise<T>): Promise<T> {
  return whenClusterFree({ cluster: scope.clusterKey, label: scope.label, deadline: scope.deadline, report: scope.report }, work);
}

const SUBMIT_ATTEMPTS = 3;

/**
 * Submits the scale-out. An answer lost on the way is never simply repeated: the joining agent
 * tells whether it took effect (it is SINGLE no longer). Only then is the DAG unknown, and the
 * way on is to let it end and adopt the server.
 */
async function submitScaleOut(scope: Scope, inputs: ObServerInputs): Promise<Dag> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await scope.cluster.scaleOut({
        agentInfo: { ip: inputs.ip, port: inputs.port },
        obConfigs: inputs.obConfigs,
        zone: inputs.zone,
        ...(inputs.targetAgentPassword ? { targetAgentPassword: inputs.targetAgentPassword } : {}),
      });
    } catch (error) {
      if (!(error instanceof ObshellApiError && error.outcomeUnknown)) throw error;
      const target = await new ObshellClient({ host: inputs.ip, port: inputs.port }, "").info();
      if (target?.identity === "SINGLE" && attempt < SUBMIT_ATTEMPTS) continue;
      if (target?.identity === "SINGLE") throw error;
      throw new Error(
        `${scope.label}: the answer to the scale-out was lost, and the agent is ${target?.identity ?? "of unknown identity"} now: the scale-out is under way, but its DAG is unknown. ` +
          `Let it end (the server shows in GET /api/v1/ob/info), then adopt the server with the resource option import: "${inputs.ip}:${inputs.port}"`,
      );
    }
  }
}

export async function join(scope: Scope, inputs: ObServerInputs, submittedAs?: (dag: Dag) => void): Promise<Dag> {
  return inClusterTurn(scope, () =>
    recordingFailure(scope, async () => {
      const submitted = await submitScaleOut(scope, inputs);
      submittedAs?.(submitted);
      return followToEnd(scope, submitted, `scaling out into ${inputs.zone}`, inputs.onFailure ?? "keep", "scale-out");
    }),
  );
}

async function followToEnd(scope: Scope, submitted: Dag, what: string, onFailure: OnFailure, operation: Membership): Promise<Dag> {
  try {
    return await followDag(scope, submitted, "RUN", what);
  } catch (error) {
    if (!(error instanceof DagFailure) || error.dag.state !== "FAILED") throw error;
    return afterFailure(scope, error, onFailure, operation);
  }
}

/**
 * The next `up` (or `destroy`) after a DAG of ours failed or ran out of time: RETRY it, or
 * follow it if it is running still, rather than start the operation afresh.
 */
export async function resume(scope: Scope, dag: Dag, operation: Membership): Promise<Dag> {
  return inClusterTurn(scope, () =>
    recordingFailure(scope, async () => {
      if (dag.state === "FAILED") await scope.cluster.operateDag(dag.id, "RETRY");
      return followDag(scope, dag, "RUN", dag.state === "FAILED" ? `retrying the failed ${operation}` : operation === "scale-out" ? "scaling out" : "scaling in", timeAlreadySpent(dag, Date.now()));
    }),
  );
}

/** Undoes a scale-out that failed, before the server is deleted. */
export async function rollBack(scope: Scope, dag: Dag): Promise<void> {
  await inClusterTurn(scope, async () => {
    if (dag.state === "FAILED") await scope.cluster.operateDag(dag.id, "ROLLBACK");
    await followDag(scope, dag, dag.state === "FAILED" ? "ROLLBACK" : "RUN", "rolling back the failed scale-out");
    clearFailedDag(scope.clusterKey);
  });
}

/** Scale-in, followed to the end, with `onFailure`; nothing to do when the server is out already (204). */
export async function leave(scope: Scope, ip: string, port: number, onFailure: OnFailure): Promise<Dag | undefined> {
  return inClusterTurn(scope, () =>
    recordingFailure(scope, async () => {
      const submitted = await scope.cluster.scaleIn(ip, port);
      return submitted ? followToEnd(scope, submitted, "scaling in", onFailure, "scale-in") : undefined;
    }),
  );
}

/** Signs that a scale-in of this server has begun: the server DELETING, or its agent SCALING IN. */
export function showsLeaving(info: ClusterInfo, ip: string, port: number): boolean {
  if (findServer(info, ip, port)?.server.status === "DELETING") return true;
  return (info.agent_info ?? []).some((agent) => agent.ip === ip && agent.port === port && agent.identity === "SCALING IN");
}

/**
 * The scale-in of this server that has not ended, if any: the one in state, else, when the
 * cluster shows the server leaving, the cluster's last maintenance DAG if it is a scale-in that
 * has not ended (the lock admits one such DAG at a time, so it is this server's).
 */
export async function unfinishedScaleIn(cluster: ObshellClient, info: ClusterInfo, ip: string, port: number, storedDagId: string | undefined): Promise<Dag | undefined> {
  if (storedDagId) {
    const stored = await cluster.dag(storedDagId).catch((error: unknown) => {
      if (error instanceof ObshellApiError && error.status === 404) return undefined;
      throw error;
    });
    if (stored && stored.name === SCALE_IN_DAG && isUnfinished(stored)) return stored;
  }
  if (!showsLeaving(info, ip, port)) return undefined;
  const last = await cluster.lastMaintenanceDag();
  return last && last.name === SCALE_IN_DAG && isUnfinished(last) ? last : undefined;
}
