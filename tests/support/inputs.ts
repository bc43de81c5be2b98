import type { CacheInputs } from "../../provider/dcs/cache/types";
import { SERIALIZED_PROVIDER } from "./simulator";

/** A valid DdmInstance's inputs as the engine hands them to the provider, with `overrides` on top. */
export function instanceInputs(overrides: Record<string, unknown> = {}) {
  return {
    ...SERIALIZED_PROVIDER,
    name: "orders-ddm",
    flavor: "ddm.c6.2xlarge.2",
    nodeNum: 2,
    engine: "3.1.0",
    availabilityZones: ["az1"],
    vpcId: "vpc-1",
    subnetId: "subnet-1",
    securityGroupId: "sg-1",
    adminUsername: "root",
    adminPassword: "Admin#Pass2024",
    ...overrides,
  };
}

/** A valid single-node Redis DcsInstance's inputs, as the user declares them. */
export const cacheInputs: CacheInputs = {
  name: "sessions",
  engine: "Redis",
  engineVersion: "5.0",
  capacity: 4,
  specCode: "redis.single.xu1.large.4",
  availabilityZones: ["az1"],
  vpcId: "vpc-1",
  subnetId: "subnet-1",
  password: "Cache#Pass2024",
};

/** A valid 1 GB single-node Redis DcsInstance's inputs as the engine hands them to the provider, with `overrides` on top. */
export function cacheProviderInputs(overrides: Record<string, unknown> = {}) {
  return { ...SERIALIZED_PROVIDER, ...cacheInputs, capacity: 1, specCode: "redis.single.xu1.large.1", ...overrides };
}
