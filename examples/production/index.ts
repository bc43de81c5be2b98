/**
 * A DDM instance as a team runs it in production: several node groups, tuned parameters and the
 * restarts they need, a schema whose data-node password is rotated.
 *
 * Stack config (project namespace): vpcId, subnetId, securityGroupId, rdsIds (comma-separated),
 * nodeNum, flavor, groupId, parameters (JSON), restartForParameters, and the secrets ddmAdminPassword and rdsPassword. Provider settings
 * are `ddm:*` keys or HW_* variables.
 */
import * as pulumi from "@pulumi/pulumi";
import { DdmInstance, DdmSchema } from "pulumi-ddm";

const cfg = new pulumi.Config();
const rdsIds = (cfg.get("rdsIds") ?? "").split(",").filter(Boolean);

const ddm = new DdmInstance("prod", {
  name: "prod-ddm",
  flavor: cfg.get("flavor") ?? "ddm.c6.2xlarge.2",
  nodeNum: cfg.getNumber("nodeNum") ?? 2,
  // Needed once the instance has several node groups: the group that scaling applies to.
  groupId: cfg.get("groupId"),
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

export const instanceId = ddm.instanceId;
export const nodeCount = ddm.nodeCount;
export const nodeGroups = ddm.nodeGroups;
export const parameters = ddm.parameters;
export const pendingRestart = ddm.pendingRestart;
export const schemaId = orders.id;
