/**
 * A team's DDM topology: one instance, two schemas and three accounts, wired by dependencies.
 *
 * Stack config (project namespace): nodeNum, flavor, vpcId, subnetId, securityGroupId,
 * availabilityZones (comma-separated), rdsIds (comma-separated RDS instance ids for the
 * schemas), rdsAdminUser, and the secrets ddmAdminPassword, rdsPassword, appPassword,
 * reportingPassword, migrationPassword; importInstanceId only to recover from an interrupted
 * create. With cacheSpecCode set, a Redis cache beside it in the same network: cacheSpecCode,
 * cacheCapacity (GB), cacheEngineVersion, cacheReservedIps (comma-separated, for a cluster that
 * shrinks) and the secret cachePassword. Provider settings are `ddm:*` keys or HW_* variables
 * (`ddm:dcsEndpoint` for the cache's endpoint when not the region's).
 */
import * as pulumi from "@pulumi/pulumi";
import { DcsInstance, DdmAccount, DdmInstance, DdmSchema, type DdmAccountPermission } from "pulumi-ddm";

const cfg = new pulumi.Config();
const list = (key: string, fallback: string) => (cfg.get(key) ?? fallback).split(",").map((s) => s.trim()).filter(Boolean);
const [ordersRds, analyticsRds = ordersRds] = list("rdsIds", "");
const rdsAdmin = cfg.get("rdsAdminUser") ?? "root";
const rdsPassword = cfg.requireSecret("rdsPassword");

const ddm = new DdmInstance("orders", {
  name: cfg.get("name") ?? "orders-ddm",
  flavor: cfg.get("flavor") ?? "ddm.c6.2xlarge.2",
  nodeNum: cfg.getNumber("nodeNum") ?? 2,
  engine: cfg.get("engine"),
  availabilityZones: list("availabilityZones", "az1"),
  vpcId: cfg.require("vpcId"),
  subnetId: cfg.require("subnetId"),
  securityGroupId: cfg.require("securityGroupId"),
  adminUsername: "root",
  adminPassword: cfg.requireSecret("ddmAdminPassword"),
  timeouts: { create: 45, update: 90 },
}, {
  // Recovery after an interrupted `pulumi up` (README, "Recovery"): adopts the instance it was
  // creating instead of buying a second one. Unset in normal runs.
  import: cfg.get("importInstanceId"),
});

const orders = new DdmSchema("orders", {
  instanceId: ddm.instanceId,
  name: "orders",
  shardMode: "cluster",
  shardNumber: cfg.getNumber("ordersShards") ?? 8,
  shardUnit: cfg.getNumber("ordersShards") ?? 8,
  dataNodes: [{ id: ordersRds, adminUser: rdsAdmin, adminPassword: rdsPassword }],
});

const analytics = new DdmSchema("analytics", {
  instanceId: ddm.instanceId,
  name: "analytics",
  shardMode: "single",
  shardNumber: 1,
  dataNodes: [{ id: analyticsRds, adminUser: rdsAdmin, adminPassword: rdsPassword }],
});

const app = new DdmAccount("app", {
  instanceId: ddm.instanceId,
  name: "app_rw",
  password: cfg.requireSecret("appPassword"),
  permissions: (cfg.get("appPermissions") ?? "SELECT,INSERT,UPDATE,DELETE").split(",") as DdmAccountPermission[],
  schemas: [orders.name],
  description: "orders service",
});

const reporting = new DdmAccount("reporting", {
  instanceId: ddm.instanceId,
  name: "reporting_ro",
  password: cfg.requireSecret("reportingPassword"),
  permissions: ["SELECT"],
  schemas: [orders.name, analytics.name],
  description: "read-only reporting",
});

const migrations = new DdmAccount("migrations", {
  instanceId: ddm.instanceId,
  name: "migrations",
  password: cfg.requireSecret("migrationPassword"),
  permissions: ["CREATE", "DROP", "ALTER", "INDEX", "SELECT", "INSERT", "UPDATE", "DELETE"],
  schemas: [orders.name, analytics.name],
  description: "schema migrations",
});

const cacheSpecCode = cfg.get("cacheSpecCode");
const cache = cacheSpecCode
  ? new DcsInstance("sessions", {
      name: cfg.get("cacheName") ?? "orders-sessions",
      engine: "Redis",
      engineVersion: cfg.get("cacheEngineVersion") ?? "5.0",
      capacity: cfg.getNumber("cacheCapacity") ?? 1,
      specCode: cacheSpecCode,
      availabilityZones: list("availabilityZones", "az1"),
      vpcId: cfg.require("vpcId"),
      subnetId: cfg.require("subnetId"),
      securityGroupId: cfg.require("securityGroupId"),
      password: cfg.requireSecret("cachePassword"),
      reservedIps: cfg.get("cacheReservedIps") ? list("cacheReservedIps", "") : undefined,
      timeouts: { create: 60, update: 60 },
    })
  : undefined;

export const instanceId = ddm.instanceId;
export const endpoint = pulumi.interpolate`${ddm.accessIp}:${ddm.accessPort}`;
export const nodeCount = ddm.nodeCount;
export const nodeClass = ddm.flavorCode;
export const schemas = [orders.name, analytics.name];
export const ordersShards = orders.shards.apply((shards) => shards.length);
export const accounts = [app.name, reporting.name, migrations.name];
export const adminPassword = ddm.adminPassword;
export const cacheId = cache?.instanceId;
export const cacheEndpoint = cache ? pulumi.interpolate`${cache.ip}:${cache.port}` : undefined;
export const cacheCapacity = cache?.capacity;
export const cacheClass = cache?.specCode;
