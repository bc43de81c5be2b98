import { parameterError } from "../errors";
import { pageOf, pagingOf, type Paging } from "../input";
import type { Router } from "../router";
import { AVAILABILITY_ZONES, ENGINES, engineById, flavorsOf, type Architecture, type Flavor } from "../state/catalog";

/** §4.1.15–16: engines and node classes, answered in camelCase as the service does. */

const ZONE_LIST = AVAILABILITY_ZONES.join(",");

function flavorView(flavor: Flavor): Record<string, unknown> {
  return {
    id: flavor.id,
    typeCode: "cloudtype.resource.type.ddm",
    code: flavor.code,
    iaasCode: flavor.iaasCode,
    cpu: String(flavor.cpu),
    mem: String(flavor.mem),
    maxConnections: null,
    serverType: "KVM",
    architecture: flavor.architecture,
    azStatus: flavor.azStatus,
    regionStatus: "normal",
    groupType: null,
    dbType: "DDM",
    extendFields: { azCode: ZONE_LIST, azDescription: ZONE_LIST },
  };
}

/** Each architecture group is paged on its own with the same offset, and reports the page size it used. */
function flavorGroup(flavors: Flavor[], groupType: Architecture, paging: Paging): Record<string, unknown> {
  const group = flavors.filter((flavor) => flavor.architecture === groupType);
  return { groupType, offset: paging.offset, limit: paging.limit, total: group.length, computeFlavors: pageOf(group, paging).map(flavorView) };
}

export interface CatalogOptions {
  /** The most flavors a page holds per group, whatever was asked for (options.ts). */
  flavorPageSize: number;
}

export function catalogRoutes(router: Router, options: CatalogOptions): void {
  router.add("GET", "/v2/:project/engines", ({ query }) => {
    const paging = pagingOf(query, 128);
    return {
      body: {
        engineGroups: pageOf(ENGINES, paging).map((engine) => ({
          id: engine.id,
          name: "ddm",
          version: engine.version,
          supportAzs: AVAILABILITY_ZONES.map((code) => ({ code, name: code, favored: true })),
        })),
        offset: paging.offset,
        limit: paging.limit,
        total: ENGINES.length,
      },
    };
  });

  router.add("GET", "/v2/:project/flavors", ({ query }) => {
    const engineId = query.get("engine_id");
    if (!engineId) throw parameterError("engine_id is required.");
    const engine = engineById(engineId);
    if (!engine) throw parameterError(`engine_id ${engineId} is not a known engine.`);
    const asked = pagingOf(query, 128);
    const paging = { offset: asked.offset, limit: Math.min(asked.limit, options.flavorPageSize) };
    const flavors = flavorsOf(engine.id);
    return { body: { computeFlavorGroups: [flavorGroup(flavors, "X86", paging), flavorGroup(flavors, "ARM", paging)] } };
  });
}
