import { clientFor, type ConfigSource } from "./client";
import { pickEngine } from "./instance/catalog";
import { zonesOf } from "./instance/outputs";
import { toDefinitions } from "./instance/parameters";
import { identifier, InputError, isString, length, optional, required, Validator, type Rule } from "../resource/validation";

/**
 * Plain async lookups for programs (what the Terraform provider offers as data sources), with
 * the same client and configuration as the resources. Arguments are checked like a resource's
 * inputs, before any call.
 */

export interface EngineInfo {
  id: string;
  name?: string;
  version: string;
  availabilityZones: string[];
}

export interface FlavorInfo {
  id: string;
  code: string;
  vcpus?: number;
  memoryGb?: number;
  architecture?: string;
  /** AZ → normal | unsupported | sellout */
  azStatus: Record<string, string>;
}

export interface NodeInfo {
  nodeId: string;
  ip?: string;
  port?: number;
  status?: string;
}

export interface LookupOptions {
  /** Stack config to read `ddm:*` settings from; the environment otherwise. */
  config?: ConfigSource;
}

const num = (value: unknown) => (value === undefined || value === null || value === "" ? undefined : Number(value));

export async function getEngines(options: LookupOptions = {}): Promise<EngineInfo[]> {
  const engines = await clientFor(options.config).listEngines();
  return engines.map((engine) => ({
    id: engine.id,
    name: engine.name,
    version: engine.version,
    availabilityZones: (engine.supportAzs ?? []).map((az) => az.code),
  }));
}

/** Node classes of an engine (version or id; the newest engine when omitted). */
export async function getFlavors(options: LookupOptions & { engine?: string } = {}): Promise<FlavorInfo[]> {
  const client = clientFor(options.config);
  const engine = pickEngine(await client.listEngines(), options.engine);
  const flavors = await client.listFlavors(engine.id);
  return flavors.map((flavor) => ({
    id: flavor.id,
    code: flavor.code,
    vcpus: num(flavor.cpu),
    memoryGb: num(flavor.mem),
    architecture: flavor.architecture ?? flavor.groupType ?? undefined,
    azStatus: flavor.azStatus ?? {},
  }));
}

export async function getInstanceNodes(options: LookupOptions & { instanceId: string }): Promise<NodeInfo[]> {
  checkArgs(options, instanceArgs);
  const nodes = await clientFor(options.config).listNodes(options.instanceId);
  return nodes.map((node) => ({ nodeId: node.node_id, ip: node.ip, port: num(node.port), status: node.status }));
}

export interface InstanceInfo {
  id: string;
  name: string;
  status: string;
  engineVersion?: string;
  flavorCode?: string;
  nodeCount?: number;
  accessIp?: string;
  accessPort?: number;
  availabilityZones: string[];
  vpcId?: string;
  subnetId?: string;
  securityGroupId?: string;
  enterpriseProjectId?: string;
  created?: string;
}

export interface SchemaInfo {
  name: string;
  status?: string;
  shardMode?: string;
  shardNumber?: number;
  shardUnit?: number;
  dataNodes: Array<{ id: string; name?: string; status?: string }>;
}

export interface AccountInfo {
  name: string;
  status?: string;
  permissions: string[];
  schemas: string[];
  description?: string;
}

export interface RdsInstanceInfo {
  id: string;
  name?: string;
  status?: string;
  engineName?: string;
  engineVersion?: string;
  privateIp?: string;
  port?: number;
  /** Ha (primary/standby) or Single. */
  mode?: string;
  azCode?: string;
  timeZone?: string;
}

export interface ParameterInfo {
  name: string;
  value?: string;
  needRestart: boolean;
  readOnly: boolean;
  valueRange?: string;
  dataType?: string;
  description?: string;
}

/** Throws the first problem with the arguments, naming the argument and the rule. */
function checkArgs(args: object, rules: Record<string, Rule[]>): void {
  const validator = new Validator(args as Record<string, unknown>).onlyKnown(["config", ...Object.keys(rules)]);
  for (const [key, keyRules] of Object.entries(rules)) validator.check(key, ...keyRules);
  const [failure] = validator.failures;
  if (failure) throw new InputError(failure.property, failure.reason.slice(failure.property.length + 1));
}

const instanceArgs = { instanceId: [required, identifier] };
const text = (value: unknown) => (value === undefined || value === null || value === "" ? undefined : String(value));

/** Instances of the project, optionally only those of a name and a status (RUNNING, …). */
export async function getInstances(options: LookupOptions & { name?: string; status?: string } = {}): Promise<InstanceInfo[]> {
  checkArgs(options, { name: [optional(isString, length(1, 64))], status: [optional(isString, length(1, 64))] });
  const instances = await clientFor(options.config).listInstances();
  return instances
    .filter((instance) => (options.name === undefined || instance.name === options.name) && (options.status === undefined || instance.status === options.status))
    .map((instance) => ({
      id: instance.id,
      name: instance.name,
      status: instance.status,
      engineVersion: instance.engine_version,
      flavorCode: instance.flavor_ref,
      nodeCount: instance.node_count,
      accessIp: instance.access_ip,
      accessPort: num(instance.access_port),
      availabilityZones: zonesOf(instance) ?? [],
      vpcId: instance.vpc_id,
      subnetId: instance.subnet_id,
      securityGroupId: instance.security_group_id,
      enterpriseProjectId: instance.enterprise_project_id,
      created: instance.created,
    }));
}

export async function getSchemas(options: LookupOptions & { instanceId: string }): Promise<SchemaInfo[]> {
  checkArgs(options, instanceArgs);
  const schemas = await clientFor(options.config).listSchemas(options.instanceId);
  return schemas.map((schema) => ({
    name: schema.name,
    status: schema.status,
    shardMode: schema.shard_mode,
    shardNumber: schema.shard_number,
    shardUnit: schema.shard_unit,
    dataNodes: (schema.used_rds ?? []).map((rds) => ({ id: rds.id, name: rds.name, status: rds.status })),
  }));
}

export async function getAccounts(options: LookupOptions & { instanceId: string }): Promise<AccountInfo[]> {
  checkArgs(options, instanceArgs);
  const accounts = await clientFor(options.config).listAccounts(options.instanceId);
  return accounts.map((account) => ({
    name: account.name,
    status: account.status,
    permissions: account.base_authority ?? [],
    schemas: (account.databases ?? []).map((database) => database.name),
    description: account.description,
  }));
}

/** RDS instances a schema of the instance can use as data nodes (reference §4.2.5). */
export async function getAvailableRdsInstances(options: LookupOptions & { instanceId: string }): Promise<RdsInstanceInfo[]> {
  checkArgs(options, instanceArgs);
  const instances = await clientFor(options.config).listAvailableRds(options.instanceId);
  return instances.map((rds) => ({
    id: rds.id,
    name: rds.name,
    status: rds.status,
    engineName: rds.engineName,
    engineVersion: text(rds.engineSoftwareVersion),
    privateIp: rds.privateIp,
    port: num(rds.port),
    mode: rds.mode,
    azCode: rds.azCode,
    timeZone: rds.timeZone,
  }));
}

/** The instance's parameters with their values and rules (reference §4.1.18). */
export async function getParameters(options: LookupOptions & { instanceId: string }): Promise<ParameterInfo[]> {
  checkArgs(options, instanceArgs);
  const parameters = await clientFor(options.config).listParameters(options.instanceId);
  const definitions = toDefinitions(parameters);
  return parameters.map((parameter, index) => ({ ...definitions[index], value: parameter.value, description: text(parameter.description) }));
}
