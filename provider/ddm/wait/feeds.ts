import type { DdmClient } from "../client";
import type { InstanceDetail, Job } from "../client/types";
import { byId, seenAll, type Feed } from "../../watch";
import { readJob } from "./observe";
import { instanceStatusVerdict } from "./statuses";

/**
 * DDM's two feeds: the project's jobs (one job, or the job list filtered by creation time) and
 * its instances (one instance, or the instance list). Listings stop paging once every wanted
 * item has been seen: both list newest first, and the watched operations are recent.
 */

/** The gateway accepts requests up to 15 minutes off its clock: the time filter allows as much. */
const CLOCK_SKEW_MS = 15 * 60_000;

const idOf = (item: { id: string }) => item.id;

export function jobFeed(client: DdmClient): Feed<Job> {
  return {
    name: "ddm jobs",
    readOne: (id, urgency) => readJob(client, id, urgency),
    readList: async (wanted, since, urgency) => {
      const listing = await client.pageJobs(since - CLOCK_SKEW_MS, { enough: seenAll(wanted, idOf), urgency });
      return { items: byId(listing.items, idOf), calls: listing.pages };
    },
  };
}

/** The listing's entries lack the nodes and the administrator; the outcome needs neither. */
export function instanceFeed(client: DdmClient): Feed<InstanceDetail> {
  return {
    name: "ddm instances",
    readOne: (id, urgency) => client.findInstance(id, urgency),
    readList: async (wanted, _since, urgency) => {
      const listing = await client.pageInstances({ enough: seenAll(wanted, idOf), urgency });
      // A status meaning deleted is no instance, as findInstance has it: left out, it is read on its own.
      const present = listing.items.filter((instance) => instanceStatusVerdict(instance.status).kind !== "gone");
      return { items: byId(present, idOf), calls: listing.pages };
    },
  };
}
