import type { DdmClient } from "../client";
import type { InstanceDetail, Job } from "../client/types";
import { principalOf } from "../../cloud/settings";
import { watcherFor, type Feed, type Track, type Watcher } from "../../watch";
import type { Reporter } from "../../wait/progress";
import type { Observation } from "../../wait/waiter";
import { instanceFeed, jobFeed } from "./feeds";
import { observeInstance, observeJob } from "./observe";
import type { SettleOptions } from "./settle";

/**
 * Settling through the one watcher of this provider process and credential: every instance
 * operation of the deployment is followed together, so one listing notices many job ends.
 */

interface Fleet {
  watcher: Watcher;
  jobs: Feed<Job>;
  instances: Feed<InstanceDetail>;
}

const fleets = new WeakMap<DdmClient, Fleet>();

function fleetOf(client: DdmClient): Fleet {
  let fleet = fleets.get(client);
  if (!fleet) {
    fleet = { watcher: watcherFor(principalOf(client.settings.credentials)), jobs: jobFeed(client), instances: instanceFeed(client) };
    fleets.set(client, fleet);
  }
  return fleet;
}

function jobTrack(fleet: Fleet, jobId: string | undefined): Track<Job> | undefined {
  if (!jobId) return undefined;
  // A job the service does not know is treated as finished: the instance decides.
  return { feed: fleet.jobs, id: jobId, observe: (job) => (job ? observeJob(job) : { state: "done", value: undefined }) };
}

export function settleTogether(client: DdmClient, options: SettleOptions): Promise<InstanceDetail> {
  const fleet = fleetOf(client);
  return fleet.watcher.follow({
    label: options.label,
    startedAt: options.startedAt,
    timeoutMs: options.timeoutMs,
    report: options.report,
    progress: jobTrack(fleet, options.jobId),
    outcome: {
      feed: fleet.instances,
      id: options.instanceId,
      observe: (instance) => observeInstance(instance, options.expected),
      decisive: options.decisive ?? false,
    },
  });
}

export async function settleDeletionTogether(client: DdmClient, options: Omit<SettleOptions, "expected">): Promise<void> {
  const fleet = fleetOf(client);
  await fleet.watcher.follow<void>({
    label: options.label,
    startedAt: options.startedAt,
    timeoutMs: options.timeoutMs,
    report: options.report,
    progress: jobTrack(fleet, options.jobId),
    outcome: {
      feed: fleet.instances,
      id: options.instanceId,
      observe: (instance): Observation<void> => (instance ? { state: "pending", status: instance.status } : { state: "done", value: undefined }),
      // Gone is gone, whatever the job says.
      decisive: true,
    },
  });
}

/** Until the instance is RUNNING, whatever it shows: after a busy answer. Looked at at once. */
export function runningTogether(client: DdmClient, wait: { instanceId: string; label: string; timeoutMs: number; report?: Reporter }): Promise<InstanceDetail> {
  const fleet = fleetOf(client);
  return fleet.watcher.follow({
    label: wait.label,
    startedAt: Date.now(),
    timeoutMs: wait.timeoutMs,
    report: wait.report,
    outcome: { feed: fleet.instances, id: wait.instanceId, observe: (instance) => observeInstance(instance), decisive: true },
  });
}
