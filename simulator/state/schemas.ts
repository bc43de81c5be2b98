import { badRequest } from "../errors";
import type { InstanceRecord, SchemaRecord } from "./model";
import type { DdmState } from "./store";

/**
 * Schemas: created CREATING and RUNNING after the createSchema duration (CREATE_FAILED when a
 * fault says so), deleted through DELETING. Schema work does not make the instance busy, but needs
 * it RUNNING and idle. Names are lower case (upper case is refused), so lookups fold case, as the
 * reference says they are case-insensitive.
 */

const RDS_NOT_FOUND = "DBS.300103";
const DUPLICATE_RDS = "DBS.300108";
const RDS_UNAVAILABLE = "DBS.300110";
const DUPLICATE_SCHEMA = "DBS.300112";
export const SCHEMA_NOT_FOUND = "DBS.300129";
const INVALID_SCHEMA_STATUS = "DBS.300130";

export interface NewSchema {
  name: string;
  shardMode: "cluster" | "single";
  shardNumber: number;
  shardUnit?: number;
  rdsIds: string[];
}

export function findSchema(instance: InstanceRecord, name: string): SchemaRecord | undefined {
  const wanted = name.toLowerCase();
  return instance.schemas.find((schema) => schema.name === wanted);
}

export function requireSchema(instance: InstanceRecord, name: string): SchemaRecord {
  const schema = findSchema(instance, name);
  // The reference's error table lists DBS.300129 under HTTP 400, not 404.
  if (!schema) throw badRequest(SCHEMA_NOT_FOUND, `The schema ${name} does not exist.`);
  return schema;
}

export function createSchemas(state: DdmState, instanceId: string, specs: NewSchema[], at: number): SchemaRecord[] {
  const instance = state.instance(instanceId);
  state.requireAvailable(instance);
  const available = state.availableRds(instance);
  specs.forEach((spec, i) => {
    if (findSchema(instance, spec.name) || specs.slice(0, i).some((other) => other.name === spec.name)) {
      throw badRequest(DUPLICATE_SCHEMA, `The schema name ${spec.name} already exists.`);
    }
    if (new Set(spec.rdsIds).size !== spec.rdsIds.length) throw badRequest(DUPLICATE_RDS, "The RDS instances are duplicated.");
    for (const id of spec.rdsIds) {
      const rds = available.find((candidate) => candidate.id === id);
      if (!rds) throw badRequest(RDS_NOT_FOUND, `The RDS instance ${id} does not exist or it is not in the same VPC as the schema.`);
      if (rds.status !== "normal") {
        throw badRequest(RDS_UNAVAILABLE, `The status of RDS instance ${id} (${rds.status}) does not allow associating it with a schema.`);
      }
    }
  });
  const created: SchemaRecord[] = specs.map((spec) => ({ ...spec, status: "CREATING", createdAt: at, updatedAt: at }));
  for (const schema of created) {
    instance.schemas.push(schema);
    state.schedule("createSchema", at, (failing, end) => {
      if (!instance.schemas.includes(schema) || schema.status !== "CREATING") return;
      schema.status = failing ? "CREATE_FAILED" : "RUNNING";
      schema.errorMsg = failing ? "Failed to create a physical database (simulated fault)." : undefined;
      schema.updatedAt = end;
    });
  }
  return created;
}

/** The schema goes DELETING at once and disappears after the deleteSchema duration. */
export function deleteSchema(state: DdmState, instanceId: string, name: string, at: number): void {
  const instance = state.instance(instanceId);
  state.requireAvailable(instance);
  const schema = requireSchema(instance, name);
  if (schema.status !== "RUNNING" && schema.status !== "CREATE_FAILED") {
    throw badRequest(INVALID_SCHEMA_STATUS, `Invalid schema status: ${schema.name} is ${schema.status}.`);
  }
  const before = schema.status;
  schema.status = "DELETING";
  schema.updatedAt = at;
  state.schedule("deleteSchema", at, (failing, end) => {
    if (!instance.schemas.includes(schema)) return;
    if (failing) {
      schema.status = before;
      schema.errorMsg = "Failed to delete the schema (simulated fault).";
      schema.updatedAt = end;
      return;
    }
    removeSchema(instance, schema);
  });
}

/** Removes a schema and its associations with accounts. */
export function removeSchema(instance: InstanceRecord, schema: SchemaRecord): void {
  instance.schemas = instance.schemas.filter((candidate) => candidate !== schema);
  for (const account of instance.accounts) account.schemas = account.schemas.filter((name) => name !== schema.name);
}
