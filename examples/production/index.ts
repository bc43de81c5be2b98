/**
 * A DDM instance as a team runs it in production: several node groups, tuned parameters and the
 * restarts they need, a schema whose data-node password is rotated, read weights over the schema's
 * DB instances, and lookups.
 *
 * Stack config (project namespace): vpcId, subnetId, securityGroupId, rdsIds (comma-separated),
 * nodeNum, flavor, groupId, chargingMode, period, periodUnit, autoRenew, parameters (JSON), restartForParameters, readWeight, lookupStatus, and the secrets
 * ddmAdminPassword, rdsPassword and appPassword. Provider settings
 * are `ddm:*` keys or HW_* variables.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  DdmAccount,
  DdmInstance,
  DdmReadStrategy,
  DdmSchema,
  getAccountsOutput,
  getAvailableRdsInstancesOutput,
  getInstancesOutput,
  getParametersOutput,
  getSchemasOutput,
} from "pulumi-ddm";

const cfg = new pulumi.Config();
const rdsIds = (cfg.get("rdsIds") ?? "").split(",").filter(Boolean);

const ddm = new DdmInstance("prod", {
  name: "prod-ddm",
  flavor: cfg.get("flavor") ?? "ddm.c6.2xlarge.2",
  nodeNum: cfg.getNumber("nodeNum") ?? 2,
  // Needed once the instance has several node groups: the group that scaling applies to.
  groupId: cfg.get("groupId"),
  // Yearly/monthly when chargingMode is "prePaid": the order is followed in the billing service.
  chargingMode: cfg.get<"postPaid" | "prePaid">("chargingMode"),
  period: cfg.getNumber("period"),
  periodUnit: cfg.get<"month" | "year">("periodUnit"),
  autoRenew: cfg.getBoolean("autoRenew"),
  parameters: cfg.getObject<Record<string, string>>("parameters") ?? { max_connections: "20000", long_query_time: "2" },
  // Off by default: a change that needs a restart then waits for one (output pendingRestart).
  restartForParameters: cfg.getBoolean("restartForParameters") ?? false,
  availabilityZones: ["az1"],
  vpcId: cfg.require("vpcId"),
  subnetId: cfg.require("subnetId"),
  securityGroupId: cfg.require("securityGroupId"),
  adminUsername: "root",
  adminPassword: cfg.requireSecret("ddmAdminPassword"),
});

// Rotating rdsPassword records the new password; it never replaces the schema (or its data).
const orders = new DdmSchema("orders", {
  instanceId: ddm.instanceId,
  name: "orders",
  shardMode: "cluster",
  shardNumber: 8,
  shardUnit: 8,
  dataNodes: rdsIds.slice(0, 1).map((id) => ({ id, adminUser: "root", adminPassword: cfg.requireSecret("rdsPassword") })),
  deleteRdsData: true,
});

// Weights name the schema's DB instances, so they follow its data nodes and wait for it.
new DdmReadStrategy("reads", {
  instanceId: ddm.instanceId,
  readWeights: orders.usedRds.apply((rds) => Object.fromEntries(rds.map((r) => [r.id, cfg.getNumber("readWeight") ?? 60]))),
});

const app = new DdmAccount("app", {
  instanceId: ddm.instanceId,
  name: "app_rw",
  password: cfg.requireSecret("appPassword"),
  permissions: ["SELECT", "INSERT", "UPDATE", "DELETE"],
  schemas: [orders.name],
});

// Lookups in their Output form take other resources' outputs and wait for them.
const instanceId = app.instanceId;
export const schemaNames = getSchemasOutput({ instanceId }).apply((schemas) => schemas.map((schema) => schema.name));
export const accountNames = getAccountsOutput({ instanceId }).apply((accounts) => accounts.map((account) => account.name));
export const freeRdsIds = getAvailableRdsInstancesOutput({ instanceId }).apply((rds) => rds.map((instance) => instance.id));
export const liveMaxConnections = getParametersOutput({ instanceId }).apply((parameters) => parameters.find((p) => p.name === "max_connections")?.value);
export const sameNamed = getInstancesOutput({ name: ddm.name, status: cfg.get("lookupStatus") ?? "RUNNING" }).apply((found) => found.map((i) => i.id));

export { instanceId };
export const nodeCount = ddm.nodeCount;
export const nodeGroups = ddm.nodeGroups;
export const parameters = ddm.parameters;
export const pendingRestart = ddm.pendingRestart;
export const schemaId = orders.id;
