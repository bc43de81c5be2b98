import type { ConfigSource } from "../cloud/settings";
import type * as lookups from "../ddm/lookups";
import { arrayOf, bool, int, mapOf, num, opt, ref, str, type Field, type Fields } from "./fields";

/**
 * The lookups as the package's functions (`ddm:index:getFlavors`, …): the same functions the
 * dynamic resources' `getX` call, on the provider's settings. A function returns an object, so
 * each list comes back under one property named after it.
 */
export interface FunctionSpec {
  token: string;
  description: string;
  inputs: Record<string, Field>;
  /** The one output property, a list of `itemType`. */
  result: string;
  itemType: string;
  run(args: Record<string, unknown>, config: ConfigSource | undefined): Promise<unknown[]>;
}

const instanceArgs: Fields<{ instanceId: string }> = { instanceId: str("The DDM instance.") };

function lookup<A extends object>(
  name: string,
  description: string,
  inputs: Fields<A>,
  result: string,
  itemType: string,
  run: (all: typeof lookups, options: A & lookups.LookupOptions) => Promise<unknown[]>,
): FunctionSpec {
  // The clients load on the first call, not with the schema (see handlers.ts).
  const call = async (args: Record<string, unknown>, config: ConfigSource | undefined) => run(await import("../ddm/lookups"), { ...(args as A), config });
  return { token: `ddm:index:${name}`, description, inputs, result, itemType, run: call };
}

export const FUNCTIONS: readonly FunctionSpec[] = [
  lookup("getEngines", "DDM engines available in the region.", {}, "engines", "EngineInfo", (all, options) => all.getEngines(options)),
  lookup<{ engine?: string }>(
    "getFlavors",
    "Node classes of an engine, to choose one by vCPUs and memory.",
    { engine: opt(str("Engine version or id; the newest when omitted.")) },
    "flavors",
    "FlavorInfo",
    (all, options) => all.getFlavors(options),
  ),
  lookup("getInstanceNodes", "The nodes of an instance.", instanceArgs, "nodes", "NodeInfo", (all, options) => all.getInstanceNodes(options)),
  lookup<{ name?: string; status?: string }>(
    "getInstances",
    "Instances of the project, optionally only those with this name and this status.",
    { name: opt(str()), status: opt(str()) },
    "instances",
    "InstanceInfo",
    (all, options) => all.getInstances(options),
  ),
  lookup("getSchemas", "The schemas of an instance.", instanceArgs, "schemas", "SchemaInfo", (all, options) => all.getSchemas(options)),
  lookup("getAccounts", "The accounts of an instance.", instanceArgs, "accounts", "AccountInfo", (all, options) => all.getAccounts(options)),
  lookup(
    "getAvailableRdsInstances",
    "RDS instances that an instance's schemas can use as data nodes.",
    instanceArgs,
    "rdsInstances",
    "RdsInstanceInfo",
    (all, options) => all.getAvailableRdsInstances(options),
  ),
  lookup("getParameters", "The parameters of an instance, with their values and rules.", instanceArgs, "parameters", "ParameterInfo", (all, options) => all.getParameters(options)),
];

export const FUNCTION_TYPES: Record<string, Record<string, Field>> = {
  EngineInfo: { id: str(), name: opt(str()), version: str(), availabilityZones: arrayOf(str()) } satisfies Fields<lookups.EngineInfo>,
  FlavorInfo: {
    id: str(),
    code: str(),
    vcpus: opt(int()),
    memoryGb: opt(num()),
    architecture: opt(str()),
    azStatus: mapOf(str(), "Availability zone → status of the class there."),
  } satisfies Fields<lookups.FlavorInfo>,
  NodeInfo: { nodeId: str(), ip: opt(str()), port: opt(int()), status: opt(str()) } satisfies Fields<lookups.NodeInfo>,
  InstanceInfo: {
    id: str(),
    name: str(),
    status: str(),
    engineVersion: opt(str()),
    flavorCode: opt(str()),
    nodeCount: opt(int()),
    accessIp: opt(str()),
    accessPort: opt(int()),
    availabilityZones: arrayOf(str()),
    vpcId: opt(str()),
    subnetId: opt(str()),
    securityGroupId: opt(str()),
    enterpriseProjectId: opt(str()),
    created: opt(str()),
  } satisfies Fields<lookups.InstanceInfo>,
  SchemaInfo: {
    name: str(),
    status: opt(str()),
    shardMode: opt(str()),
    shardNumber: opt(int()),
    shardUnit: opt(int()),
    dataNodes: arrayOf(ref("SchemaInfoDataNode")),
  } satisfies Fields<lookups.SchemaInfo>,
  SchemaInfoDataNode: { id: str(), name: opt(str()), status: opt(str()) } satisfies Fields<lookups.SchemaInfo["dataNodes"][number]>,
  AccountInfo: {
    name: str(),
    status: opt(str()),
    permissions: arrayOf(str()),
    schemas: arrayOf(str()),
    description: opt(str()),
  } satisfies Fields<lookups.AccountInfo>,
  RdsInstanceInfo: {
    id: str(),
    name: opt(str()),
    status: opt(str()),
    engineName: opt(str()),
    engineVersion: opt(str()),
    privateIp: opt(str()),
    port: opt(int()),
    mode: opt(str()),
    azCode: opt(str()),
    timeZone: opt(str()),
  } satisfies Fields<lookups.RdsInstanceInfo>,
  ParameterInfo: {
    name: str(),
    value: opt(str()),
    needRestart: bool(),
    readOnly: bool(),
    valueRange: opt(str()),
    dataType: opt(str()),
    description: opt(str()),
  } satisfies Fields<lookups.ParameterInfo>,
};

export function functionSpec(token: string): FunctionSpec | undefined {
  return FUNCTIONS.find((spec) => spec.token === token);
}
