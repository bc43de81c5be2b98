import { badRequest, parameterError } from "../errors";
import { fieldsOf, nameList, objectList, optionalText, pageOf, pagingOf, passwordField, requiredString, stringList, type Fields } from "../input";
import type { Router } from "../router";
import { createAccounts, deleteAccount, resetAccountPassword, updateAccount, type AccountChange, type NewAccount } from "../state/accounts";
import type { AccountRecord } from "../state/model";
import { isUserName, PERMISSIONS } from "../state/rules";
import type { DdmState } from "../state/store";
import { pageFields } from "./format";

/** §4.3: DDM accounts. */

const INVALID_ACCOUNT_NAME = "DBS.300305";
const INVALID_DESCRIPTION = "DBS.300307";
const INVALID_PERMISSIONS = "DBS.300309";
const MAX_DESCRIPTION = 256;

function accountName(fields: Fields): string {
  const name = requiredString(fields, "name", INVALID_ACCOUNT_NAME);
  if (!isUserName(name)) {
    throw badRequest(INVALID_ACCOUNT_NAME, "The account name must be 1 to 32 characters: a letter first, then letters, digits and underscores.");
  }
  return name;
}

function permissions(fields: Fields): string[] {
  const values = stringList(fields, "base_authority", INVALID_PERMISSIONS);
  const unknown = values.find((value) => !(PERMISSIONS as readonly string[]).includes(value));
  if (values.length === 0 || unknown !== undefined) {
    throw badRequest(INVALID_PERMISSIONS, `base_authority must be a non-empty subset of ${PERMISSIONS.join(", ")}.`);
  }
  return values;
}

function description(fields: Fields): string | undefined {
  const value = optionalText(fields, "description", INVALID_DESCRIPTION);
  if (value !== undefined && value.length > MAX_DESCRIPTION) {
    throw badRequest(INVALID_DESCRIPTION, `The description cannot exceed ${MAX_DESCRIPTION} characters.`);
  }
  return value;
}

function parseNewAccount(item: unknown): NewAccount {
  const fields = fieldsOf(item, "each of users", ["name", "password", "base_authority", "description", "databases"]);
  const name = accountName(fields);
  passwordField(fields, "password");
  return {
    name,
    permissions: permissions(fields),
    description: description(fields) ?? "",
    schemas: fields.databases === undefined ? [] : nameList(fields, "databases"),
  };
}

function parseChange(body: unknown): AccountChange {
  const user = fieldsOf(fieldsOf(body, "The request body", ["user"]).user, "user", ["base_authority", "description", "databases"]);
  if (user.base_authority === undefined && user.description === undefined && user.databases === undefined) {
    throw parameterError("Set at least one of base_authority, description and databases.");
  }
  return {
    permissions: user.base_authority === undefined ? undefined : permissions(user),
    description: description(user),
    schemas: user.databases === undefined ? undefined : nameList(user, "databases"),
  };
}

function accountView(account: AccountRecord) {
  return {
    name: account.name,
    status: account.status,
    base_authority: account.permissions,
    extend_authority: [],
    password_last_changed: account.passwordChangedAt,
    description: account.description,
    created: account.createdAt,
    databases: account.schemas.map((name) => ({ name, description: "" })),
  };
}

export function accountRoutes(router: Router, state: DdmState): void {
  const base = "/v1/:project/instances/:instanceId/users";

  router.add("POST", base, ({ params, body, now }) => {
    const items = objectList(fieldsOf(body, "The request body", ["users"]), "users");
    if (items.length === 0) throw parameterError("users cannot be empty.");
    const created = createAccounts(state, params.instanceId, items.map(parseNewAccount), now);
    return { body: { users: created.map((account) => ({ name: account.name })) } };
  });

  router.add("GET", base, ({ params, query }) => {
    const instance = state.instance(params.instanceId);
    const paging = pagingOf(query, 128);
    return { body: { users: pageOf(instance.accounts, paging).map(accountView), ...pageFields(instance.accounts.length, paging) } };
  });

  router.add("PUT", `${base}/:username`, ({ params, body }) => {
    const account = updateAccount(state, params.instanceId, params.username, parseChange(body));
    return { body: { name: account.name } };
  });

  router.add("DELETE", `${base}/:username`, ({ params }) => {
    deleteAccount(state, params.instanceId, params.username);
    return { body: { name: params.username } };
  });

  router.add("POST", "/v2/:project/instances/:instanceId/users/:username/password", ({ params, body, now }) => {
    passwordField(fieldsOf(body, "The request body", ["password"]), "password");
    const account = resetAccountPassword(state, params.instanceId, params.username, now);
    return { body: { success: true, instance_id: params.instanceId, user_name: account.name } };
  });
}
