import { InputError } from "../../resource/validation";
import { isUnknown, sameSet } from "../../resource/values";
import type { ChangeType } from "../client/types";
import type { FlavorFacts } from "./flavors";
import type { CacheInputs, CacheOutputs } from "./types";

/**
 * Planning a change to a cache instance: pure functions from the stored outputs and the new
 * inputs (and, for a change of size or class, the two flavors) to what must be replaced and which
 * operations to run. Executing the plan is elsewhere (execute.ts).
 */

export interface Size {
  specCode: string;
  capacity: number;
}

export type CacheOperation =
  | { kind: "modify"; name?: string; maintainBegin?: string; maintainEnd?: string }
  /** The seed's extend: growth, or single → master/standby with growth. */
  | { kind: "extend"; from: Size; to: Size }
  /** Everything else: shrinking, replicas, another type. */
  | { kind: "resize"; from: Size; to: Size; changeType?: ChangeType; reservedIps?: string[]; availabilityZones?: string[] };

export interface CachePlan {
  replaces: string[];
  /** In-place changes of name or maintenance window. */
  modify?: Extract<CacheOperation, { kind: "modify" }>;
  /** A change of size or class, to be turned into extend or resize once the flavors are known. */
  scale?: { from: Size; to: Size };
  changes: boolean;
}

/** Inputs no API changes: engine, version, network, port, credentials. */
const REPLACE_ON_CHANGE = ["engine", "engineVersion", "vpcId", "subnetId", "securityGroupId", "password", "noPasswordAccess"] as const;
const RECORD_ONLY = ["reservedIps", "timeouts"] as const;

function differs(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);
}

export function planCacheChange(olds: Partial<CacheOutputs>, news: CacheInputs): CachePlan {
  const replaces: string[] = REPLACE_ON_CHANGE.filter((key) => differs(olds[key], news[key]));
  if (isUnknown(news.availabilityZones) || !sameSet(olds.availabilityZones, news.availabilityZones)) replaces.push("availabilityZones");
  // The stored port is the live one; only a declared port that differs asks for another.
  if (news.port !== undefined && news.port !== olds.port) replaces.push("port");
  const recordOnlyChanged = RECORD_ONLY.some((key) => differs(olds[key], news[key]));
  if (replaces.length) return { replaces, changes: true };

  const modified = {
    name: news.name !== olds.name ? news.name : undefined,
    maintainBegin: news.maintainBegin !== undefined && news.maintainBegin !== olds.maintainBegin ? news.maintainBegin : undefined,
    maintainEnd: news.maintainEnd !== undefined && news.maintainEnd !== olds.maintainEnd ? news.maintainEnd : undefined,
  };
  const modify = Object.values(modified).some((value) => value !== undefined) ? { kind: "modify" as const, ...modified } : undefined;
  const from = { specCode: olds.specCode ?? news.specCode, capacity: olds.capacity ?? news.capacity };
  const to = { specCode: news.specCode, capacity: news.capacity };
  const scale = from.specCode !== to.specCode || from.capacity !== to.capacity ? { from, to } : undefined;
  const pending = [news.name, news.capacity, news.specCode, news.maintainBegin, news.maintainEnd].some(isUnknown);
  return { replaces, modify, scale, changes: Boolean(modify || scale) || recordOnlyChanged || pending };
}

/**
 * Extend or resize, from the two flavors (DCS-FACTS.md). Extend takes growth to a whole number of
 * GB within the same type and replica count, or from single-node to master/standby; resize the
 * rest, with the change type Terraform picks: a different cache mode is `instanceType`, more
 * replicas `createReplication`, fewer `deleteReplication`. A cluster that shrinks keeps the shards
 * named in `reservedIps`.
 */
export function scaleOperation(
  scale: { from: Size; to: Size },
  flavors: { from: FlavorFacts; to: FlavorFacts },
  news: Pick<CacheInputs, "reservedIps" | "availabilityZones">,
): CacheOperation {
  const { from, to } = scale;
  const sameShape = flavors.from.cacheMode === flavors.to.cacheMode && flavors.from.replicaCount === flavors.to.replicaCount;
  const singleToHa = flavors.from.cacheMode === "single" && flavors.to.cacheMode === "ha";
  if (to.capacity > from.capacity && Number.isInteger(to.capacity) && (sameShape || singleToHa)) return { kind: "extend", from, to };

  let changeType: ChangeType | undefined;
  if (flavors.from.cacheMode !== flavors.to.cacheMode) changeType = "instanceType";
  else if (flavors.to.replicaCount > flavors.from.replicaCount) changeType = "createReplication";
  else if (flavors.to.replicaCount < flavors.from.replicaCount) changeType = "deleteReplication";
  const shrinkingCluster = flavors.to.cacheMode === "cluster" && to.capacity < from.capacity;
  if (shrinkingCluster && !news.reservedIps?.length) {
    throw new InputError("reservedIps", "is required when a cluster shrinks: name the shards to keep, or the service removes shards at random");
  }
  return {
    kind: "resize",
    from,
    to,
    changeType,
    reservedIps: shrinkingCluster ? news.reservedIps : undefined,
    availabilityZones: changeType === "createReplication" ? news.availabilityZones : undefined,
  };
}

function sizeText(size: Size): string {
  return `${size.capacity} GB ${size.specCode}`;
}

export function describeCacheOperation(label: string, operation: CacheOperation): string {
  switch (operation.kind) {
    case "modify":
      return `${label}: changing ${[operation.name && "name", operation.maintainBegin && "maintenance window"].filter(Boolean).join(" and ")}`;
    case "extend":
      return `${label}: extending ${sizeText(operation.from)} → ${sizeText(operation.to)}`;
    case "resize":
      return `${label}: resizing ${sizeText(operation.from)} → ${sizeText(operation.to)}${operation.changeType ? ` (${operation.changeType})` : ""}`;
  }
}
