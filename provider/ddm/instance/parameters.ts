import type { ConfigurationParameter } from "../client/types";
import { isUnknown } from "../../resource/values";
import type { Rule } from "../../resource/validation";
import { describe } from "../../resource/validation";
import type { ParameterDefinitionOutput } from "./types";

/**
 * Instance parameters (reference §4.1.18): the rules each parameter's definition gives
 * (`read_only`, `value_range`, `data_type`, `need_restart`), and which declared values differ
 * from the instance's. Pure; the calls are in execute.ts.
 */

export function toDefinitions(parameters: readonly ConfigurationParameter[]): ParameterDefinitionOutput[] {
  return parameters.map((parameter) => ({
    name: parameter.name,
    needRestart: parameter.need_restart === "1" || parameter.need_restart === "true",
    readOnly: parameter.read_only === "1" || parameter.read_only === "true",
    ...(parameter.value_range ? { valueRange: parameter.value_range } : {}),
    ...(parameter.data_type ? { dataType: parameter.data_type } : {}),
  }));
}

const NUMERIC_RANGE = /^(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)$/;

/** Why the value is outside the definition's range; undefined when it is inside, or the range is of a form not known. */
function rangeProblem(definition: ParameterDefinitionOutput, value: string): string | undefined {
  const range = definition.valueRange?.trim();
  if (!range) return undefined;
  const numeric = NUMERIC_RANGE.exec(range);
  const type = definition.dataType?.toLowerCase();
  if (numeric && type !== "string") {
    const [min, max] = [Number(numeric[1]), Number(numeric[2])];
    const number = Number(value);
    const whole = type === "integer" || type === "int" || type === "long";
    if (value.trim() === "" || !Number.isFinite(number) || (whole && !Number.isInteger(number))) {
      return `must be ${whole ? "a whole number" : "a number"} within value_range ${range}, got "${value}"`;
    }
    return number < min || number > max ? `must be within value_range ${range}, got ${value}` : undefined;
  }
  const choices = range.split(/[,|]/).map((choice) => choice.trim()).filter(Boolean);
  if (choices.length > 1 && !choices.includes(value)) return `must be one of value_range ${choices.join(", ")}, got "${value}"`;
  return undefined;
}

/** Every problem with the values against the instance's definitions, one per parameter. */
export function parameterProblems(values: Record<string, string>, definitions: readonly ParameterDefinitionOutput[]): string[] {
  const byName = new Map(definitions.map((definition) => [definition.name, definition]));
  const problems: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const definition = byName.get(name);
    if (!definition) {
      problems.push(`${name} is not a parameter of this instance; its parameters: ${definitions.map((d) => d.name).join(", ")}`);
    } else if (definition.readOnly) {
      problems.push(`${name} is read-only`);
    } else if (!isUnknown(value)) {
      const problem = rangeProblem(definition, value);
      if (problem) problems.push(`${name} ${problem}`);
    }
  }
  return problems;
}

/** The declared values that differ from the instance's (`live`, as last read or applied). */
export function changedParameters(live: Record<string, string> | undefined, declared: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(declared ?? {}).filter(([name, value]) => live?.[name] !== value));
}

/** The names among `changed` that need a restart, and those whose definition is not known yet. */
export function restartCandidates(changed: readonly string[], definitions: readonly ParameterDefinitionOutput[] | undefined): { needed: string[]; unknown: string[] } {
  const byName = new Map((definitions ?? []).map((definition) => [definition.name, definition]));
  return {
    needed: changed.filter((name) => byName.get(name)?.needRestart),
    unknown: changed.filter((name) => !byName.has(name)),
  };
}

export function union(a: readonly string[] | undefined, b: readonly string[]): string[] {
  return [...new Set([...(a ?? []), ...b])].sort();
}

/** The live values of the declared parameters: refresh shows drift of those only. */
export function declaredLive(declared: Record<string, string>, live: readonly ConfigurationParameter[]): Record<string, string> {
  const values = new Map(live.map((parameter) => [parameter.name, parameter.value]));
  return Object.fromEntries(Object.entries(declared).map(([name, value]) => [name, values.get(name) ?? value]));
}

/** `parameters` in check: names the service could have, string values. */
export const parameterMap: Rule = (value) => {
  if (!value || typeof value !== "object" || Array.isArray(value)) return `must be a map of parameter names to values, got ${describe(value)}`;
  for (const [name, item] of Object.entries(value)) {
    if (!/^[A-Za-z][A-Za-z0-9_.-]{0,127}$/.test(name)) return `has a name that is not a parameter name: ${JSON.stringify(name)}`;
    if (isUnknown(item)) continue;
    if (typeof item !== "string") return `has a value for ${name} that is not a string (the service takes every value as a string): ${describe(item)}`;
    if (item.length > 1024) return `has a value for ${name} longer than 1024 characters`;
  }
  return undefined;
};
