import { createHash } from "node:crypto";

/**
 * The engines and node classes on sale. Ids are name-based UUIDs (version 3, as the live
 * service's look), so they are stable across restarts and differ per engine: a flavor id from
 * one engine's listing is not valid for another engine.
 */

export const AVAILABILITY_ZONES = ["az1", "az2", "az3"] as const;

export type Architecture = "X86" | "ARM";

export interface Engine {
  id: string;
  version: string;
}

export interface Flavor {
  id: string;
  engineId: string;
  code: string;
  iaasCode: string;
  architecture: Architecture;
  cpu: number;
  mem: number;
  /** AZ code → normal | unsupported | sellout */
  azStatus: Record<string, string>;
}

function nameBasedUuid(name: string): string {
  const hex = createHash("md5").update(name).digest("hex");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-3${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const ENGINE_VERSIONS = ["3.0.8", "3.1.0"];

interface FlavorSpec {
  code: string;
  iaasCode: string;
  architecture: Architecture;
  cpu: number;
  mem: number;
  /** Zones where the class is not "normal". */
  unavailable?: Record<string, string>;
}

const FLAVOR_SPECS: FlavorSpec[] = [
  { code: "ddm.c6.large.2", iaasCode: "c6.large.2", architecture: "X86", cpu: 2, mem: 4 },
  { code: "ddm.c6.xlarge.2", iaasCode: "c6.xlarge.2", architecture: "X86", cpu: 4, mem: 8 },
  { code: "ddm.c6.2xlarge.2", iaasCode: "c6.2xlarge.2", architecture: "X86", cpu: 8, mem: 16 },
  { code: "ddm.c6.4xlarge.2", iaasCode: "c6.4xlarge.2", architecture: "X86", cpu: 16, mem: 32 },
  { code: "ddm.c6.8xlarge.2", iaasCode: "c6.8xlarge.2", architecture: "X86", cpu: 32, mem: 64, unavailable: { az3: "sellout" } },
  { code: "ddm.c6s.2xlarge.2", iaasCode: "c6s.2xlarge.2", architecture: "X86", cpu: 8, mem: 16 },
  { code: "ddm.c6s.4xlarge.2", iaasCode: "c6s.4xlarge.2", architecture: "X86", cpu: 16, mem: 32 },
  { code: "ddm.c6s.8xlarge.2", iaasCode: "c6s.8xlarge.2", architecture: "X86", cpu: 32, mem: 64 },
  { code: "ddm.kc1.2xlarge.2", iaasCode: "kc1.2xlarge.2", architecture: "ARM", cpu: 8, mem: 16, unavailable: { az3: "unsupported" } },
  { code: "ddm.kc1.4xlarge.2", iaasCode: "kc1.4xlarge.2", architecture: "ARM", cpu: 16, mem: 32, unavailable: { az3: "unsupported" } },
  { code: "ddm.kc1.8xlarge.2", iaasCode: "kc1.8xlarge.2", architecture: "ARM", cpu: 32, mem: 64, unavailable: { az3: "unsupported" } },
];

export const ENGINES: readonly Engine[] = ENGINE_VERSIONS.map((version) => ({ id: nameBasedUuid(`ddm-engine/${version}`), version }));

const FLAVORS: readonly Flavor[] = ENGINES.flatMap((engine) =>
  FLAVOR_SPECS.map(({ unavailable, ...spec }) => ({
    ...spec,
    id: nameBasedUuid(`ddm-flavor/${engine.version}/${spec.code}`),
    engineId: engine.id,
    azStatus: Object.fromEntries(AVAILABILITY_ZONES.map((az) => [az, unavailable?.[az] ?? "normal"])),
  })),
);

export function engineById(id: string): Engine | undefined {
  return ENGINES.find((engine) => engine.id === id);
}

export function flavorsOf(engineId: string): Flavor[] {
  return FLAVORS.filter((flavor) => flavor.engineId === engineId);
}

export function flavorById(engineId: string, id: string): Flavor | undefined {
  return flavorsOf(engineId).find((flavor) => flavor.id === id);
}

export function flavorByCode(engineId: string, code: string): Flavor | undefined {
  return flavorsOf(engineId).find((flavor) => flavor.code === code);
}

/** The class series: "c6", "c6s", "kc1". */
export function seriesOf(flavorCode: string): string {
  return flavorCode.split(".")[1] ?? "";
}
