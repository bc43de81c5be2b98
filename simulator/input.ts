import { INVALID_PASSWORD, parameterError, PARAMETER_ERROR, ServiceError } from "./errors";
import { isStrongPassword } from "./state/rules";

/**
 * Reading request bodies and queries. Anything malformed is a 400 naming the field, with
 * DBS.280001 unless the caller names a more specific code. Bodies are read strictly: a field the
 * operation does not take is refused, so a misspelt field name fails loudly instead of being ignored.
 */

export type Fields = Record<string, unknown>;

function invalid(code: string, message: string): ServiceError {
  return new ServiceError(400, code, message);
}

export function fieldsOf(value: unknown, what: string, allowed: readonly string[], code = PARAMETER_ERROR): Fields {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw invalid(code, `${what} must be a JSON object.`);
  const fields = value as Fields;
  const unknown = Object.keys(fields).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw invalid(code, `${what} does not take the parameter "${unknown}".`);
  return fields;
}

export function requiredString(fields: Fields, key: string, code = PARAMETER_ERROR): string {
  const value = fields[key];
  if (typeof value !== "string" || value === "") throw invalid(code, `${key} is required and must be a non-empty string.`);
  return value;
}

export function optionalString(fields: Fields, key: string, code = PARAMETER_ERROR): string | undefined {
  return fields[key] === undefined ? undefined : requiredString(fields, key, code);
}

/** Like optionalString, but "" is a value (descriptions). */
export function optionalText(fields: Fields, key: string, code = PARAMETER_ERROR): string | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalid(code, `${key} must be a string.`);
  return value;
}

export function requiredInteger(fields: Fields, key: string, min: number, code = PARAMETER_ERROR): number {
  const value = fields[key];
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw invalid(code, `${key} is required and must be an integer of at least ${min}.`);
  }
  return value;
}

export function optionalInteger(fields: Fields, key: string, min: number, code = PARAMETER_ERROR): number | undefined {
  return fields[key] === undefined ? undefined : requiredInteger(fields, key, min, code);
}

/** Booleans; the reference's create body spells them as the strings "true" and "false". */
export function optionalBoolean(fields: Fields, key: string): boolean | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw parameterError(`${key} must be true or false.`);
}

export function optionalBooleanValue(fields: Fields, key: string, code = PARAMETER_ERROR): boolean | undefined {
  const value = fields[key];
  if (value === undefined || typeof value === "boolean") return value;
  throw invalid(code, `${key} must be true or false.`);
}

export function stringList(fields: Fields, key: string, code = PARAMETER_ERROR): string[] {
  const value = fields[key];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) throw invalid(code, `${key} must be a list of strings.`);
  return value as string[];
}

export function objectList(fields: Fields, key: string, code = PARAMETER_ERROR): unknown[] {
  const value = fields[key];
  if (!Array.isArray(value)) throw invalid(code, `${key} must be a list.`);
  return value;
}

/** Account and administrator passwords (DBS.300306 when missing or weak). */
export function passwordField(fields: Fields, key: string): string {
  const value = requiredString(fields, key, INVALID_PASSWORD);
  if (!isStrongPassword(value)) {
    throw invalid(
      INVALID_PASSWORD,
      `${key} must be 8 to 32 characters with at least three of: upper-case letters, lower-case letters, digits, ~!@#%^*-_=+?`,
    );
  }
  return value;
}

/** `[{name}]` lists of schemas in account requests. */
export function nameList(fields: Fields, key: string): string[] {
  return objectList(fields, key).map((item) => requiredString(fieldsOf(item, `each of ${key}`, ["name"]), "name"));
}

export interface Paging {
  offset: number;
  limit: number;
}

const MAX_LIMIT = 128;

function queryInteger(query: URLSearchParams, key: string, fail: (message: string) => Error): number | undefined {
  const raw = query.get(key);
  if (raw === null || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) throw fail(`${key} must be a non-negative integer.`);
  return Number(raw);
}

/** `offset` (an item index, default 0) and `limit` (1–`maxLimit`, DDM's 128 unless a service says otherwise). */
export function pagingOf(query: URLSearchParams, defaultLimit: number, maxLimit = MAX_LIMIT, fail: (message: string) => Error = parameterError): Paging {
  const offset = queryInteger(query, "offset", fail) ?? 0;
  const limit = queryInteger(query, "limit", fail) ?? defaultLimit;
  if (limit < 1 || limit > maxLimit) throw fail(`limit must be between 1 and ${maxLimit}.`);
  return { offset, limit };
}

export function pageOf<T>(items: readonly T[], paging: Paging): T[] {
  return items.slice(paging.offset, paging.offset + paging.limit);
}

/** `delete_rds_data`: absent, "true" or "false". */
export function booleanQuery(query: URLSearchParams, key: string): boolean | undefined {
  const raw = query.get(key);
  if (raw === null || raw === "") return undefined;
  if (raw !== "true" && raw !== "false") throw parameterError(`${key} must be true or false.`);
  return raw === "true";
}
