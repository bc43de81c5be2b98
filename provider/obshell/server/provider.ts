import type * as pulumi from "@pulumi/pulumi";
import { registerSecret } from "../../cloud/redact";
import { importIdOf } from "../../resource/adoption";
import { errorMessage, progressReporter, ResourceInitError, timeoutMs } from "../../resource/context";
import { compact, withProvider, type Props } from "../../resource/values";
import { addressOf, compareVersions, ObshellApiError, ObshellClient, type ClusterInfo, type Dag } from "../client";
import { checkObServer, normalizeObServer } from "./check";
import {
  clusterKeyOf,
  DagFailure,
  DagTimeout,
  findServer,
  join,
  joinProblem,
  leave,
  resume,
  rollBack,
  SCALE_IN_DAG,
  SCALE_IN_SINCE,
  unfinishedScaleIn,
  type LiveServer,
  type Scope,
} from "./membership";
import { diffObServer, pendingJoin, pendingLeave } from "./plan";
import { NOT_A_MEMBER, OBSERVER_INPUT_KEYS, type ObServerInputs, type ObServerOutputs } from "./types";

const DEFAULT_MINUTES = { create: 30, update: 30, delete: 30 };

function inputsOf(props: Props): ObServerInputs {
  return compact(Object.fromEntries(OBSERVER_INPUT_KEYS.map((key) => [key, props[key]]))) as unknown as ObServerInputs;
}

const idOf = (inputs: Pick<ObServerInputs, "ip" | "port">) => `${inputs.ip}:${inputs.port}`;

function toOutputs(inputs: ObServerInputs, live: LiveServer | undefined, clusterName: string | undefined, operation?: ObServerOutputs["lastOperation"], dag?: Dag): ObServerOutputs {
  const rootserver = live?.server.with_rootserver;
  return compact({
    ...inputs,
    svrIp: live?.server.svr_ip,
    svrPort: live?.server.svr_port,
    sqlPort: live?.server.sql_port,
    status: live?.server.status ?? NOT_A_MEMBER,
    withRootserver: rootserver === true || (typeof rootserver === "string" && /^(yes|true|1)$/i.test(rootserver)),
    clusterName,
    lastOperation: operation,
    dagId: dag?.id,
    dagName: dag?.name,
    dagState: dag?.state,
    dagOperator: dag?.operator,
  });
}

/** The last operation recorded in state, carried over when a call makes no new one. */
function lastDagOf(props: Props): { operation?: ObServerOutputs["lastOperation"]; dag?: Dag } {
  if (typeof props.dagId !== "string") return {};
  const dag: Dag = { id: props.dagId, name: props.dagName as string, state: props.dagState as string, operator: props.dagOperator as string };
  return { operation: props.lastOperation as ObServerOutputs["lastOperation"], dag };
}

function clusterClient(inputs: ObServerInputs): ObshellClient {
  registerSecret(inputs.targetAgentPassword);
  return new ObshellClient(inputs.clusterAgent, inputs.password);
}

function label(inputs: ObServerInputs): string {
  return `observer ${idOf(inputs)}`;
}

async function scopeFor(inputs: ObServerInputs, deadline: number): Promise<{ scope: Scope; info: ClusterInfo }> {
  const cluster = clusterClient(inputs);
  const info = await cluster.clusterInfo();
  return { scope: { cluster, clusterKey: clusterKeyOf(info, cluster), label: label(inputs), deadline, report: progressReporter() }, info };
}

/** A DAG that failed or ran out of time leaves the resource in state, carrying the DAG, so the next `up` carries it on. */
async function partialFailure(scope: Scope, inputs: ObServerInputs, props: Props, error: unknown, dag: Dag): Promise<never> {
  const info = await scope.cluster.clusterInfo().catch(() => undefined);
  const live = info && findServer(info, inputs.ip, inputs.port);
  const message = `${errorMessage(error)}. The DAG's id (${dag.id}) is kept in state: the next \`pulumi up\` ${dag.state === "FAILED" ? "retries" : "follows"} it`;
  throw new ResourceInitError(message, idOf(inputs), withProvider(toOutputs(inputs, live, info?.obcluster_info?.name, "scale-out", dag), props));
}

async function runJoin(scope: Scope, inputs: ObServerInputs, props: Props, run: () => Promise<Dag>, submitted: () => Dag | undefined): Promise<ObServerOutputs> {
  let dag: Dag;
  try {
    dag = await run();
  } catch (error) {
    if (error instanceof DagFailure && error.dag.state === "FAILED") return partialFailure(scope, inputs, props, error, error.dag);
    // Out of time, the DAG as last seen; lost sight of it otherwise, as submitted: either way its id is kept.
    const dag = error instanceof DagTimeout ? error.dag : submitted();
    if (dag && !(error instanceof DagFailure)) return partialFailure(scope, inputs, props, error, dag);
    throw new Error(errorMessage(error));
  }
  const info = await scope.cluster.clusterInfo();
  return toOutputs(inputs, findServer(info, inputs.ip, inputs.port), info.obcluster_info?.name, "scale-out", dag);
}

async function create(props: Props): Promise<pulumi.dynamic.CreateResult> {
  const inputs = inputsOf(props);
  const id = idOf(inputs);
  const deadline = Date.now() + timeoutMs(inputs.timeouts, "create", DEFAULT_MINUTES.create);
  const { scope, info } = await scopeFor(inputs, deadline);
  const member = findServer(info, inputs.ip, inputs.port);
  if (member) {
    // The import option adopts a member as it is; without it, a member belongs to someone else.
    if (importIdOf(props) !== id) {
      throw new Error(`${scope.label} is already a member of cluster ${info.obcluster_info?.name ?? ""} (zone ${member.zone}); nothing was changed. To manage it with Pulumi, import it: resource option import: "${id}"`);
    }
    if (member.zone !== inputs.zone) throw new Error(`import ${id}: the server is in zone ${member.zone}, the declaration says ${inputs.zone}; declare it as it is to import it`);
    return { id, outs: withProvider(toOutputs(inputs, member, info.obcluster_info?.name), props) };
  }
  const target = new ObshellClient({ host: inputs.ip, port: inputs.port }, "");
  const [clusterAgent, targetAgent] = await Promise.all([
    scope.cluster.info(),
    target.info().catch((error: unknown) => {
      throw new Error(`${scope.label} cannot join: its agent does not answer GET /api/v1/info (${errorMessage(error)}); nothing was changed`);
    }),
  ]);
  const problem = joinProblem(addressOf(target.agent), { cluster: clusterAgent ?? {}, target: targetAgent ?? {} });
  if (problem) throw new Error(`${scope.label} cannot join cluster ${info.obcluster_info?.name ?? ""}: ${problem}; nothing was changed`);
  let submitted: Dag | undefined;
  const outs = await runJoin(scope, inputs, props, () => join(scope, inputs, (dag) => (submitted = dag)), () => submitted);
  return { id, outs: withProvider(outs, props) };
}

/** The id read back is always `{ip}:{port}`, whatever id (an import's) asked. */
async function read(_id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const inputs = inputsOf(props);
  const cluster = clusterClient(inputs);
  const info = await cluster.clusterInfo();
  const live = findServer(info, inputs.ip, inputs.port);
  // A scale-in that failed or ran out of time is this resource's unfinished business: its DAG
  // goes into state, and the server, even out of the topology already, is not gone.
  const leaving = await unfinishedScaleIn(cluster, info, inputs.ip, inputs.port, pendingLeave(props));
  const { operation, dag } = leaving ? { operation: "scale-in" as const, dag: leaving } : lastDagOf(props);
  if (live || leaving) {
    // A zone changed outside Pulumi shows as a difference from the declaration.
    const liveInputs = live ? { ...inputs, zone: live.zone } : inputs;
    return { id: idOf(inputs), props: withProvider(toOutputs(liveInputs, live, info.obcluster_info?.name, operation, dag), props), inputs: withProvider(liveInputs, props) };
  }
  const pending = pendingJoin(props);
  if (pending) {
    const current = await cluster.dag(pending).catch((error) => {
      if (error instanceof ObshellApiError && error.status === 404) return undefined;
      throw error;
    });
    // A join still failed or running is this resource's unfinished business, not a server gone.
    if (current && (current.state === "FAILED" ? current.operator !== "CANCEL" : current.state !== "SUCCEED")) {
      return { id: idOf(inputs), props: withProvider(toOutputs(inputs, undefined, info.obcluster_info?.name, "scale-out", current), props), inputs: withProvider(inputs, props) };
    }
  }
  return { id: "", props: {} };
}

async function update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  const inputs = inputsOf(news);
  const pending = pendingJoin(olds);
  if (!pending) return { outs: withProvider({ ...olds, ...inputs }, news) };
  const deadline = Date.now() + timeoutMs(inputs.timeouts, "update", DEFAULT_MINUTES.update);
  const { scope } = await scopeFor(inputs, deadline);
  const dag = await scope.cluster.dag(pending);
  const resumable = dag.state === "FAILED" ? dag.operator !== "CANCEL" : dag.state !== "SUCCEED" || dag.operator === "RUN";
  // Rolled back, cancelled or passed over by someone: the join starts afresh.
  let submitted: Dag | undefined = resumable ? dag : undefined;
  const run = resumable ? () => resume(scope, dag, "scale-out") : () => join(scope, inputs, (fresh) => (submitted = fresh));
  return { outs: withProvider(await runJoin(scope, inputs, news, run, () => submitted), news) };
}

/** What a failed or unfinished scale-in leaves, and how the next run carries it on (a delete cannot write state). */
function leftBehind(error: unknown): string {
  const dag = error instanceof DagFailure || error instanceof DagTimeout ? error.dag : undefined;
  if (!dag || dag.name !== SCALE_IN_DAG || dag.state === "SUCCEED") return "";
  const id = dag.id;
  if (dag.state !== "FAILED") return `. DAG ${id} goes on: the next \`pulumi destroy\` (or \`pulumi up\`) follows it`;
  return (
    `. DAG ${id} is left failed, and the agent keeps the cluster under maintenance until it ends: the next \`pulumi destroy\` (or \`pulumi up\`) retries it (RETRY), ` +
    `and \`pulumi refresh\` records it in state. Inspect the DAG with obshell or its API (GET /api/v1/task/dag/${id}); to undo the scale-in instead, where the agent allows it, roll the DAG back (POST /api/v1/task/dag/${id} {"operator": "ROLLBACK"}), then run \`pulumi refresh\``
  );
}

async function remove(_id: string, props: Props): Promise<void> {
  const inputs = inputsOf(props);
  const deadline = Date.now() + timeoutMs(inputs.timeouts, "delete", DEFAULT_MINUTES.delete);
  const { scope } = await scopeFor(inputs, deadline);
  if (inputs.clusterAgent.host === inputs.ip && inputs.clusterAgent.port === inputs.port) {
    throw new Error(`${scope.label}: an agent cannot remove its own server; set clusterAgent to another member of the cluster and run the command again`);
  }
  try {
    const pending = pendingJoin(props);
    if (pending) {
      const dag = await scope.cluster.dag(pending).catch(() => undefined);
      if (dag && (dag.state === "FAILED" ? dag.operator !== "CANCEL" : dag.state !== "SUCCEED")) await rollBack(scope, dag);
    }
    const info = await scope.cluster.clusterInfo();
    // A scale-in of ours that failed (holding the cluster's lock) or ran out of time is carried
    // on, never sent again: a new one would only meet the lock its own DAG holds.
    const leaving = await unfinishedScaleIn(scope.cluster, info, inputs.ip, inputs.port, pendingLeave(props));
    if (leaving) {
      await resume(scope, leaving, "scale-in");
      return;
    }
    if (!findServer(info, inputs.ip, inputs.port)) return;
    const agent = await scope.cluster.info();
    if (compareVersions(agent?.version ?? "0", SCALE_IN_SINCE) < 0) {
      throw new Error(
        `${scope.label}: the cluster's agent ${addressOf(inputs.clusterAgent)} runs OBShell ${agent?.version ?? "(unknown)"}, and scale-in needs ${SCALE_IN_SINCE} or later; ` +
          "the server was left in the cluster. Upgrade OBShell, or remove the server by hand and run `pulumi refresh`",
      );
    }
    await leave(scope, inputs.ip, inputs.port, inputs.onFailure ?? "keep");
  } catch (error) {
    throw new Error(errorMessage(error) + leftBehind(error));
  }
}

export const obServerProvider = {
  async configure(): Promise<void> {},

  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    const failures = checkObServer(news);
    return { inputs: failures.length ? news : normalizeObServer(news), failures };
  },

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return diffObServer(olds, news);
  },

  create,
  read,
  update,
  delete: remove,
};
