import { parameterError } from "../errors";
import type { InstanceRecord } from "./model";
import type { DdmState } from "./store";

/**
 * Instance parameters (reference §4.1.18 for reading them; the write and restart calls as issue
 * 13 gives them from the Terraform provider). The reference shows one parameter,
 * temp_table_size_limit; the others are DDM parameters of the same shapes, and which of them
 * need a restart or are read-only is this simulator's choice: clients must read it from
 * `need_restart` and `read_only`, never assume it.
 */

export interface ParameterDefinition {
  name: string;
  defaultValue: string;
  needRestart: boolean;
  readOnly: boolean;
  /** "min-max" for numbers, "a,b,c" for a choice. */
  valueRange: string;
  dataType: "integer" | "double" | "string";
  description: string;
}

export const PARAMETERS: readonly ParameterDefinition[] = [
  { name: "temp_table_size_limit", defaultValue: "1000000", needRestart: false, readOnly: false, valueRange: "500000-2000000000", dataType: "integer", description: "Maximum size of the temporary table." },
  { name: "connection_idle_timeout", defaultValue: "28800", needRestart: false, readOnly: false, valueRange: "60-86400", dataType: "integer", description: "Seconds before an idle connection is closed." },
  { name: "long_query_time", defaultValue: "1", needRestart: false, readOnly: false, valueRange: "0.01-10", dataType: "double", description: "Seconds after which a query is logged as slow." },
  { name: "max_connections", defaultValue: "20000", needRestart: true, readOnly: false, valueRange: "10-40000", dataType: "integer", description: "Maximum number of client connections." },
  { name: "character_set_server", defaultValue: "utf8mb4", needRestart: true, readOnly: false, valueRange: "gbk,utf8,utf8mb4", dataType: "string", description: "Character set of the server." },
  { name: "transaction_policy", defaultValue: "XA", needRestart: false, readOnly: false, valueRange: "XA,FREE,NO_DUP", dataType: "string", description: "How distributed transactions are run." },
  { name: "sql_audit", defaultValue: "OFF", needRestart: false, readOnly: true, valueRange: "OFF,ON", dataType: "string", description: "Whether SQL audit is on (managed by the service)." },
];

export function defaultParameters(): Record<string, string> {
  return Object.fromEntries(PARAMETERS.map((parameter) => [parameter.name, parameter.defaultValue]));
}

function outOfRange(definition: ParameterDefinition, value: string): boolean {
  if (definition.dataType === "string") return !definition.valueRange.split(",").includes(value);
  const [min, max] = definition.valueRange.split("-").map(Number);
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number)) return true;
  if (definition.dataType === "integer" && !Number.isInteger(number)) return true;
  return number < min || number > max;
}

/**
 * Sets parameter values: every name must exist, be writable and in range, or nothing changes.
 * The instance shows SET_CONFIGURATION while the values are applied. Answers whether a restart
 * is needed for them to take effect.
 */
export function setParameters(state: DdmState, instanceId: string, values: Record<string, unknown>, at: number): boolean {
  const instance = state.instance(instanceId);
  state.requireRunning(instance);
  const entries = Object.entries(values);
  if (entries.length === 0) throw parameterError("values must name at least one parameter.");
  let needRestart = false;
  for (const [name, value] of entries) {
    const definition = PARAMETERS.find((candidate) => candidate.name === name);
    if (!definition) throw parameterError(`The parameter ${name} does not exist.`);
    if (definition.readOnly) throw parameterError(`The parameter ${name} is read-only.`);
    if (typeof value !== "string") throw parameterError(`The value of ${name} must be a string.`);
    if (outOfRange(definition, value)) throw parameterError(`The value of ${name} must be within ${definition.valueRange}.`);
    if (definition.needRestart && instance.parameters[name] !== value) needRestart = true;
  }
  for (const [name, value] of entries) {
    const definition = PARAMETERS.find((candidate) => candidate.name === name)!;
    if (definition.needRestart && instance.parameters[name] !== value) instance.pendingRestart = [...new Set([...instance.pendingRestart, name])];
    instance.parameters[name] = value as string;
  }
  instance.status = "SET_CONFIGURATION";
  instance.updatedAt = at;
  instance.parametersUpdatedAt = at;
  state.schedule("setConfiguration", at, (_failing, end) => {
    if (state.instances.get(instance.id) !== instance) return;
    instance.status = "RUNNING";
    instance.updatedAt = end;
  });
  return needRestart;
}

/** A restart (reference §4.1.7): RESTARTING for its job's duration; pending parameters then take effect. */
export function restartInstance(state: DdmState, instanceId: string, at: number) {
  const instance = state.instance(instanceId);
  state.requireRunning(instance);
  instance.status = "RESTARTING";
  instance.updatedAt = at;
  const job = state.startJob("restart", "RestartInstance", instance, at, (failing, end) => {
    if (state.instances.get(instance.id) !== instance) return "The instance no longer exists.";
    instance.status = "RUNNING";
    instance.updatedAt = end;
    if (failing) return "Restarting the instance failed (simulated fault).";
    instance.pendingRestart = [];
    return undefined;
  });
  return { instance, job };
}

export function parameterTemplateId(instance: InstanceRecord): string {
  return `${instance.id.slice(0, 28)}pr09`;
}
