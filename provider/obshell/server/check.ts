import { isIP } from "node:net";
import { isUnknown } from "../../resource/values";
import {
  all,
  describe,
  integer,
  isString,
  length,
  matches,
  nonEmpty,
  oneOf,
  optional,
  required,
  timeouts,
  Validator,
  type CheckFailure,
  type Rule,
} from "../../resource/validation";
import { IMPORT_KEY } from "../../resource/adoption";
import { DEFAULT_AGENT_PORT, OBSERVER_INPUT_KEYS } from "./types";

/** OBShell refuses ports outside (1024, 65535]. */
export const agentPort = integer(1025, 65535);

const host: Rule = all(isString, nonEmpty, length(1, 253), matches(/^[A-Za-z0-9.:_-]+$/, "must be a host name or an IP address"));

export const ipAddress: Rule = all(isString, (value) => (isIP(value as string) ? undefined : "must be an IPv4 or IPv6 address (the server's, as its agent reports it)"));

const zoneName: Rule = all(isString, length(1, 128), matches(/^[A-Za-z_][A-Za-z0-9_]*$/, "may contain only letters, digits and underscores, starting with a letter or underscore"));

export const clusterAgent: Rule = (value) => {
  if (!value || typeof value !== "object" || Array.isArray(value)) return `must be an object {host, port}, got ${describe(value)}`;
  for (const key of Object.keys(value)) if (!["host", "port"].includes(key)) return `has an unknown key "${key}" (expected host, port)`;
  const { host: h, port } = value as Record<string, unknown>;
  const hostProblem = isUnknown(h) ? undefined : h === undefined ? "is required" : host(h, "host");
  if (hostProblem) return `.host ${hostProblem}`;
  const portProblem = port === undefined || isUnknown(port) ? undefined : agentPort(port, "port");
  return portProblem ? `.port ${portProblem}` : undefined;
};

const PORT_SETTINGS = ["mysql_port", "mysqlPort", "rpc_port", "rpcPort"];
const SAME_SETTING = [["mysql_port", "mysqlPort"], ["rpc_port", "rpcPort"]];

const obConfigs: Rule = (value) => {
  if (!value || typeof value !== "object" || Array.isArray(value)) return `must be an object of settings (e.g. {mysql_port: "2881", rpc_port: "2882", memory_limit: "16G"}), got ${describe(value)}`;
  for (const [key, setting] of Object.entries(value)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return `has a key ${JSON.stringify(key)} that is not a setting name`;
    if (isUnknown(setting)) continue;
    if (typeof setting !== "string" && !(typeof setting === "number" && Number.isFinite(setting))) return `.${key} must be a string (or a number), got ${describe(setting)}`;
    if (typeof setting === "string" && setting.trim() === "") return `.${key} must not be empty`;
    if (PORT_SETTINGS.includes(key)) {
      const problem = agentPort(Number(setting), key);
      if (problem) return `.${key} ${problem}`;
    }
  }
  for (const [a, b] of SAME_SETTING) if (a in value && b in value) return `must not set both ${a} and ${b}: they are the same setting`;
  return undefined;
};

const secret: Rule = all(isString, nonEmpty);

export function checkObServer(news: Record<string, unknown>): CheckFailure[] {
  return new Validator(news)
    .onlyKnown([...OBSERVER_INPUT_KEYS, IMPORT_KEY])
    .check("clusterAgent", required, clusterAgent)
    .check("password", required, secret)
    .check("ip", required, ipAddress)
    .check("port", optional(agentPort))
    .check("zone", required, zoneName)
    .check("obConfigs", required, obConfigs)
    .check("targetAgentPassword", optional(secret))
    .check("onFailure", optional(isString, oneOf(["keep", "retry", "rollback"])))
    .check("timeouts", optional(timeouts(["create", "update", "delete"])))
    .check(IMPORT_KEY, optional(isString)).failures;
}

/** Defaults filled in and numbers in obConfigs written as the strings OBShell takes, so state and diffs see one form. */
export function normalizeObServer(news: Record<string, unknown>): Record<string, unknown> {
  const result = { ...news };
  if (result.port === undefined) result.port = DEFAULT_AGENT_PORT;
  const agent = result.clusterAgent;
  if (agent && typeof agent === "object" && !Array.isArray(agent) && (agent as Record<string, unknown>).port === undefined) {
    result.clusterAgent = { ...agent, port: DEFAULT_AGENT_PORT };
  }
  const configs = result.obConfigs;
  if (configs && typeof configs === "object" && !Array.isArray(configs)) {
    result.obConfigs = Object.fromEntries(Object.entries(configs).map(([key, value]) => [key, typeof value === "number" ? String(value) : value]));
  }
  return result;
}
