import { isUnknown } from "../../resource/values";
import {
  identifier,
  integer,
  isBoolean,
  isString,
  length,
  matches,
  notOneOf,
  oneOf,
  optional,
  required,
  timeouts,
  Validator,
  type CheckFailure,
  type Rule,
} from "../../resource/validation";
import { compositeImportId, IMPORT_KEY } from "../../resource/adoption";
import { SCHEMA_INPUT_KEYS } from "./types";

export const RESERVED_SCHEMA_NAMES = ["information_schema", "mysql", "performance_schema", "sys"];
export const MAX_SHARDS_PER_NODE = 64;

const dataNodes: Rule = (value) => {
  if (!Array.isArray(value)) return "must be a list of {id, adminUser, adminPassword}";
  if (value.length === 0) return "must name at least one data node";
  const ids: string[] = [];
  for (const [index, node] of value.entries()) {
    if (isUnknown(node)) continue;
    if (!node || typeof node !== "object" || Array.isArray(node)) return `[${index}] must be an object {id, adminUser, adminPassword}`;
    for (const key of Object.keys(node)) {
      if (!["id", "adminUser", "adminPassword"].includes(key)) return `[${index}] has an unknown key "${key}"`;
    }
    const { id, adminUser, adminPassword } = node as Record<string, unknown>;
    const idProblem = isUnknown(id) ? undefined : identifier(id, "id");
    if (idProblem) return `[${index}].id ${idProblem}`;
    if (!isUnknown(adminUser) && (typeof adminUser !== "string" || !adminUser.trim())) return `[${index}].adminUser must be a non-empty string`;
    if (!isUnknown(adminPassword) && (typeof adminPassword !== "string" || !adminPassword)) return `[${index}].adminPassword must be a non-empty string`;
    if (typeof id === "string" && !isUnknown(id)) {
      if (ids.includes(id)) return `must not list data node ${id} twice`;
      ids.push(id);
    }
  }
  return undefined;
};

/** The reference's sharding rules, given the number of data nodes. */
export function shardingProblem(mode: unknown, shardNumber: unknown, shardUnit: unknown, nodes: number): CheckFailure | undefined {
  if (typeof shardNumber !== "number" || !Number.isInteger(shardNumber)) return undefined;
  if (mode === "single") {
    if (shardUnit !== undefined && shardUnit !== 1) return { property: "shardUnit", reason: "shardUnit must be 1 for a single-mode schema" };
    if (shardNumber !== nodes) {
      return { property: "shardNumber", reason: `shardNumber must equal the number of data nodes (${nodes}) for a single-mode schema: one shard per data node` };
    }
    return undefined;
  }
  if (typeof shardUnit === "number") {
    if (shardNumber !== shardUnit * nodes) {
      return { property: "shardNumber", reason: `shardNumber must be shardUnit × data nodes = ${shardUnit} × ${nodes} = ${shardUnit * nodes}` };
    }
    return undefined;
  }
  if (shardNumber <= nodes || shardNumber > nodes * MAX_SHARDS_PER_NODE) {
    return {
      property: "shardNumber",
      reason: `shardNumber must be more than the number of data nodes (${nodes}) and at most ${nodes * MAX_SHARDS_PER_NODE} (64 per data node)`,
    };
  }
  return undefined;
}

export function checkSchema(news: Record<string, unknown>): CheckFailure[] {
  const v = new Validator(news)
    .onlyKnown([...SCHEMA_INPUT_KEYS, IMPORT_KEY])
    .check("instanceId", required, identifier)
    .check(
      "name",
      required,
      isString,
      length(2, 48),
      matches(/^[a-z]/, "must start with a lowercase letter"),
      matches(/^[a-z0-9_]+$/, "may contain only lowercase letters, digits and underscores"),
      notOneOf(RESERVED_SCHEMA_NAMES, `must not be a reserved name (${RESERVED_SCHEMA_NAMES.join(", ")})`),
    )
    .check("shardMode", required, isString, oneOf(["cluster", "single"]))
    .check("shardNumber", required, integer(1, 64 * 1024))
    .check("shardUnit", optional(integer(1, MAX_SHARDS_PER_NODE)))
    .check("dataNodes", required, dataNodes)
    .check("deleteRdsData", optional(isBoolean))
    .check("timeouts", optional(timeouts(["create", "delete"])))
    .check(IMPORT_KEY, optional(compositeImportId));
  const nodes = news.dataNodes;
  if (v.failures.length === 0 && Array.isArray(nodes) && !isUnknown(news.shardMode) && !isUnknown(news.shardUnit)) {
    const problem = shardingProblem(news.shardMode, news.shardNumber, news.shardUnit, nodes.length);
    if (problem) v.failures.push(problem);
  }
  return v.failures;
}
