/**
 * A fleet of `count` instances named `scale-<i>`, each of `nodes` nodes: changing `nodes`
 * scales every one of them in one `up`.
 */
import * as pulumi from "@pulumi/pulumi";
import { DdmInstance } from "pulumi-ddm";

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

export const nodeCounts = instances.map((instance) => instance.nodeCount);
