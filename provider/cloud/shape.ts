import { HuaweiCloudError } from "./errors";

/**
 * Minimal checks on what the service answered. A body that is not what the API documents
 * becomes a clear error naming the operation and the field, rather than `undefined` flowing
 * into state.
 */

export function malformed(operation: string, what: string, requestId?: string): HuaweiCloudError {
  return new HuaweiCloudError({ operation, serviceMessage: `unexpected response: ${what}`, requestId });
}

export function asObject(operation: string, value: unknown, requestId?: string): Record<string, unknown> {
  if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  const seen = value === undefined ? "an empty body" : typeof value === "string" ? "a non-JSON body" : `a ${Array.isArray(value) ? "list" : typeof value}`;
  throw malformed(operation, `expected a JSON object, got ${seen}`, requestId);
}

export function requireString(operation: string, record: Record<string, unknown>, field: string, requestId?: string): string {
  const value = record[field];
  if (typeof value === "string" && value !== "") return value;
  throw malformed(operation, `field "${field}" is ${value === undefined ? "missing" : `not a non-empty string`}`, requestId);
}

export function optionalArray<T>(operation: string, record: Record<string, unknown>, field: string, requestId?: string): T[] {
  const value = record[field];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value as T[];
  throw malformed(operation, `field "${field}" is not a list`, requestId);
}

/** Numbers the service sometimes sends as strings ("5066", "2"). */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
