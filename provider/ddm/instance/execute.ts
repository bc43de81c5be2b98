import { HuaweiCloudError, type DdmClient, type Submitted } from "../client";
import type { InstanceDetail } from "../client/types";
import type { BssClient } from "../../bss";
import type { Reporter } from "../../wait";
import { settleInstance, whenInstanceReady } from "../wait";
import { InputError } from "../../resource/validation";
import { changedParameters, parameterProblems, restartCandidates, toDefinitions, union } from "./parameters";
import { ADMIN_API_SINCE, describeOperation, hasAdminApi, type InstanceOperation } from "./plan";
import type { InstanceInputs, ParameterDefinitionOutput } from "./types";

/** Executing planned operations: each submitted, then followed to the end before the next. */

export interface ExecutionContext {
  client: DdmClient;
  instanceId: string;
  label: string;
  /** The flavor id for enlarge (the API wants the id, not the code). */
  flavorId: () => Promise<string>;
  deadline: number;
  report?: Reporter;
  /** The instance reports the class of its default group only: other groups' changes are known by their job. */
  defaultGroupId?: string;
  /** Yearly/monthly: changes are orders, paid from the balance; auto-renew is the billing service's. */
  prePaid?: boolean;
  billing?: () => BssClient;
  /** What parameter changes have found out so far; the restart runs only if something waits for it. */
  parameters: ParameterProgress;
}

export interface ParameterProgress {
  /** As read before the last write. */
  definitions?: ParameterDefinitionOutput[];
  /** Set but waiting for a restart. */
  pending: string[];
}

/**
 * What the instance must show when the operation is done; undefined when the details cannot
 * show it (the class of a group other than the default one), so the job alone tells.
 */
export function expectationOf(operation: InstanceOperation, defaultGroupId?: string): ((instance: InstanceDetail) => boolean) | undefined {
  switch (operation.kind) {
    case "rename":
      return (instance) => instance.name === operation.name;
    case "changeSecurityGroup":
      return (instance) => instance.security_group_id === operation.securityGroupId;
    case "scaleIn":
    case "scaleOut":
      return (instance) => instance.node_count === operation.to;
    case "resize":
      if (operation.groupId !== undefined && defaultGroupId !== undefined && operation.groupId !== defaultGroupId) return undefined;
      return (instance) => instance.flavor_ref === operation.to;
    case "setAdmin":
    case "setAutoRenew":
    case "setParameters":
    case "restart":
      return () => true;
  }
}

async function submit(context: ExecutionContext, operation: InstanceOperation): Promise<Submitted> {
  const { client, instanceId } = context;
  switch (operation.kind) {
    case "rename":
      await client.renameInstance(instanceId, operation.name);
      return {};
    case "changeSecurityGroup":
      await client.changeSecurityGroup(instanceId, operation.securityGroupId);
      return {};
    case "setAdmin":
      return client.setAdminUser(instanceId, operation.username, operation.password);
    case "scaleIn":
      return client.reduce(instanceId, { node_number: operation.from - operation.to, group_id: operation.groupId });
    case "resize":
      return client.changeFlavor(instanceId, { spec_code: operation.to, group_id: operation.groupId, is_auto_pay: autoPay(context) });
    case "scaleOut":
      return client.enlarge(instanceId, {
        flavor_id: await context.flavorId(),
        node_number: operation.to - operation.from,
        group_id: operation.groupId,
        is_auto_pay: autoPay(context),
      });
    case "setAutoRenew":
      await context.billing!().setAutoRenew(instanceId, operation.enabled);
      return {};
    case "setParameters":
      return submitParameters(context, operation.values);
    case "restart":
      return client.restartInstance(instanceId);
  }
}

/** An order left unpaid would never complete, so a yearly/monthly change is paid from the balance. */
function autoPay(context: ExecutionContext): true | undefined {
  return context.prePaid ? true : undefined;
}

/**
 * Checks the values against the live definitions before writing (the stored ones may be old),
 * then writes those that differ from the live values.
 */
async function submitParameters(context: ExecutionContext, values: Record<string, string>): Promise<Submitted> {
  const live = await context.client.listParameters(context.instanceId);
  const definitions = toDefinitions(live);
  context.parameters.definitions = definitions;
  const problems = parameterProblems(values, definitions);
  if (problems.length) throw new InputError("parameters", problems.join("; "));
  const changed = changedParameters(Object.fromEntries(live.map((p) => [p.name, p.value ?? ""])), values);
  const names = Object.keys(changed);
  if (!names.length) return {};
  const { needRestart } = await context.client.setParameters(context.instanceId, changed);
  const { needed } = restartCandidates(names, definitions);
  context.parameters.pending = union(context.parameters.pending, needed.length || !needRestart ? needed : names);
  return {};
}

/** How long the service may take to show an accepted operation in the instance status. */
const ACCEPTANCE_DELAY_MS = 2_000;
const MAX_UNKNOWN_OUTCOMES = 5;

/**
 * Submits an operation exactly once in effect. When the answer is lost, the instance tells
 * whether the request took effect (busy, or already showing the result) before it is sent again.
 */
async function submitOnce(context: ExecutionContext, operation: InstanceOperation): Promise<Submitted> {
  const expected = expectationOf(operation, context.defaultGroupId);
  for (let attempt = 1; ; attempt++) {
    try {
      return await whenInstanceReady(context, () => submit(context, operation));
    } catch (error) {
      if (!(error instanceof HuaweiCloudError && error.outcomeUnknown) || attempt >= MAX_UNKNOWN_OUTCOMES) throw error;
      await new Promise((resolve) => setTimeout(resolve, ACCEPTANCE_DELAY_MS));
      const instance = await context.client.getInstance(context.instanceId);
      if (instance.status !== "RUNNING" || expected?.(instance)) return {};
    }
  }
}

/** Runs one operation to its end: submitted once, then followed until the instance shows the result. */
export async function runOperation(context: ExecutionContext, operation: InstanceOperation): Promise<InstanceDetail> {
  if (operation.kind === "restart" && !context.parameters.pending.length) return context.client.getInstance(context.instanceId);
  const label = describeOperation(context.label, operation);
  const submitted = await submitOnce(context, operation);
  // The job's progress counts from when the service took it, not from before the limiter's queue.
  const acceptedAt = Date.now();
  const settled = await settleInstance(context.client, {
    label,
    instanceId: context.instanceId,
    jobId: submitted.jobId,
    expected: expectationOf(operation, context.defaultGroupId),
    decisive: operation.kind === "scaleIn" || operation.kind === "scaleOut" || operation.kind === "resize",
    timeoutMs: Math.max(context.deadline - acceptedAt, 1),
    startedAt: acceptedAt,
    report: context.report,
  });
  if (operation.kind === "restart") context.parameters.pending = [];
  return settled;
}

/** The service made the instance without the declared administrator, and its engine cannot add one. */
export class AdministratorMissingError extends Error {
  override readonly name = "AdministratorMissingError";
}

/**
 * Confirms from the instance details that the declared administrator exists once the create job
 * is done, and sets it when it does not: a service that ignores the create's administrator fields
 * (the reference and the official SDK spell them differently, FACTS.md §2b) would otherwise leave
 * the instance without one and say nothing.
 */
export async function ensureAdministrator(
  context: ExecutionContext,
  inputs: InstanceInputs,
  instance: InstanceDetail,
  engineVersion: string,
): Promise<InstanceDetail> {
  const { adminUsername, adminPassword } = inputs;
  if (adminUsername === undefined || adminPassword === undefined) return instance;
  // An instance seen in the listing (followed together with others) carries no administrator field.
  const named = (found: InstanceDetail) => found.admin_user_name ?? found.admin_username;
  if (named(instance) === undefined) instance = await context.client.getInstance(context.instanceId);
  if (named(instance) === adminUsername) return instance;
  if (!hasAdminApi(engineVersion)) {
    throw new AdministratorMissingError(
      `the service created the instance without the administrator ${adminUsername}, and engine ${engineVersion} cannot set one ` +
        `afterwards (that needs ${ADMIN_API_SINCE} or later): set it in the DDM console, or declare engine ${ADMIN_API_SINCE} or later`,
    );
  }
  return runOperation(context, { kind: "setAdmin", username: adminUsername, password: adminPassword });
}
