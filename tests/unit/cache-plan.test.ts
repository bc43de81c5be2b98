import { planCacheChange, scaleOperation } from "../../provider/dcs/cache/plan";
import type { FlavorFacts } from "../../provider/dcs/cache/flavors";
import type { CacheOutputs } from "../../provider/dcs/cache/types";
import { cacheInputs } from "../support/inputs";

const base = cacheInputs;
const stored: Partial<CacheOutputs> = { ...base, instanceId: "i-1", status: "RUNNING", port: 6379, cacheMode: "single" };

const flavor = (cacheMode: string, replicaCount: number, ...capacities: number[]): FlavorFacts => ({ specCode: "x", cacheMode, replicaCount, capacities });
const SINGLE = flavor("single", 1);
const HA2 = flavor("ha", 2);
const HA3 = flavor("ha", 3);
const CLUSTER = flavor("cluster", 2);
const size = (capacity: number, specCode = `spec.${capacity}`) => ({ capacity, specCode });

describe("planCacheChange", () => {
  test("nothing declared differently: no change, and an omitted port is not a change", () => {
    expect(planCacheChange(stored, base)).toEqual({ replaces: [], modify: undefined, scale: undefined, changes: false });
  });

  test.each([
    ["engine", { engine: "Memcached" as const }],
    ["engineVersion", { engineVersion: "6.0" }],
    ["vpcId", { vpcId: "vpc-2" }],
    ["subnetId", { subnetId: "subnet-2" }],
    ["port", { port: 6380 }],
    ["availabilityZones", { availabilityZones: ["az2"] }],
  ])("%s replaces the instance", (key, change) => {
    expect(planCacheChange(stored, { ...base, ...change }).replaces).toEqual([key]);
  });

  test("name and maintenance window change in place; size and class are a scale step", () => {
    const plan = planCacheChange(stored, { ...base, name: "sessions-2", maintainBegin: "22:00:00", maintainEnd: "02:00:00", capacity: 8, specCode: "redis.single.xu1.large.8" });
    expect(plan.modify).toEqual({ kind: "modify", name: "sessions-2", maintainBegin: "22:00:00", maintainEnd: "02:00:00" });
    expect(plan.scale).toEqual({ from: size(4, "redis.single.xu1.large.4"), to: size(8, "redis.single.xu1.large.8") });
  });
});

describe("scaleOperation: extend or resize, and which change type", () => {
  const news = { availabilityZones: ["az1", "az2"], reservedIps: undefined };

  test("growth to whole GB in the same shape, or single → master/standby, is an extend", () => {
    expect(scaleOperation({ from: size(4), to: size(8) }, { from: SINGLE, to: SINGLE }, news).kind).toBe("extend");
    expect(scaleOperation({ from: size(4), to: size(8) }, { from: SINGLE, to: HA2 }, news).kind).toBe("extend");
    expect(scaleOperation({ from: size(8), to: size(16) }, { from: CLUSTER, to: CLUSTER }, news).kind).toBe("extend");
  });

  test("growth to a fractional size is a resize (extend takes whole GB)", () => {
    expect(scaleOperation({ from: size(0.125), to: size(0.5) }, { from: SINGLE, to: SINGLE }, news)).toMatchObject({ kind: "resize", changeType: undefined });
  });

  test("shrinking is a resize; the type and replica count pick the change type", () => {
    expect(scaleOperation({ from: size(8), to: size(4) }, { from: SINGLE, to: SINGLE }, news)).toMatchObject({ kind: "resize", changeType: undefined });
    expect(scaleOperation({ from: size(4), to: size(4) }, { from: SINGLE, to: HA2 }, news)).toMatchObject({ kind: "resize", changeType: "instanceType" });
    expect(scaleOperation({ from: size(8), to: size(8) }, { from: HA2, to: HA3 }, news)).toEqual({
      kind: "resize",
      from: size(8),
      to: size(8),
      changeType: "createReplication",
      availabilityZones: ["az1", "az2"],
      reservedIps: undefined,
    });
    expect(scaleOperation({ from: size(8), to: size(16) }, { from: HA3, to: HA2 }, news)).toMatchObject({ kind: "resize", changeType: "deleteReplication" });
    expect(scaleOperation({ from: size(4), to: size(8) }, { from: HA2, to: CLUSTER }, news)).toMatchObject({ kind: "resize", changeType: "instanceType" });
  });

  test("a shrinking cluster needs the shards to keep", () => {
    expect(() => scaleOperation({ from: size(32), to: size(16) }, { from: CLUSTER, to: CLUSTER }, news)).toThrow(/reservedIps: is required when a cluster shrinks/);
    expect(scaleOperation({ from: size(32), to: size(16) }, { from: CLUSTER, to: CLUSTER }, { ...news, reservedIps: ["10.0.0.1"] })).toMatchObject({
      kind: "resize",
      reservedIps: ["10.0.0.1"],
    });
  });
});
