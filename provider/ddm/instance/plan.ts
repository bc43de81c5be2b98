import { InputError } from "../../resource/validation";
import { compareVersions, sameRelease } from "./catalog";
import { isUnknown, sameSet } from "../../resource/values";
import type { InstanceInputs, InstanceOutputs } from "./types";

/**
 * Planning a change to an instance: a pure function from the stored outputs and the new inputs
 * to what must be replaced and which operations to run, in order. Executing the plan is
 * elsewhere (execute.ts).
 */

export type InstanceOperation =
  | { kind: "rename"; name: string }
  | { kind: "changeSecurityGroup"; securityGroupId: string }
  | { kind: "setAdmin"; username: string; password: string }
  | { kind: "scaleIn"; from: number; to: number; groupId?: string }
  | { kind: "resize"; from: string; to: string; groupId?: string }
  | { kind: "scaleOut"; from: number; to: number; groupId?: string };

export interface InstancePlan {
  /** Input properties whose change forces a new instance. */
  replaces: string[];
  /** In-place operations, in the order to run them (empty when replacing). */
  operations: InstanceOperation[];
  /** Whether stored state changes at all (also true for inputs no API call is needed for). */
  changes: boolean;
}

/** The administrator API exists from this engine version on (API reference §4.3.6). */
export const ADMIN_API_SINCE = "3.0.9";

export function hasAdminApi(engineVersion: string): boolean {
  return compareVersions(engineVersion, ADMIN_API_SINCE) >= 0;
}

/** Inputs that no API can change. */
const REPLACE_ON_CHANGE = ["vpcId", "subnetId", "paramGroupId", "timeZone", "enterpriseProjectId"] as const;

/** Inputs recorded in state but acted on only at delete or scaling time. */
const RECORD_ONLY = ["groupId", "deleteRdsData", "timeouts"] as const;

const DEFAULTS: Partial<Record<keyof InstanceInputs, unknown>> = { timeZone: "UTC", enterpriseProjectId: "0" };

function normalized(inputs: Partial<InstanceInputs>, key: keyof InstanceInputs): unknown {
  return inputs[key] ?? DEFAULTS[key];
}

function differs(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);
}

/** The series of a spec code: "ddm.c6s.2xlarge.2" → "c6s". */
export function flavorSeries(code: string): string | undefined {
  return /^ddm\.([a-z0-9]+)\./i.exec(code)?.[1]?.toLowerCase();
}

/** The reference forbids moving a c6s node class to the c6 series. */
export function flavorSeriesProblem(from: string, to: string): string | undefined {
  const fromSeries = flavorSeries(from);
  const toSeries = flavorSeries(to);
  if (fromSeries === "c6s" && toSeries === "c6") {
    return `cannot change from the c6s series (${from}) to the c6 series (${to}); the service does not allow it`;
  }
  return undefined;
}

/** Whether the requested class is the one the instance has, however it was named (code or id). */
function sameFlavor(olds: Partial<InstanceOutputs>, requested: string): boolean {
  return requested === olds.flavor || requested === olds.flavorCode || requested === olds.flavorId;
}

function sameEngine(olds: Partial<InstanceOutputs>, requested: string | undefined): boolean {
  // Omitted means "the newest at creation time": it never asks for a new instance later. A
  // version is the same engine in any spelling of its release ("3.0.8" and the build "3.0.8.5").
  if (requested === undefined || requested === olds.engineId) return true;
  return [olds.engine, olds.engineVersion].some((version) => version !== undefined && sameRelease(requested, version));
}

export function planInstanceChange(olds: Partial<InstanceOutputs>, news: InstanceInputs): InstancePlan {
  const replaces: string[] = [];
  if (!isUnknown(news.engine) && !sameEngine(olds, news.engine)) replaces.push("engine");
  if (isUnknown(news.availabilityZones) || !sameSet(olds.availabilityZones, news.availabilityZones)) replaces.push("availabilityZones");
  for (const key of REPLACE_ON_CHANGE) {
    if (differs(normalized(olds, key), normalized(news, key))) replaces.push(key);
  }
  const recordOnlyChanged = RECORD_ONLY.some((key) => differs(olds[key], news[key]));
  if (replaces.length) return { replaces, operations: [], changes: true };

  const operations: InstanceOperation[] = [];
  if (news.name !== olds.name) operations.push({ kind: "rename", name: news.name });
  if (news.securityGroupId !== olds.securityGroupId) {
    operations.push({ kind: "changeSecurityGroup", securityGroupId: news.securityGroupId });
  }
  const adminChanged = news.adminUsername !== olds.adminUsername || news.adminPassword !== olds.adminPassword;
  if (adminChanged && news.adminUsername !== undefined && news.adminPassword !== undefined) {
    if (olds.engineVersion && !hasAdminApi(olds.engineVersion)) {
      throw new InputError(
        news.adminPassword !== olds.adminPassword ? "adminPassword" : "adminUsername",
        `changing the administrator needs engine ${ADMIN_API_SINCE} or later; this instance runs ${olds.engineVersion}`,
      );
    }
    operations.push({ kind: "setAdmin", username: news.adminUsername, password: news.adminPassword });
  }

  const groupId = news.groupId;
  const from = olds.nodeNum ?? olds.nodeCount ?? news.nodeNum;
  const to = news.nodeNum;
  const currentFlavor = olds.flavorCode ?? olds.flavor ?? news.flavor;
  const resize = isUnknown(news.flavor) || !sameFlavor(olds, news.flavor);
  if (resize && !isUnknown(news.flavor)) {
    const problem = flavorSeriesProblem(currentFlavor, news.flavor);
    if (problem) throw new InputError("flavor", problem);
  }
  // Fewer nodes first so the resize touches fewer; the resize before adding nodes, so new
  // nodes are created with the new class.
  const counted = !isUnknown(to);
  if (counted && to < from) operations.push({ kind: "scaleIn", from, to, groupId });
  if (resize) operations.push({ kind: "resize", from: currentFlavor, to: news.flavor, groupId });
  if (counted && to > from) operations.push({ kind: "scaleOut", from, to, groupId });

  // In preview, an input not known yet may or may not change anything: say it might.
  const pending = [news.name, news.securityGroupId, news.nodeNum, news.adminPassword].some(isUnknown);
  return { replaces, operations, changes: operations.length > 0 || recordOnlyChanged || adminChanged || pending };
}

export function describeOperation(label: string, operation: InstanceOperation): string {
  switch (operation.kind) {
    case "rename":
      return `${label}: renaming to ${operation.name}`;
    case "changeSecurityGroup":
      return `${label}: changing security group to ${operation.securityGroupId}`;
    case "setAdmin":
      return `${label}: setting the administrator ${operation.username}`;
    case "scaleIn":
      return `${label}: scaling in ${operation.from} → ${operation.to} nodes`;
    case "resize":
      return `${label}: changing node class ${operation.from} → ${operation.to}`;
    case "scaleOut":
      return `${label}: scaling out ${operation.from} → ${operation.to} nodes`;
  }
}
