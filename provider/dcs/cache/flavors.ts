import { InputError } from "../../resource/validation";
import type { DcsClient } from "../client";
import type { CacheFlavor } from "../client/types";

/** What planning needs to know of a flavor. */
export interface FlavorFacts {
  specCode: string;
  cacheMode: string;
  replicaCount: number;
  capacities: number[];
}

export function factsOf(flavor: CacheFlavor): FlavorFacts {
  return {
    specCode: flavor.spec_code,
    cacheMode: flavor.cache_mode,
    replicaCount: typeof flavor.replica_count === "number" ? flavor.replica_count : 1,
    capacities: (flavor.capacity ?? []).map(Number).filter(Number.isFinite),
  };
}

/** The cache mode a spec code names, where it follows the service's naming (redis.ha.…, redis.cluster.…). */
export function cacheModeOf(specCode: string): string | undefined {
  const mode = /^redis\.(single|ha|cluster|proxy)\./.exec(specCode)?.[1];
  if (mode) return mode;
  if (/single_node/.test(specCode)) return "single";
  if (/master_standby/.test(specCode)) return "ha";
  return undefined;
}

/** The capacity a Redis 4.0+ spec code names in its last segment ("tiny.128" is 0.125 GB). */
export function capacityNamedBy(specCode: string): number | undefined {
  const match = /\.(tiny|large)\.(?:r\d+\.)?(\d+)$/.exec(specCode);
  if (!match) return undefined;
  return match[1] === "tiny" ? Number(match[2]) / 1024 : Number(match[2]);
}

const lookups = new WeakMap<DcsClient, Map<string, Promise<CacheFlavor[]>>>();

/**
 * A spec code's flavors, asked once per provider process: the catalog does not change within a
 * deployment, and a fleet of caches changed together would otherwise spend two calls each on
 * the same answer. A failed lookup is forgotten, so the next one asks again.
 */
function flavorsOf(dcs: DcsClient, specCode: string): Promise<CacheFlavor[]> {
  let known = lookups.get(dcs);
  if (!known) lookups.set(dcs, (known = new Map()));
  let lookup = known.get(specCode);
  if (!lookup) {
    lookup = dcs.listFlavors({ spec_code: specCode });
    known.set(specCode, lookup);
    lookup.catch(() => known.delete(specCode));
  }
  return lookup;
}

/** The flavor of a spec code for the engine, with the capacity checked against what it offers. */
export async function resolveFlavor(dcs: DcsClient, engine: string, specCode: string, capacity?: number): Promise<FlavorFacts> {
  const found = (await flavorsOf(dcs, specCode)).filter((flavor) => flavor.spec_code === specCode);
  const flavor = found.find((candidate) => candidate.engine.toLowerCase() === engine.toLowerCase());
  if (!flavor) throw new InputError("specCode", `${specCode} is not a ${engine} flavor in this region`);
  const facts = factsOf(flavor);
  if (capacity !== undefined && facts.capacities.length && !facts.capacities.includes(capacity)) {
    throw new InputError("capacity", `${capacity} GB is not offered for ${specCode} (offered: ${facts.capacities.join(", ")} GB)`);
  }
  return facts;
}
