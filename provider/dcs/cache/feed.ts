import { byId, fleetOf, seenAll, type Feed } from "../../watch";
import type { DcsClient } from "../client";
import type { CacheInstance, ListedCacheInstance, TaskProgress } from "../client/types";

/**
 * DCS instances as the watcher reads them: one instance (GET), or the project's listing
 * (ListInstances), paged only until every watched instance has been seen. Listed entries lack
 * `task`, so what they show is judged apart from a read (settle.ts). And background tasks' progress
 * (task.ts), read one by one: no listing answers for the tasks of several instances.
 */

export type SeenCache = CacheInstance | ListedCacheInstance;

/** A task's item id in the tasks feed: the progress call needs both. */
export const taskItem = (instanceId: string, taskId: string) => `${instanceId}/${taskId}`;

const idOf = (instance: ListedCacheInstance) => instance.instance_id;

function instanceFeed(dcs: DcsClient): Feed<SeenCache> {
  return {
    name: "dcs instances",
    readOne: (id, urgency) => dcs.findInstance(id, urgency),
    readList: async (wanted, _since, urgency) => {
      const listing = await dcs.pageInstances({ enough: seenAll(wanted, idOf), urgency });
      return { items: byId(listing.items, idOf), calls: listing.pages };
    },
    listingShowsEnd: false,
  };
}

function taskFeed(dcs: DcsClient): Feed<TaskProgress> {
  return {
    name: "dcs background tasks",
    readOne: (item, urgency) => {
      const [instanceId, taskId] = item.split("/");
      return dcs.taskProgress(instanceId, taskId, urgency);
    },
  };
}

/** The process's watcher for this client's credential, shared with DDM's, and its DCS feeds. */
export const cacheFleetOf = fleetOf((dcs: DcsClient) => ({ instances: instanceFeed(dcs), tasks: taskFeed(dcs) }));
