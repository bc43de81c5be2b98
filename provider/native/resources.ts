import type { ProviderKind } from "../index";
import type { Timeouts } from "../resource/context";
import type { DataNode, SchemaInputs, SchemaOutputs, SchemaShardOutput } from "../ddm/schema/types";
import type { AccountInputs, AccountOutputs } from "../ddm/account/types";
import type { ReadStrategyInputs } from "../ddm/read-strategy/types";
import type { InstanceInputs, InstanceNodeGroupOutput, InstanceNodeOutput, InstanceOutputs, ParameterDefinitionOutput } from "../ddm/instance/types";
import type { CacheInputs, CacheOutputs } from "../dcs/cache/types";
import type { AgentEndpoint, ObServerInputs, ObServerOutputs } from "../obshell/server/types";
import { OBSERVER_IMPORT_ID_FORMAT, parseObServerImportId } from "../obshell/server/import-id";
import type { Props } from "../resource/values";
import type { ProviderSettings } from "./config";
import { arrayOf, bool, int, mapOf, num, opt, ref, secret, str, type Field, type Fields, type OutputFields } from "./fields";

/**
 * Each resource of the native provider: its schema token, the dynamic provider that does the work
 * (the same object the dynamic resources load), and its properties, typed against that provider's
 * input and output types.
 */
export interface ResourceSpec {
  token: string;
  kind: ProviderKind;
  description: string;
  inputs: Record<string, Field>;
  /** Output-only properties; every input is an output too. */
  outputs: Record<string, Field>;
  /** The id `pulumi import` takes. */
  idFormat: string;
  /**
   * Credentials the service never reports, so an import cannot read them: once in state without
   * one (imported), the declared value is taken as the live one rather than planned as a change.
   */
  unreadable: readonly string[];
  /** The properties a read needs that the import id names (by default the id is all it needs). */
  importProps?: (id: string) => Props;
  /** Credentials a state may lack (an import's), taken from a Provider setting: input → setting. */
  fromSettings?: Partial<Record<string, keyof ProviderSettings>>;
}

const minutes = (what: string) => opt(num(`Minutes to wait for a ${what}; Pulumi's customTimeouts take precedence.`));

const timeouts: Fields<Timeouts> = { create: minutes("create"), update: minutes("update"), delete: minutes("delete") };
const schemaTimeouts: Fields<NonNullable<SchemaInputs["timeouts"]>> = { create: minutes("create"), delete: minutes("delete") };

const instanceInputs: Fields<InstanceInputs> = {
  name: str("4–64 characters: letters, digits and hyphens, starting with a letter."),
  flavor: str('Node class: a spec code such as "ddm.c6.2xlarge.2", or a flavor id. A change is one class change.'),
  nodeNum: int("Number of nodes (at least 1). A change scales the instance out or in."),
  engine: opt(str("Engine version (\"3.0.8\") or engine id; the newest engine when omitted. A change replaces the instance.")),
  availabilityZones: arrayOf(str(), "Availability zones, as a set. A change replaces the instance."),
  vpcId: str("A change replaces the instance."),
  subnetId: str("A change replaces the instance."),
  securityGroupId: str("Changes in place."),
  paramGroupId: opt(str("A change replaces the instance.")),
  timeZone: opt(str('"UTC" (default) or "UTC±hh:00". A change replaces the instance.')),
  enterpriseProjectId: opt(str("A change replaces the instance.")),
  adminUsername: opt(str("The administrator (engine 3.0.9 or later changes it in place).")),
  adminPassword: opt(secret(str("The administrator's password."))),
  groupId: opt(str("The node group scaling and class changes apply to; required once the instance has several.")),
  chargingMode: opt(str('"postPaid" (pay-per-use, default) or "prePaid" (yearly/monthly). Chosen once.')),
  period: opt(int("prePaid: 1–9 months or 1 year. Chosen once.")),
  periodUnit: opt(str('prePaid: "month" or "year".')),
  autoRenew: opt(bool("prePaid: renew automatically at the end of the period (default false); changes in place.")),
  parameters: opt(mapOf(str(), "Parameter values by name, as strings. Only the declared ones are managed.")),
  restartForParameters: opt(bool("Restart the instance when changed parameters need it (default false).")),
  deleteRdsData: opt(bool("On delete, also delete the data on the associated RDS instances.")),
  timeouts: opt(ref("Timeouts")),
};

const instanceOutputs: OutputFields<InstanceOutputs, InstanceInputs> = {
  instanceId: str(),
  status: str(),
  accessIp: opt(str()),
  accessPort: opt(int()),
  nodes: arrayOf(ref("InstanceNode")),
  nodeCount: int(),
  pendingRestart: opt(arrayOf(str(), "Parameters set but waiting for a restart to take effect.")),
  parameterDefinitions: opt(arrayOf(ref("ParameterDefinition"), "The instance's parameters and their rules, read while parameters are declared.")),
  nodeGroups: opt(arrayOf(ref("InstanceNodeGroup"))),
  flavorId: str(),
  flavorCode: str(),
  engineId: str(),
  engineVersion: opt(str()),
  coreCount: opt(int()),
  ramCapacity: opt(int()),
  projectId: str(),
  enableSsl: opt(bool()),
  created: opt(str()),
  updated: opt(str()),
};

const schemaInputs: Fields<SchemaInputs> = {
  instanceId: str(),
  name: str("2–48 characters: lowercase letters, digits and underscores, starting with a letter."),
  shardMode: str('"cluster" or "single".'),
  shardNumber: int(),
  shardUnit: opt(int("Shards per data node, 1–64.")),
  dataNodes: arrayOf(ref("SchemaDataNode"), "RDS instances holding the shards. Another set replaces the schema; new credentials are recorded in place."),
  deleteRdsData: opt(bool("On delete, also delete the data on the RDS instances.")),
  timeouts: opt(ref("SchemaTimeouts")),
};

const schemaOutputs: OutputFields<SchemaOutputs, SchemaInputs> = {
  status: str(),
  shards: arrayOf(ref("SchemaShard")),
  dataVips: arrayOf(str()),
  usedRds: arrayOf(ref("SchemaUsedRds")),
  created: opt(num()),
  updated: opt(num()),
};

const accountInputs: Fields<AccountInputs> = {
  instanceId: str(),
  name: str("1–32 characters: letters, digits and underscores, starting with a letter."),
  password: secret(str("Never read back, so it never shows as drift.")),
  permissions: arrayOf(str(), "A non-empty subset of CREATE, DROP, ALTER, INDEX, INSERT, DELETE, UPDATE, SELECT."),
  schemas: opt(arrayOf(str(), "Schemas the account may use.")),
  description: opt(str("At most 256 characters.")),
};

const accountOutputs: OutputFields<AccountOutputs, AccountInputs> = {
  status: opt(str()),
  created: opt(num()),
  passwordLastChanged: opt(num()),
  extendedPermissions: arrayOf(str()),
};

const readStrategyInputs: Fields<ReadStrategyInputs> = {
  instanceId: str(),
  readWeights: mapOf(int(), "RDS instance id → read weight (0–100), for the DB instances behind the instance's schemas and their read replicas."),
};

const cacheInputs: Fields<CacheInputs> = {
  name: str("4–64 characters: letters, digits, underscores and hyphens, starting with a letter."),
  engine: str('"Redis" or "Memcached". A change replaces the instance.'),
  engineVersion: opt(str('Redis only ("4.0", "5.0", "6.0"). A change replaces the instance.')),
  capacity: num("GB; 0.125, 0.25 or 0.5 for the small flavors. Larger: extend; smaller: resize."),
  specCode: str('The flavor, e.g. "redis.ha.xu1.large.r2.4": another one changes the class in place.'),
  availabilityZones: arrayOf(str(), "A change replaces the instance."),
  vpcId: str("A change replaces the instance."),
  subnetId: str("A change replaces the instance."),
  securityGroupId: opt(str("Required for Memcached. A change replaces the instance.")),
  password: opt(secret(str("8–64 characters of three kinds; or set noPasswordAccess. A change replaces the instance."))),
  noPasswordAccess: opt(bool("Instead of a password.")),
  port: opt(int("Redis only; 6379 when omitted. A change replaces the instance.")),
  maintainBegin: opt(str('Maintenance window start, "HH:00:00" (with maintainEnd).')),
  maintainEnd: opt(str('Maintenance window end, "HH:00:00".')),
  reservedIps: opt(arrayOf(str(), "Shard addresses to keep when a cluster shrinks (required then).")),
  timeouts: opt(ref("Timeouts")),
};

const cacheOutputs: OutputFields<CacheOutputs, CacheInputs> = {
  instanceId: str(),
  status: str(),
  ip: opt(str()),
  domainName: opt(str()),
  maxMemory: opt(int("MB.")),
  usedMemory: opt(int("MB.")),
  chargingMode: opt(int("0 pay-per-use, 1 yearly/monthly.")),
  cacheMode: opt(str("The flavor's cache mode: single, ha, cluster, proxy or ha_rw_split.")),
  projectId: str(),
  portDeclared: opt(bool("Whether the program declared port (port is the live one).")),
};

const obServerInputs: Fields<ObServerInputs> = {
  clusterAgent: ref("ObServerAgent", "An agent of the cluster (any member but the server itself) that takes the requests."),
  password: secret(str("The cluster's root@sys password.")),
  ip: str("The joining server's IP, as its agent knows it. A change replaces the membership."),
  port: { ...int("The joining server's OBShell port. A change replaces the membership."), default: 2886 },
  zone: str("A new zone is added to the cluster when it does not exist. A change replaces the membership."),
  obConfigs: mapOf(str(), "The new server's settings as OBShell takes them (mysql_port, rpc_port, memory_limit, …); applied when it joins."),
  targetAgentPassword: opt(secret(str("The joining agent's own password, when it has one."))),
  onFailure: opt(str('When the scale-out DAG fails: "keep" (default), "retry" once, or "rollback".')),
  timeouts: opt(ref("Timeouts")),
};

const obServerOutputs: OutputFields<ObServerOutputs, ObServerInputs> = {
  svrIp: opt(str()),
  svrPort: opt(int()),
  sqlPort: opt(int()),
  status: str("ACTIVE, INACTIVE, DELETING, or NOT A MEMBER while a failed scale-out waits for the next up."),
  withRootserver: bool(),
  clusterName: opt(str()),
  lastOperation: opt(str("scale-out or scale-in.")),
  dagId: opt(str()),
  dagName: opt(str()),
  dagState: opt(str()),
  dagOperator: opt(str()),
};

export const RESOURCES: readonly ResourceSpec[] = [
  {
    token: "ddm:index:DdmInstance",
    kind: "instance",
    description: "A Huawei Cloud DDM instance: scaled out and in, reclassed and reconfigured in place, each change followed to its end.",
    inputs: instanceInputs,
    outputs: instanceOutputs,
    idFormat: "the instance id",
    unreadable: ["adminPassword"],
  },
  {
    token: "ddm:index:DdmSchema",
    kind: "schema",
    description: "A logical database (schema) of a DDM instance. A change of shards or of the set of data nodes replaces it.",
    inputs: schemaInputs,
    outputs: schemaOutputs,
    idFormat: "{instanceId}/{name}",
    unreadable: ["dataNodes"],
  },
  {
    token: "ddm:index:DdmAccount",
    kind: "account",
    description: "A DDM account. Permissions, schemas, description and password change in place.",
    inputs: accountInputs,
    outputs: accountOutputs,
    idFormat: "{instanceId}/{name}",
    unreadable: ["password"],
  },
  {
    token: "ddm:index:DdmReadStrategy",
    kind: "readStrategy",
    description: "How reads are spread over the DB instances of a DDM instance's schemas (read weights).",
    inputs: readStrategyInputs,
    outputs: {},
    idFormat: "the instance id",
    unreadable: ["readWeights"],
  },
  {
    token: "ddm:index:DcsInstance",
    kind: "dcsInstance",
    description: "A Huawei Cloud DCS instance (Redis or Memcached): grown, shrunk and reclassed in place.",
    inputs: cacheInputs,
    outputs: cacheOutputs,
    idFormat: "the instance id",
    unreadable: ["password"],
  },
  {
    token: "ddm:index:ObServer",
    kind: "obServer",
    description: "One server's membership in an OceanBase cluster managed by OBShell: create scales out, delete scales in.",
    inputs: obServerInputs,
    outputs: obServerOutputs,
    idFormat: `${OBSERVER_IMPORT_ID_FORMAT} (an agent of the cluster, then the server; the provider's obshellPassword reads it)`,
    // obConfigs apply only when the server joins: the agent does not report them.
    unreadable: ["password", "targetAgentPassword", "obConfigs"],
    importProps: (id) => ({ ...parseObServerImportId(id) }),
    fromSettings: { password: "obshellPassword" },
  },
];

const schemaDataNode: Fields<DataNode> = {
  id: str("RDS instance id."),
  adminUser: str(),
  adminPassword: secret(str()),
};

const instanceNode: Fields<InstanceNodeOutput> = { nodeId: str(), ip: opt(str()), port: opt(int()), status: opt(str()) };

const instanceNodeGroup: Fields<InstanceNodeGroupOutput> = {
  id: str(),
  name: opt(str()),
  role: opt(str("rw, or ro for a read-only group.")),
  isDefault: opt(bool()),
  nodeCount: int(),
  vcpus: opt(int()),
  memoryGb: opt(num()),
  architecture: opt(str()),
};

const parameterDefinition: Fields<ParameterDefinitionOutput> = {
  name: str(),
  needRestart: bool(),
  readOnly: bool(),
  valueRange: opt(str()),
  dataType: opt(str()),
};

const schemaShard: Fields<SchemaShardOutput> = { name: opt(str()), dbSlot: opt(int()), status: opt(str()), rdsId: opt(str()) };
const schemaUsedRds: Fields<SchemaOutputs["usedRds"][number]> = { id: str(), name: opt(str()), status: opt(str()) };
const obServerAgent: Fields<AgentEndpoint> = { host: str(), port: { ...int(), default: 2886 } };

/** The object types the resources' properties refer to, by name. */
export const RESOURCE_TYPES: Record<string, Record<string, Field>> = {
  Timeouts: timeouts,
  SchemaTimeouts: schemaTimeouts,
  InstanceNode: instanceNode,
  InstanceNodeGroup: instanceNodeGroup,
  ParameterDefinition: parameterDefinition,
  SchemaDataNode: schemaDataNode,
  SchemaShard: schemaShard,
  SchemaUsedRds: schemaUsedRds,
  ObServerAgent: obServerAgent,
};

export function resourceSpec(token: string): ResourceSpec | undefined {
  return RESOURCES.find((spec) => spec.token === token);
}
