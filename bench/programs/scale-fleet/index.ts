/**
 * A fleet of `count` instances named `scale-<i>`, each of `nodes` nodes, and `caches` Redis
 * caches named `cache-<i>`, each of `cacheGb` GB: changing `nodes` and `cacheGb` scales every
 * one of them in one `up`.
 */
import * as pulumi from "@pulumi/pulumi";
import { DcsInstance, DdmInstance } from "pulumi-ddm";

const cfg = new pulumi.Config();

const instances = Array.from({ length: cfg.requireNumber("count") }, (_, i) =>
  new DdmInstance(`scale-${i}`, {
    name: `scale-${i}`,
    flavor: "ddm.c6.2xlarge.2",
    nodeNum: cfg.requireNumber("nodes"),
    availabilityZones: ["az1"],
    vpcId: "vpc-bench",
    subnetId: "subnet-bench",
    securityGroupId: "sg-bench",
  }),
);

const cacheGb = cfg.getNumber("cacheGb") ?? 1;
const caches = Array.from({ length: cfg.getNumber("caches") ?? 0 }, (_, i) =>
  new DcsInstance(`cache-${i}`, {
    name: `cache-${i}`,
    engine: "Redis",
    engineVersion: "5.0",
    capacity: cacheGb,
    specCode: `redis.single.xu1.large.${cacheGb}`,
    availabilityZones: ["az1"],
    vpcId: "vpc-bench",
    subnetId: "subnet-bench",
    password: cfg.requireSecret("cachePassword"),
  }),
);

export const nodeCounts = instances.map((instance) => instance.nodeCount);
export const cacheCapacities = caches.map((cache) => cache.capacity);
