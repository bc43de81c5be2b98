/**
 * The DCS flavors the simulator sells (DCS-FACTS.md, "Flavors"): each spec code has one cache
 * mode, one replica count and the capacities offered for it. Redis 4.0/5.0/6.0 share spec codes
 * that name their capacity; Memcached's spec codes offer a list of capacities.
 */

export type CacheMode = "single" | "ha" | "cluster" | "proxy" | "ha_rw_split";

export interface DcsFlavor {
  specCode: string;
  engine: "Redis" | "Memcached";
  /** The engine versions the flavor is sold for; empty for Memcached, which has none. */
  engineVersions: string[];
  cacheMode: CacheMode;
  /** GB; fractional for the small sizes. */
  capacities: number[];
  replicaCount: number;
  /** Shards of a cluster instance of this flavor; 1 for the other modes. */
  shardCount: number;
}

export const REDIS_VERSIONS = ["4.0", "5.0", "6.0"];
export const DCS_ZONES = ["az1", "az2", "az3"];

function sizeName(capacity: number): string {
  return capacity < 1 ? `tiny.${capacity * 1024}` : `large.${capacity}`;
}

function redis(cacheMode: "single" | "ha", replicas: number, capacity: number): DcsFlavor {
  const size = sizeName(capacity);
  const specCode = cacheMode === "single" ? `redis.single.xu1.${size}` : `redis.ha.xu1.${size.replace(".", `.r${replicas}.`)}`;
  return { specCode, engine: "Redis", engineVersions: REDIS_VERSIONS, cacheMode, capacities: [capacity], replicaCount: replicas, shardCount: 1 };
}

function cluster(replicas: number, capacity: number): DcsFlavor {
  return {
    specCode: `redis.cluster.xu1.large.r${replicas}.${capacity}`,
    engine: "Redis",
    engineVersions: REDIS_VERSIONS,
    cacheMode: "cluster",
    capacities: [capacity],
    replicaCount: replicas,
    // Three shards up to 24 GB, then one more shard per 8 GB.
    shardCount: capacity <= 24 ? 3 : capacity / 8,
  };
}

const SMALL = [0.125, 0.25, 0.5];
const STANDARD = [1, 2, 4, 8, 16, 32, 64];
const CLUSTER = [4, 8, 16, 24, 32, 64];
const MEMCACHED = [2, 4, 8, 16, 32, 64];

export const DCS_FLAVORS: readonly DcsFlavor[] = [
  ...[...SMALL, ...STANDARD].map((capacity) => redis("single", 1, capacity)),
  ...[...SMALL, ...STANDARD].map((capacity) => redis("ha", 2, capacity)),
  ...STANDARD.map((capacity) => redis("ha", 3, capacity)),
  ...CLUSTER.map((capacity) => cluster(2, capacity)),
  ...CLUSTER.map((capacity) => cluster(1, capacity)),
  { specCode: "dcs.memcached.single_node", engine: "Memcached", engineVersions: [], cacheMode: "single", capacities: MEMCACHED, replicaCount: 1, shardCount: 1 },
  { specCode: "dcs.memcached.master_standby", engine: "Memcached", engineVersions: [], cacheMode: "ha", capacities: MEMCACHED, replicaCount: 2, shardCount: 1 },
];

export function flavorByCode(specCode: string): DcsFlavor | undefined {
  return DCS_FLAVORS.find((flavor) => flavor.specCode === specCode);
}
