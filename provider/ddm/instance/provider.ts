import type * as pulumi from "@pulumi/pulumi";
import { HuaweiCloudError, ifNotFound, type DdmClient } from "../client";
import type { InstanceDetail } from "../client/types";
import { importIdOf } from "../../resource/adoption";
import { settleOrder, type BssClient } from "../../bss";
import { boundedByTimeouts, billing, client, configure, createFailure, progressReporter, ResourceInitError, stepFailure, timeoutMs } from "../../resource/context";
import { InputError } from "../../resource/validation";
import { compact, withProvider, type Props } from "../../resource/values";
import { stderrReporter } from "../../wait";
import { settleDeletion, settleInstance, whenInstanceReady } from "../wait";
import { adoptInstance } from "./adopt";
import { extendParam, isPrePaid } from "./billing";
import { lookUpLive, resolveEngine, resolveFlavor } from "./catalog";
import { checkInstance } from "./check";
import { AdministratorMissingError, ensureAdministrator, runOperation, type ParameterProgress } from "./execute";
import { groupProblem, toGroupOutputs } from "./groups";
import { declaredLive, toDefinitions } from "./parameters";
import { inputsOf, liveInputs, reuseNodeIds, toOutputs, type ResolvedIds } from "./outputs";
import { describeOperation, isNodeOperation, planInstanceChange, planParameters, type InstanceOperation } from "./plan";
import type { InstanceInputs, InstanceNodeGroupOutput, InstanceOutputs } from "./types";

const DEFAULT_MINUTES = { create: 30, update: 60, delete: 30 };

async function describeLive(
  ddm: DdmClient,
  inputs: InstanceInputs,
  instance: InstanceDetail,
  ids: ResolvedIds,
  previous: Partial<InstanceOutputs> = {},
  parameters?: ParameterProgress,
  /** The groups as they are now, when the caller knows them without reading. */
  knownGroups?: InstanceNodeGroupOutput[],
): Promise<InstanceOutputs> {
  // The details list node addresses but not node ids; the node listing is read only when the
  // nodes are not the ones already known, so a refresh of an unchanged instance costs one call.
  // Groups change only with their nodes, so they are read with them.
  const known = reuseNodeIds(instance, previous.nodes);
  const declared = Object.keys(inputs.parameters ?? {}).length > 0;
  const parameterState = {
    pendingRestart: parameters?.pending ?? previous.pendingRestart ?? [],
    parameterDefinitions: declared ? (parameters?.definitions ?? previous.parameterDefinitions) : undefined,
  };
  const groupsNow = knownGroups ?? (known ? previous.nodeGroups : undefined);
  if (known && groupsNow) return compact({ ...toOutputs(inputs, instance, known, ids, groupsNow), ...parameterState });
  const [nodes, groups] = await Promise.all([known ?? ddm.listNodes(instance.id), groupsNow ?? readGroups(ddm, instance.id)]);
  return compact({ ...toOutputs(inputs, instance, nodes, ids, groups), ...parameterState });
}

function billingContext(inputs: InstanceInputs): { prePaid: boolean; billing: () => BssClient } {
  return { prePaid: isPrePaid(inputs), billing };
}

function warnPending(name: string, progress: ParameterProgress): void {
  if (!progress.pending.length) return;
  stderrReporter(
    `warning: ${name}: parameters ${progress.pending.join(", ")} wait for a restart to take effect (output pendingRestart); ` +
      `set restartForParameters: true to let the next update restart the instance, or restart it yourself`,
  );
}

async function readGroups(ddm: DdmClient, instanceId: string): Promise<InstanceNodeGroupOutput[]> {
  return toGroupOutputs(await ddm.listGroups(instanceId).catch(ifNotFound([])));
}

/**
 * The live groups must let the operations name theirs: one group needs no id, several need
 * `groupId`. Checked before anything is changed; returns the default group's id.
 */
async function requireGroup(ddm: DdmClient, instanceId: string, groupId: string | undefined): Promise<string | undefined> {
  const groups = await readGroups(ddm, instanceId);
  const problem = groupProblem(groups, groupId);
  if (problem) throw new InputError("groupId", problem);
  return defaultGroupOf(groups);
}

function defaultGroupOf(groups: readonly InstanceNodeGroupOutput[]): string | undefined {
  return groups.find((group) => group.isDefault)?.id ?? groups[0]?.id;
}

/**
 * The group operations apply to. The planner has checked `groupId` against the groups in state;
 * when those say one group and none is named, the live groups are not read first (it would cost
 * every scale a call): a group added since the last refresh makes the service refuse the request
 * before changing anything, and `explainRefusal` then lists the groups.
 */
async function targetGroup(ddm: DdmClient, id: string, previous: Partial<InstanceOutputs>, groupId: string | undefined): Promise<string | undefined> {
  const known = previous.nodeGroups;
  if (known && known.length === 1 && groupId === undefined) return defaultGroupOf(known);
  return requireGroup(ddm, id, groupId);
}

/**
 * After scaling an instance whose one group the state knows, unnamed: the service would have
 * refused the scale had there been another group, so that group holds every node now.
 */
function soleGroupAfter(previous: Partial<InstanceOutputs>, inputs: InstanceInputs, instance: InstanceDetail): InstanceNodeGroupOutput[] | undefined {
  const known = previous.nodeGroups;
  if (!known || known.length !== 1 || inputs.groupId !== undefined || instance.node_count === undefined) return undefined;
  return [{ ...known[0], nodeCount: instance.node_count }];
}

/** A scale the service refused (400) may be for a node group added since the last refresh. */
async function explainRefusal(ddm: DdmClient, id: string, groupId: string | undefined, error: unknown): Promise<never> {
  if (error instanceof HuaweiCloudError && error.status === 400) await requireGroup(ddm, id, groupId);
  throw error;
}

/** Best effort: what to store when an operation failed after the instance existed. */
async function truthfulState(
  ddm: DdmClient,
  instanceId: string,
  inputs: InstanceInputs,
  previous: Partial<InstanceOutputs>,
  ids: ResolvedIds,
): Promise<InstanceOutputs> {
  const live = await ddm.findInstance(instanceId).catch(() => undefined);
  if (!live) return compact({ ...(previous as InstanceOutputs), ...inputs, instanceId, ...ids, status: previous.status ?? "UNKNOWN" });
  return describeLive(ddm, liveInputs(inputs, previous, live), live, ids, previous).catch(() =>
    toOutputs(liveInputs(inputs, previous, live), live, [], ids),
  );
}

/**
 * Finds the instance a create with a lost answer made: same name, not among those that existed
 * before the request. The service allows duplicate names, so the snapshot is what tells them apart.
 */
async function findCreated(ddm: DdmClient, name: string, before: ReadonlySet<string>): Promise<string | undefined> {
  for (let look = 0; look < 3; look++) {
    const created = (await ddm.listInstances()).filter((i) => i.name === name && !before.has(i.id));
    if (created.length) return created[0].id;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  return undefined;
}

const MAX_CREATE_ATTEMPTS = 5;

async function submitCreate(ddm: DdmClient, inputs: InstanceInputs, engineId: string, flavorId: string): Promise<{ id: string; jobId?: string; orderId?: string }> {
  const before = new Set((await ddm.listInstances()).filter((i) => i.name === inputs.name).map((i) => i.id));
  if (before.size) {
    // Names are not unique, so this may be right (a replacement keeps its name), or it may be
    // the instance an interrupted run was creating: say so while it can still be stopped.
    stderrReporter(
      `warning: ${inputs.name}: instance ${[...before].join(", ")} already has this name; creating another. ` +
        `If an interrupted run created it, adopt it with the import option instead (README, "Recovery").`,
    );
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await ddm.createInstance({
        instance: compact({
          name: inputs.name,
          flavor_id: flavorId,
          node_num: inputs.nodeNum,
          engine_id: engineId,
          enterprise_project_id: inputs.enterpriseProjectId,
          available_zones: inputs.availabilityZones,
          vpc_id: inputs.vpcId,
          security_group_id: inputs.securityGroupId,
          subnet_id: inputs.subnetId,
          param_group_id: inputs.paramGroupId,
          time_zone: inputs.timeZone,
          admin_user_name: inputs.adminUsername,
          admin_user_password: inputs.adminPassword,
        }),
        extend_param: extendParam(inputs),
      });
    } catch (error) {
      if (!(error instanceof HuaweiCloudError && error.outcomeUnknown)) throw error;
      const id = await findCreated(ddm, inputs.name, before);
      if (id) return { id };
      if (attempt >= MAX_CREATE_ATTEMPTS) throw error;
    }
  }
}

interface Started {
  id: string;
  jobId?: string;
  /** A yearly/monthly instance is paid for by an order, followed before the instance. */
  orderId?: string;
  ids: ResolvedIds;
  label: string;
  /** Set for a new instance: what its administrator is confirmed against. */
  engineVersion?: string;
  /** When the service answered the create: the job's progress counts from then. */
  acceptedAt: number;
}

async function buy(ddm: DdmClient, inputs: InstanceInputs): Promise<Started> {
  const engine = await resolveEngine(ddm, inputs.engine);
  const flavor = await resolveFlavor(ddm, engine, inputs.flavor);
  const ids: ResolvedIds = { projectId: await ddm.projectId(), engineId: engine.id, flavorId: flavor.id };
  const { id, jobId, orderId } = await submitCreate(ddm, inputs, engine.id, flavor.id);
  const acceptedAt = Date.now();
  return { id, jobId, orderId, ids, label: `${inputs.name}: creating ${inputs.nodeNum} × ${flavor.code} nodes`, engineVersion: engine.version, acceptedAt };
}

/** An instance being created when an earlier run was interrupted is waited for like a new one. */
async function adopt(ddm: DdmClient, inputs: InstanceInputs, importId: string): Promise<Started> {
  const { instance, ids } = await adoptInstance(ddm, inputs, importId);
  return { id: instance.id, ids, label: `${inputs.name}: importing ${instance.id}`, acceptedAt: Date.now() };
}

export const instanceProvider = boundedByTimeouts({
  async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    configure(request.config);
  },

  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    const failures = checkInstance(news, olds);
    return { inputs: news, failures };
  },

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const plan = planInstanceChange(olds as Partial<InstanceOutputs>, news as unknown as InstanceInputs);
    return { changes: plan.changes, replaces: plan.replaces, deleteBeforeReplace: false };
  },

  async create(props: Props): Promise<pulumi.dynamic.CreateResult> {
    const inputs = inputsOf(props as Partial<InstanceOutputs>);
    const ddm = client();
    const startedAt = Date.now();
    const importId = importIdOf(props);
    const { id, jobId, orderId, ids, label, engineVersion, acceptedAt } = importId ? await adopt(ddm, inputs, importId) : await buy(ddm, inputs);
    const deadline = startedAt + timeoutMs(inputs.timeouts, "create", DEFAULT_MINUTES.create);
    const report = progressReporter();
    try {
      if (orderId) await settleOrder(billing(), { label, orderId, timeoutMs: Math.max(deadline - acceptedAt, 1), startedAt: acceptedAt, report });
      let instance = await settleInstance(ddm, {
        label,
        instanceId: id,
        jobId,
        expected: (live) => live.node_count === undefined || live.node_count === inputs.nodeNum,
        // RUNNING ends CREATING: the instance alone proves the create finished.
        decisive: true,
        timeoutMs: Math.max(deadline - acceptedAt, 1),
        startedAt: acceptedAt,
        report,
      });
      const parameters: ParameterProgress = { pending: [] };
      const context = { ...billingContext(inputs), client: ddm, instanceId: id, label: inputs.name, deadline, report, parameters, flavorId: async () => ids.flavorId };
      if (engineVersion !== undefined) instance = await ensureAdministrator(context, inputs, instance, instance.engine_version ?? engineVersion);
      for (const operation of planParameters({}, inputs)) instance = await runOperation(context, operation);
      warnPending(inputs.name, parameters);
      return { id, outs: withProvider(await describeLive(ddm, inputs, instance, ids, {}, parameters), props) };
    } catch (error) {
      // Without its administrator, the state must not claim one: the next update then sets it.
      // Parameters not known to be set are left for the next update to set too.
      const recorded = error instanceof AdministratorMissingError ? { ...inputs, adminUsername: undefined, adminPassword: undefined } : inputs;
      const state = await truthfulState(ddm, id, { ...recorded, parameters: undefined }, {}, ids);
      throw new ResourceInitError(createFailure(inputs.name, error), id, withProvider(state, props));
    }
  },

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const previous = props as Partial<InstanceOutputs>;
    const ddm = client();
    const instance = await ddm.findInstance(id);
    if (!instance) return { id: "", props: {} };
    const inputs = liveInputs(inputsOf(previous), previous, instance);
    const ids: ResolvedIds = {
      projectId: previous.projectId ?? (await ddm.projectId()),
      engineId: previous.engineId ?? "",
      flavorId: instance.flavor_ref === previous.flavorCode && previous.flavorId ? previous.flavorId : "",
    };
    if (!ids.flavorId || !ids.engineId) {
      // Tolerant: an engine or class no longer on sale leaves the ids as they were, never fails the refresh.
      const { engine, flavor } = await lookUpLive(ddm, ids.engineId || instance.engine_version, instance.flavor_ref);
      ids.engineId = engine?.id ?? ids.engineId;
      ids.flavorId = flavor?.id ?? (ids.flavorId || previous.flavorId || "");
    }
    let parameters: ParameterProgress | undefined;
    if (inputs.parameters && Object.keys(inputs.parameters).length) {
      const live = await ddm.listParameters(id);
      inputs.parameters = declaredLive(inputs.parameters, live);
      parameters = { definitions: toDefinitions(live), pending: previous.pendingRestart ?? [] };
    }
    const outputs = await describeLive(ddm, inputs, instance, ids, previous, parameters);
    return { id, props: withProvider(outputs, props), inputs: withProvider(inputs, props) };
  },

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const previous = olds as Partial<InstanceOutputs>;
    const inputs = inputsOf(news as Partial<InstanceOutputs>);
    const ddm = client();
    const plan = planInstanceChange(previous, inputs);
    const ids: ResolvedIds = {
      projectId: previous.projectId ?? (await ddm.projectId()),
      engineId: previous.engineId!,
      flavorId: previous.flavorId!,
    };
    const deadline = Date.now() + timeoutMs(inputs.timeouts, "update", DEFAULT_MINUTES.update);
    const report = progressReporter();
    // Inputs as far as the operations done so far have brought the instance.
    let applied: InstanceInputs = {
      ...inputsOf(previous),
      groupId: inputs.groupId,
      restartForParameters: inputs.restartForParameters,
      deleteRdsData: inputs.deleteRdsData,
      timeouts: inputs.timeouts,
    };
    const parameters: ParameterProgress = { definitions: previous.parameterDefinitions, pending: previous.pendingRestart ?? [] };
    let instance: InstanceDetail | undefined;
    let current: InstanceOperation | undefined;
    const scaled = plan.operations.some(isNodeOperation);
    const defaultGroupId = scaled ? await targetGroup(ddm, id, previous, inputs.groupId) : undefined;
    const context = { ...billingContext(inputs), client: ddm, instanceId: id, label: inputs.name, deadline, report, defaultGroupId, parameters, flavorId: async () => ids.flavorId };
    try {
      // The resize API takes a spec code and enlarge the new class's id: resolve them once.
      const resize = plan.operations.some((op) => op.kind === "resize")
        ? await resolveFlavor(ddm, await resolveEngine(ddm, ids.engineId), inputs.flavor)
        : undefined;
      for (const planned of plan.operations) {
        current = planned.kind === "resize" ? { ...planned, to: resize!.code } : planned;
        const operation = current;
        instance = await runOperation(context, operation).catch((error) => (isNodeOperation(operation) ? explainRefusal(ddm, id, inputs.groupId, error) : Promise.reject(error)));
        applied = applyOperation(applied, planned, inputs);
        if (current.kind === "resize") ids.flavorId = resize!.id;
      }
      applied = { ...inputs };
      instance ??= await ddm.getInstance(id);
      warnPending(inputs.name, parameters);
      return { outs: withProvider(await describeLive(ddm, applied, instance, ids, previous, parameters, scaled ? soleGroupAfter(previous, inputs, instance) : undefined), news) };
    } catch (error) {
      const step = current ? describeOperation(inputs.name, current) : `${inputs.name}: update`;
      const state = await truthfulState(ddm, id, applied, { ...previous, pendingRestart: parameters.pending }, ids);
      throw new ResourceInitError(stepFailure(step, error), id, withProvider(state, news));
    }
  },

  async delete(id: string, props: Props): Promise<void> {
    const outputs = props as Partial<InstanceOutputs>;
    const ddm = client();
    const label = `${outputs.name ?? id}: deleting`;
    const deadline = Date.now() + timeoutMs(outputs.timeouts, "delete", DEFAULT_MINUTES.delete);
    const report = progressReporter();
    let jobId: string | undefined;
    try {
      // A yearly/monthly instance is not deleted but unsubscribed; it then goes away like a deleted one.
      const request = isPrePaid(outputs) ? () => billing().unsubscribe(id).then(() => ({ jobId: undefined })) : () => ddm.deleteInstance(id, outputs.deleteRdsData);
      ({ jobId } = await whenInstanceReady({ client: ddm, instanceId: id, label, deadline, report }, request));
    } catch (error) {
      if (error instanceof HuaweiCloudError && error.isNotFound) return;
      if (!(error instanceof HuaweiCloudError && error.outcomeUnknown)) throw error;
    }
    const acceptedAt = Date.now();
    await settleDeletion(ddm, { label, instanceId: id, jobId, timeoutMs: Math.max(deadline - acceptedAt, 1), startedAt: acceptedAt, report });
  },
}, DEFAULT_MINUTES);

function applyOperation(applied: InstanceInputs, operation: InstanceOperation, target: InstanceInputs): InstanceInputs {
  switch (operation.kind) {
    case "rename":
      return { ...applied, name: operation.name };
    case "changeSecurityGroup":
      return { ...applied, securityGroupId: operation.securityGroupId };
    case "setAdmin":
      return { ...applied, adminUsername: target.adminUsername, adminPassword: target.adminPassword };
    case "scaleIn":
    case "scaleOut":
      return { ...applied, nodeNum: operation.to };
    case "resize":
      return { ...applied, flavor: target.flavor };
    case "setAutoRenew":
      return { ...applied, autoRenew: operation.enabled };
    case "setParameters":
      return { ...applied, parameters: { ...applied.parameters, ...operation.values } };
    case "restart":
      return applied;
  }
}
