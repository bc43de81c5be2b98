import { badRequest } from "../errors";
import type { AccountRecord, InstanceRecord } from "./model";
import { PERMISSIONS } from "./rules";
import { findSchema, SCHEMA_NOT_FOUND } from "./schemas";
import type { DdmState } from "./store";

/**
 * DDM accounts. Changes are immediate; passwords are checked and then forgotten. Permissions are
 * kept in the reference's order, whatever order they were sent in, so clients must compare them
 * as sets.
 */

const ACCOUNT_QUOTA_EXCEEDED = "DBS.300300";
const DUPLICATE_ACCOUNT = "DBS.300311";
/** Under HTTP 400, as the reference's error table lists it. */
const ACCOUNT_NOT_FOUND = "DBS.300327";
const MAX_ACCOUNTS = 100;

export interface NewAccount {
  name: string;
  permissions: string[];
  description: string;
  schemas: string[];
}

export interface AccountChange {
  permissions?: string[];
  description?: string;
  schemas?: string[];
}

function canonicalPermissions(permissions: string[]): string[] {
  return PERMISSIONS.filter((permission) => permissions.includes(permission));
}

/** Schema names as the instance spells them; each must exist (a 400: the request is wrong, not its path). */
function schemaNames(instance: InstanceRecord, names: string[]): string[] {
  const schemas = names.map((name) => {
    const schema = findSchema(instance, name);
    if (!schema) throw badRequest(SCHEMA_NOT_FOUND, `The schema ${name} does not exist.`);
    return schema.name;
  });
  return [...new Set(schemas)];
}

function requireAccount(instance: InstanceRecord, name: string): AccountRecord {
  const account = instance.accounts.find((candidate) => candidate.name === name);
  if (!account) throw badRequest(ACCOUNT_NOT_FOUND, `The account ${name} does not exist.`);
  return account;
}

export function createAccounts(state: DdmState, instanceId: string, specs: NewAccount[], at: number): AccountRecord[] {
  const instance = state.instance(instanceId);
  state.requireAvailable(instance);
  specs.forEach((spec, i) => {
    if (instance.accounts.some((a) => a.name === spec.name) || specs.slice(0, i).some((other) => other.name === spec.name)) {
      throw badRequest(DUPLICATE_ACCOUNT, `The account ${spec.name} already exists.`);
    }
  });
  if (instance.accounts.length + specs.length > MAX_ACCOUNTS) {
    throw badRequest(ACCOUNT_QUOTA_EXCEEDED, `Failed to create a DDM account: at most ${MAX_ACCOUNTS} accounts per instance.`);
  }
  const created = specs.map((spec) => ({
    name: spec.name,
    status: "RUNNING",
    permissions: canonicalPermissions(spec.permissions),
    description: spec.description,
    schemas: schemaNames(instance, spec.schemas),
    createdAt: at,
    passwordChangedAt: at,
  }));
  instance.accounts.push(...created);
  return created;
}

export function updateAccount(state: DdmState, instanceId: string, name: string, change: AccountChange): AccountRecord {
  const instance = state.instance(instanceId);
  state.requireAvailable(instance);
  const account = requireAccount(instance, name);
  const schemas = change.schemas === undefined ? undefined : schemaNames(instance, change.schemas);
  if (change.permissions !== undefined) account.permissions = canonicalPermissions(change.permissions);
  if (change.description !== undefined) account.description = change.description;
  if (schemas !== undefined) account.schemas = schemas;
  return account;
}

export function deleteAccount(state: DdmState, instanceId: string, name: string): void {
  const instance = state.instance(instanceId);
  state.requireAvailable(instance);
  const account = requireAccount(instance, name);
  instance.accounts = instance.accounts.filter((candidate) => candidate !== account);
}

export function resetAccountPassword(state: DdmState, instanceId: string, name: string, at: number): AccountRecord {
  const instance = state.instance(instanceId);
  state.requireAvailable(instance);
  const account = requireAccount(instance, name);
  account.passwordChangedAt = at;
  return account;
}
