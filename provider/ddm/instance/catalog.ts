import type { DdmClient } from "../client";
import type { ComputeFlavor, Engine } from "../client/types";
import { InputError } from "../../resource/validation";

/** Resolving what users name (engine versions, spec codes) to what the API takes (ids). */

export function compareVersions(a: string, b: string): number {
  const left = a.split(/[.-]/).map((part) => Number(part) || 0);
  const right = b.split(/[.-]/).map((part) => Number(part) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff) return diff;
  }
  return 0;
}

/**
 * Whether two spellings of a version name the same release: equal, or one a dotted prefix of the
 * other. The reference's examples spell versions in three parts ("3.0.8") while instances may
 * report builds in four (Terraform's docs show "3.0.8.5").
 */
export function sameRelease(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** The engine named by id, else by version (equal, else the longest listed release it belongs to). */
export function findEngine(engines: readonly Engine[], wanted: string): Engine | undefined {
  return (
    engines.find((candidate) => candidate.id === wanted) ??
    engines.find((candidate) => candidate.version === wanted) ??
    engines.filter((candidate) => sameRelease(candidate.version, wanted)).sort((a, b) => b.version.length - a.version.length)[0]
  );
}

/** The engine named by version or id; the newest when none is named. */
export function pickEngine(engines: readonly Engine[], wanted?: string): Engine {
  if (!engines.length) throw new InputError("engine", "the service lists no DDM engines in this region");
  if (wanted === undefined) return [...engines].sort((a, b) => compareVersions(b.version, a.version))[0];
  const engine = findEngine(engines, wanted);
  if (!engine) {
    throw new InputError("engine", `"${wanted}" is not an available engine; available versions: ${engines.map((e) => e.version).join(", ")}`);
  }
  return engine;
}

/** The flavor named by spec code or id. */
export function pickFlavor(flavors: readonly ComputeFlavor[], wanted: string, engine: Engine): ComputeFlavor {
  const flavor = flavors.find((candidate) => candidate.code === wanted || candidate.id === wanted);
  if (!flavor) {
    const codes = [...new Set(flavors.map((f) => f.code))].sort().join(", ");
    throw new InputError("flavor", `"${wanted}" is not a node class of engine ${engine.version}; available: ${codes}`);
  }
  return flavor;
}

/** AZs where the flavor is not sold ("unsupported", "sellout"). */
export function unavailableZones(flavor: ComputeFlavor, zones: readonly string[]): string[] {
  const status = flavor.azStatus;
  if (!status) return [];
  return zones.filter((zone) => status[zone] !== undefined && status[zone] !== "normal");
}

export async function resolveEngine(client: DdmClient, wanted?: string): Promise<Engine> {
  return pickEngine(await client.listEngines(), wanted);
}

/**
 * For refresh and import, which must never fail because an engine is no longer on sale: the
 * engine and the flavor's id when the catalog still has them, else undefined.
 */
export async function lookUpLive(
  client: DdmClient,
  engineIdOrVersion: string | undefined,
  flavorCode: string | undefined,
): Promise<{ engine?: Engine; flavor?: ComputeFlavor }> {
  const engine = engineIdOrVersion ? findEngine(await client.listEngines(), engineIdOrVersion) : undefined;
  if (!engine || !flavorCode) return { engine };
  const flavors = await client.listFlavors(engine.id);
  return { engine, flavor: flavors.find((candidate) => candidate.code === flavorCode || candidate.id === flavorCode) };
}

export async function resolveFlavor(client: DdmClient, engine: Engine, wanted: string): Promise<ComputeFlavor> {
  return pickFlavor(await client.listFlavors(engine.id), wanted, engine);
}
