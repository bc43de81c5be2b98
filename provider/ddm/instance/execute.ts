import { DdmApiError, type DdmClient, type Submitted } from "../client";
import type { InstanceDetail } from "../client/types";
import type { Reporter } from "../../wait";
import { settleInstance, whenInstanceReady } from "../wait";
import { ADMIN_API_SINCE, describeOperation, hasAdminApi, type InstanceOperation } from "./plan";
import type { InstanceInputs } from "./types";

/** Executing planned operations: each submitted, then followed to the end before the next. */

export interface ExecutionContext {
  client: DdmClient;
  instanceId: string;
  label: string;
  /** The flavor id for enlarge (the API wants the id, not the code). */
  flavorId: () => Promise<string>;
  deadline: number;
  report?: Reporter;
}

/** What the instance must show when the operation is done. */
export function expectationOf(operation: InstanceOperation): (instance: InstanceDetail) => boolean {
  switch (operation.kind) {
    case "rename":
      return (instance) => instance.name === operation.name;
    case "changeSecurityGroup":
      return (instance) => instance.security_group_id === operation.securityGroupId;
    case "scaleIn":
    case "scaleOut":
      return (instance) => instance.node_count === operation.to;
    case "resize":
      return (instance) => instance.flavor_ref === operation.to;
    case "setAdmin":
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
      return client.changeFlavor(instanceId, { spec_code: operation.to, group_id: operation.groupId });
    case "scaleOut":
      return client.enlarge(instanceId, {
        flavor_id: await context.flavorId(),
        node_number: operation.to - operation.from,
        group_id: operation.groupId,
      });
  }
}

/** How long the service may take to show an accepted operation in the instance status. */
const ACCEPTANCE_DELAY_MS = 2_000;
const MAX_UNKNOWN_OUTCOMES = 5;

/**
 * Submits an operation exactly once in effect. When the answer is lost, the instance tells
 * whether the request took effect (busy, or already showing the result) before it is sent again.
 */
async function submitOnce(context: ExecutionContext, operation: InstanceOperation): Promise<Submitted> {
  const expected = expectationOf(operation);
  for (let attempt = 1; ; attempt++) {
    try {
      return await whenInstanceReady(context, () => submit(context, operation));
    } catch (error) {
      if (!(error instanceof DdmApiError && error.outcomeUnknown) || attempt >= MAX_UNKNOWN_OUTCOMES) throw error;
      await new Promise((resolve) => setTimeout(resolve, ACCEPTANCE_DELAY_MS));
      const instance = await context.client.getInstance(context.instanceId);
      if (instance.status !== "RUNNING" || expected(instance)) return {};
    }
  }
}

/** Runs one operation to its end: submitted once, then followed until the instance shows the result. */
export async function runOperation(context: ExecutionContext, operation: InstanceOperation): Promise<InstanceDetail> {
  const label = describeOperation(context.label, operation);
  const submitted = await submitOnce(context, operation);
  // The job's progress counts from when the service took it, not from before the limiter's queue.
  const acceptedAt = Date.now();
  return settleInstance(context.client, {
    label,
    instanceId: context.instanceId,
    jobId: submitted.jobId,
    expected: expectationOf(operation),
    decisive: operation.kind === "scaleIn" || operation.kind === "scaleOut" || operation.kind === "resize",
    timeoutMs: Math.max(context.deadline - acceptedAt, 1),
    startedAt: acceptedAt,
    report: context.report,
  });
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
