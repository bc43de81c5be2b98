import { isUnknown } from "./values";

/**
 * Input validation for `check`: small rules that each name the property and the rule broken,
 * so a user sees every problem at once, before any API call. Unknown values (preview) pass.
 */

/** A problem with one input found beyond `check` (planning, catalog lookups): names the property. */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(
    readonly property: string,
    reason: string,
  ) {
    super(`${property}: ${reason}`);
  }
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export type Rule = (value: unknown, property: string) => string | undefined;

export class Validator {
  readonly failures: CheckFailure[] = [];

  constructor(private readonly inputs: Record<string, unknown>) {}

  /** Applies the rules in order and records the first one broken. */
  check(property: string, ...rules: Rule[]): this {
    const value = this.inputs[property];
    const reason = isUnknown(value) ? undefined : all(...rules)(value, property);
    if (reason) this.failures.push({ property, reason: `${property} ${reason}` });
    return this;
  }

  fail(property: string, reason: string): this {
    this.failures.push({ property, reason: `${property} ${reason}` });
    return this;
  }

  /** Properties the resource does not know are rejected: a typo must not be silently ignored. */
  onlyKnown(known: readonly string[]): this {
    for (const key of Object.keys(this.inputs)) {
      if (key !== "__provider" && !known.includes(key)) {
        this.failures.push({ property: key, reason: `${key} is not a property of this resource` });
      }
    }
    return this;
  }
}

const absent = (value: unknown) => value === undefined || value === null;

export const required: Rule = (value) => (absent(value) ? "is required" : undefined);

/** The first reason any of the rules gives, in order. */
export function all(...rules: Rule[]): Rule {
  return (value, property) => {
    for (const rule of rules) {
      const reason = rule(value, property);
      if (reason) return reason;
    }
    return undefined;
  };
}

/** Skips the rules when the value is absent (optional properties). */
export function optional(...rules: Rule[]): Rule {
  const rule = all(...rules);
  return (value, property) => (absent(value) ? undefined : rule(value, property));
}

export const isString: Rule = (value) => (typeof value === "string" ? undefined : `must be a string, got ${describe(value)}`);

export const nonEmpty: Rule = (value) => (typeof value === "string" && value.trim() === "" ? "must not be empty" : undefined);

export function length(min: number, max: number): Rule {
  return (value) => {
    const size = typeof value === "string" ? [...value].length : 0;
    return size < min || size > max ? `must be ${min} to ${max} characters long, got ${size}` : undefined;
  };
}

export function matches(pattern: RegExp, rule: string): Rule {
  return (value) => (typeof value === "string" && !pattern.test(value) ? rule : undefined);
}

export function oneOf(values: readonly string[]): Rule {
  return (value) => (typeof value === "string" && !values.includes(value) ? `must be one of ${values.join(", ")}` : undefined);
}

export function notOneOf(values: readonly string[], why: string): Rule {
  return (value) => (typeof value === "string" && values.includes(value.toLowerCase()) ? why : undefined);
}

export const isBoolean: Rule = (value) => (typeof value === "boolean" ? undefined : `must be true or false, got ${describe(value)}`);

export function integer(min: number, max = Number.MAX_SAFE_INTEGER): Rule {
  return (value) => {
    if (typeof value !== "number" || !Number.isFinite(value)) return `must be a number, got ${describe(value)}`;
    if (!Number.isInteger(value)) return `must be a whole number, got ${value}`;
    if (value < min || value > max) return max === Number.MAX_SAFE_INTEGER ? `must be at least ${min}, got ${value}` : `must be between ${min} and ${max}, got ${value}`;
    return undefined;
  };
}

/** A list whose items all pass `item`; unknown items (preview) pass. */
export function listOf(item: Rule, { min = 0, unique = false } = {}): Rule {
  return (value, property) => {
    if (!Array.isArray(value)) return `must be a list, got ${describe(value)}`;
    if (value.length < min) return min === 1 ? "must not be empty" : `must have at least ${min} items`;
    for (const [index, element] of value.entries()) {
      if (isUnknown(element)) continue;
      const reason = item(element, `${property}[${index}]`);
      if (reason) return `[${index}] ${reason}`;
    }
    if (unique) {
      const known = value.filter((element) => !isUnknown(element)).map((element) => (typeof element === "string" ? element : JSON.stringify(element)));
      const duplicate = known.find((element, index) => known.indexOf(element) !== index);
      if (duplicate !== undefined) return `must not repeat ${JSON.stringify(duplicate)}`;
    }
    return undefined;
  };
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `a string`;
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

/** Cloud resource ids (VPC, subnet, RDS, instance…): they end up in request bodies and paths. */
export const identifier: Rule = all(
  isString,
  nonEmpty,
  length(1, 128),
  matches(/^[A-Za-z0-9._-]+$/, "may contain only letters, digits, dots, hyphens and underscores"),
);

function escapeClass(chars: string): string {
  return chars.replace(/[\\\]^-]/g, "\\$&");
}

/** Passwords of `min`–`max` characters from letters, digits and `specials`, combining at least three of the four kinds. */
export function strongPassword({ min, max, specials, notFirst }: { min: number; max: number; specials: string; notFirst?: string }): Rule {
  const special = escapeClass(specials);
  const allowed = new RegExp(`^[A-Za-z0-9${special}]+$`);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, new RegExp(`[${special}]`)];
  return (value) => {
    if (typeof value !== "string") return `must be a string, got ${describe(value)}`;
    const size = [...value].length;
    if (size < min || size > max) return `must be ${min} to ${max} characters long, got ${size}`;
    if (!allowed.test(value)) return `may contain only letters, digits and ${specials}`;
    if (notFirst && value.startsWith(notFirst)) return `must not start with ${notFirst}`;
    const kinds = classes.filter((pattern) => pattern.test(value)).length;
    return kinds < 3 ? `must combine at least three of: uppercase letters, lowercase letters, digits, and ${specials}` : undefined;
  };
}

/** Password rules shared by the administrator and accounts (API reference §4.1.1, §4.3.6). */
export const PASSWORD_SPECIALS = "~!@#%^*-_=+?";
export const password: Rule = strongPassword({ min: 8, max: 32, specials: PASSWORD_SPECIALS });

/** `{create, update, delete}`-style timeouts in minutes, with only the given keys. */
export function timeouts(keys: readonly string[]): Rule {
  return (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return `must be an object {${keys.join(", ")}} in minutes`;
    for (const [key, minutes] of Object.entries(value)) {
      if (!keys.includes(key)) return `has an unknown key "${key}" (expected ${keys.join(", ")})`;
      if (minutes !== undefined && (typeof minutes !== "number" || !(minutes > 0) || minutes > 10_080)) {
        return `.${key} must be a number of minutes between 0 and 10080`;
      }
    }
    return undefined;
  };
}
