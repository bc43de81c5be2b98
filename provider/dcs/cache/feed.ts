import { principalOf } from "../../cloud/settings";
import { byId, seenAll, watcherFor, type Feed, type Watcher } from "../../watch";
import type { DcsClient } from "../client";
import type { CacheInstance, ListedCacheInstance } from "../client/types";

/**
 * DCS instances as the watcher reads them: one instance (GET), or the project's listing
 * (ListInstances), paged only until every watched instance has been seen. Listed entries lack
 * `task`, so what they show is judged apart from a read (settle.ts).
 */

export type SeenCache = CacheInstance | ListedCacheInstance;

export interface CacheFleet {
  watcher: Watcher;
  instances: Feed<SeenCache>;
}

const idOf = (instance: ListedCacheInstance) => instance.instance_id;
const fleets = new WeakMap<DcsClient, CacheFleet>();

/** The process's watcher for this client's credential, shared with DDM's, and its DCS feed. */
export function cacheFleetOf(dcs: DcsClient): CacheFleet {
  let fleet = fleets.get(dcs);
  if (!fleet) {
    fleet = {
      watcher: watcherFor(principalOf(dcs.settings.credentials)),
      instances: {
        name: "dcs instances",
        readOne: (id, urgency) => dcs.findInstance(id, urgency),
        readList: async (wanted, _since, urgency) => {
          const listing = await dcs.pageInstances({ enough: seenAll(wanted, idOf), urgency });
          return { items: byId(listing.items, idOf), calls: listing.pages };
        },
      },
    };
    fleets.set(dcs, fleet);
  }
  return fleet;
}
