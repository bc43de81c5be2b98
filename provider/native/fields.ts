/**
 * How the native provider's package schema describes a property, typed against the providers'
 * own input and output types: `Fields<T>` needs exactly T's keys, optional where T's are, so the
 * schema cannot drift from what the providers accept and return without failing to compile.
 */

export type Field = (
  | { type: "string" | "integer" | "number" | "boolean" }
  | { type: "array"; items: Field }
  | { type: "object"; additionalProperties: Field }
  | { $ref: string }
) & {
  description?: string;
  /** Credentials: secret in state, in every SDK and on the wire. */
  secret?: true;
  /** A required key with a default the provider fills in is not required in the schema. */
  default?: string | number | boolean;
  optional?: true;
};

type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

/** A spec for every key of T: `optional: true` exactly where T's key is optional. */
export type Fields<T> = {
  [K in keyof T]-?: K extends OptionalKeys<T> ? Field & { optional: true } : Field & { optional?: never };
};

/** Output-only properties: what the outputs add to the inputs. */
export type OutputFields<Outputs, Inputs> = Fields<Omit<Outputs, keyof Inputs>>;

const scalar =
  (type: "string" | "integer" | "number" | "boolean") =>
  (description?: string): Field & { optional?: never } =>
    description === undefined ? { type } : { type, description };

export const str = scalar("string");
export const int = scalar("integer");
export const num = scalar("number");
export const bool = scalar("boolean");

export function arrayOf(items: Field, description?: string): Field & { optional?: never } {
  return description === undefined ? { type: "array", items } : { type: "array", items, description };
}

export function mapOf(values: Field, description?: string): Field & { optional?: never } {
  return description === undefined ? { type: "object", additionalProperties: values } : { type: "object", additionalProperties: values, description };
}

export const TYPE_PREFIX = "ddm:index:";

export function ref(type: string, description?: string): Field & { optional?: never } {
  const $ref = `#/types/${TYPE_PREFIX}${type}`;
  return description === undefined ? { $ref } : { $ref, description };
}

export function opt(field: Field): Field & { optional: true } {
  return { ...field, optional: true } as Field & { optional: true };
}

export function secret<F extends Field>(field: F): F & { secret: true } {
  return { ...field, secret: true };
}

/** The schema's own type name a `ref` points at, or undefined for other fields. */
export function refName(field: Field): string | undefined {
  return "$ref" in field ? field.$ref.slice(`#/types/${TYPE_PREFIX}`.length) : undefined;
}
