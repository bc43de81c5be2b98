import { byId, fleetOf, seenAll, type Feed } from "../../watch";
import type { DcsClient } from "../client";
import type { CacheInstance, ListedCacheInstance } from "../client/types";

/**
 * DCS instances as the watcher reads them: one instance (GET), or the project's listing
 * (ListInstances), paged only until every watched instance has been seen. Listed entries lack
 * `task`, so what they show is judged apart from a read (settle.ts).
 */

export type SeenCache = CacheInstance | ListedCacheInstance;

const idOf = (instance: ListedCacheInstance) => instance.instance_id;

function instanceFeed(dcs: DcsClient): Feed<SeenCache> {
  return {
    name: "dcs instances",
    readOne: (id, urgency) => dcs.findInstance(id, urgency),
    readList: async (wanted, _since, urgency) => {
      const listing = await dcs.pageInstances({ enough: seenAll(wanted, idOf), urgency });
      return { items: byId(listing.items, idOf), calls: listing.pages };
    },
  };
}

/** The process's watcher for this client's credential, shared with DDM's, and its DCS feed. */
export const cacheFleetOf = fleetOf((dcs: DcsClient) => ({ instances: instanceFeed(dcs) }));
