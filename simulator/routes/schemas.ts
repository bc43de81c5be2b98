import { badRequest, parameterError } from "../errors";
import { booleanQuery, fieldsOf, objectList, optionalInteger, pageOf, pagingOf, requiredInteger, requiredString } from "../input";
import type { Router } from "../router";
import type { InstanceRecord, RdsRecord, SchemaRecord } from "../state/model";
import { RESERVED_SCHEMA_NAMES } from "../state/rules";
import { createSchemas, deleteSchema, requireSchema, type NewSchema } from "../state/schemas";
import type { DdmState } from "../state/store";

/** §4.2: schemas and the RDS instances available to them. */

const INVALID_RDS_COUNT = "DBS.300102";
const INVALID_SHARD_MODE = "DBS.300104";
const INVALID_SHARD_UNIT = "DBS.300106";
const INVALID_SCHEMA_NAME = "DBS.300109";
const INVALID_SHARD_NUMBER = "DBS.300127";
const INVALID_NAME_LENGTH = "DBS.300405";
const RESERVED_NAME = "DBS.300406";
const UPPER_CASE_NAME = "DBS.300407";
const MAX_SHARDS_PER_RDS = 64;

function schemaName(name: string): string {
  if (name.length < 2 || name.length > 48) throw badRequest(INVALID_NAME_LENGTH, "The schema name must be 2 to 48 characters long.");
  if (/[A-Z]/.test(name)) throw badRequest(UPPER_CASE_NAME, "The schema name cannot contain uppercase letters.");
  if (!/^[a-z][a-z0-9_]*$/.test(name)) {
    throw badRequest(INVALID_SCHEMA_NAME, "The schema name must start with a letter and contain only lowercase letters, digits and underscores.");
  }
  if (RESERVED_SCHEMA_NAMES.has(name)) throw badRequest(RESERVED_NAME, `The schema name cannot be the keyword ${name}.`);
  return name;
}

function rdsId(item: unknown): string {
  const fields = fieldsOf(item, "each of used_rds", ["id", "adminUser", "adminPassword"]);
  requiredString(fields, "adminUser");
  requiredString(fields, "adminPassword");
  return requiredString(fields, "id");
}

/** The sharding rules of §4.2.1: unsharded schemas have one RDS and one shard. */
function parseSchema(item: unknown): NewSchema {
  const fields = fieldsOf(item, "each of databases", ["name", "shard_mode", "shard_number", "shard_unit", "used_rds"]);
  const name = schemaName(requiredString(fields, "name", INVALID_SCHEMA_NAME));
  const shardMode = fields.shard_mode;
  if (shardMode !== "cluster" && shardMode !== "single") throw badRequest(INVALID_SHARD_MODE, "shard_mode must be cluster or single.");
  const rdsIds = objectList(fields, "used_rds", INVALID_RDS_COUNT).map(rdsId);
  if (rdsIds.length === 0 || (shardMode === "single" && rdsIds.length !== 1)) {
    throw badRequest(INVALID_RDS_COUNT, shardMode === "single" ? "An unsharded schema uses exactly one RDS instance." : "used_rds cannot be empty.");
  }
  const shardUnit = optionalInteger(fields, "shard_unit", 1, INVALID_SHARD_UNIT);
  if (shardUnit !== undefined && (shardUnit > MAX_SHARDS_PER_RDS || (shardMode === "single" && shardUnit !== 1))) {
    throw badRequest(INVALID_SHARD_UNIT, shardMode === "single" ? "shard_unit is 1 for an unsharded schema." : "shard_unit must be 1 to 64.");
  }
  const shardNumber = requiredInteger(fields, "shard_number", 1, INVALID_SHARD_NUMBER);
  const rdsCount = rdsIds.length;
  const valid =
    shardMode === "single"
      ? shardNumber === 1
      : shardUnit !== undefined
        ? shardNumber === shardUnit * rdsCount
        : shardNumber > rdsCount && shardNumber <= MAX_SHARDS_PER_RDS * rdsCount;
  if (!valid) {
    throw badRequest(
      INVALID_SHARD_NUMBER,
      shardMode === "single"
        ? "An unsharded schema has one shard."
        : shardUnit !== undefined
          ? `shard_number must be shard_unit × the number of RDS instances (${shardUnit * rdsCount}).`
          : `shard_number must be more than ${rdsCount} and at most ${MAX_SHARDS_PER_RDS * rdsCount}.`,
    );
  }
  return { name, shardMode, shardNumber, shardUnit, rdsIds };
}

/** Shards per RDS instance: as given, else as the shards were spread. */
function shardsPerRds(schema: SchemaRecord): number {
  return schema.shardUnit ?? Math.ceil(schema.shardNumber / schema.rdsIds.length);
}

function usedRds(rdsList: RdsRecord[], schema: SchemaRecord) {
  return schema.rdsIds.map((id) => {
    const rds = rdsList.find((candidate) => candidate.id === id);
    return { id, name: rds?.name ?? "", status: rds?.status ?? "abnormal", ...(schema.errorMsg ? { error_msg: schema.errorMsg } : {}) };
  });
}

/** Every RDS instance a schema of the instance can name: its own and the project's shared ones. */
function knownRds(state: DdmState, instance: InstanceRecord): RdsRecord[] {
  return [...state.sharedRds, ...instance.rds];
}

function schemaSummary(rdsList: RdsRecord[], schema: SchemaRecord) {
  return {
    name: schema.name,
    status: schema.status,
    created: schema.createdAt,
    shard_mode: schema.shardMode,
    shard_number: schema.shardNumber,
    shard_unit: shardsPerRds(schema),
    used_rds: usedRds(rdsList, schema),
  };
}

function schemaDetail(instance: InstanceRecord, rdsList: RdsRecord[], schema: SchemaRecord) {
  const perRds = shardsPerRds(schema);
  return {
    ...schemaSummary(rdsList, schema),
    updated: schema.updatedAt,
    databases: Array.from({ length: schema.shardNumber }, (_, slot) => {
      const name = `${schema.name}_${String(slot).padStart(4, "0")}`;
      const rdsId = schema.rdsIds[Math.min(Math.floor(slot / perRds), schema.rdsIds.length - 1)];
      return { dbslot: slot, name, status: schema.status, created: schema.createdAt, updated: schema.updatedAt, id: rdsId, idName: name };
    }),
    dataVips: [`${instance.accessIp}:${instance.accessPort}`],
  };
}

export function schemaRoutes(router: Router, state: DdmState, projectId: string): void {
  const base = "/v1/:project/instances/:instanceId";

  router.add("POST", `${base}/databases`, ({ params, body, now }) => {
    const items = objectList(fieldsOf(body, "The request body", ["databases"]), "databases");
    if (items.length === 0) throw parameterError("databases cannot be empty.");
    const created = createSchemas(state, params.instanceId, items.map(parseSchema), now);
    return { body: { databases: created.map((schema) => ({ name: schema.name })) } };
  });

  router.add("GET", `${base}/databases`, ({ params, query }) => {
    const instance = state.instance(params.instanceId);
    const paging = pagingOf(query, 128);
    return {
      body: {
        databases: pageOf(instance.schemas, paging).map((schema) => schemaSummary(knownRds(state, instance), schema)),
        total: instance.schemas.length,
      },
    };
  });

  router.add("GET", `${base}/databases/:name`, ({ params }) => {
    const instance = state.instance(params.instanceId);
    return { body: { database: schemaDetail(instance, knownRds(state, instance), requireSchema(instance, params.name)) } };
  });

  router.add("DELETE", `${base}/databases/:name`, ({ params, query, now }) => {
    booleanQuery(query, "delete_rds_data");
    deleteSchema(state, params.instanceId, params.name, now);
    return { body: {} };
  });

  router.add("GET", `${base}/rds`, ({ params, query }) => {
    const instance = state.instance(params.instanceId);
    const paging = pagingOf(query, 128);
    const available = state.availableRds(instance);
    return {
      body: {
        instances: pageOf(available, paging).map((rds) => ({
          id: rds.id,
          projectId,
          status: rds.status,
          name: rds.name,
          engineName: "mysql",
          engineSoftwareVersion: "8.0",
          privateIp: rds.privateIp,
          mode: "Ha",
          port: rds.port,
          azCode: rds.azCode,
          timeZone: instance.timeZone,
        })),
        offset: paging.offset,
        limit: paging.limit,
        total: available.length,
      },
    };
  });
}
