/**
 * A fleet for benchmarks: one instance, `schemas` schemas and `accounts` accounts (at most 100
 * per instance, the service's limit), spread over the RDS instances in `rdsIds`.
 */
import * as pulumi from "@pulumi/pulumi";
import { DdmAccount, DdmInstance, DdmSchema } from "pulumi-ddm";

const cfg = new pulumi.Config();
const rdsIds = cfg.require("rdsIds").split(",");
const password = cfg.requireSecret("password");

const ddm = new DdmInstance("fleet", {
  name: "fleet-ddm",
  flavor: "ddm.c6.2xlarge.2",
  nodeNum: 2,
  availabilityZones: ["az1"],
  vpcId: "vpc-bench",
  subnetId: "subnet-bench",
  securityGroupId: "sg-bench",
});

const schemas = Array.from({ length: cfg.requireNumber("schemas") }, (_, i) =>
  new DdmSchema(`schema-${i}`, {
    instanceId: ddm.instanceId,
    name: `db_${i}`,
    shardMode: "cluster",
    shardNumber: 2,
    shardUnit: 2,
    dataNodes: [{ id: rdsIds[i % rdsIds.length], adminUser: "root", adminPassword: password }],
  }),
);

const accounts = Array.from({ length: cfg.requireNumber("accounts") }, (_, i) =>
  new DdmAccount(`account-${i}`, {
    instanceId: ddm.instanceId,
    name: `user_${i}`,
    password,
    permissions: ["SELECT"],
    schemas: [schemas[i % schemas.length].name],
  }),
);

export const resources = 1 + schemas.length + accounts.length;
