import type { DdmClient } from "../client";
import type { InstanceDetail, Job } from "../client/types";
import { fleetOf, type Track } from "../../watch";
import type { Reporter } from "../../wait/progress";
import type { Observation } from "../../wait/waiter";
import { instanceFeed, jobFeed } from "./feeds";
import { observeInstance, observeJob } from "./observe";
import type { SettleOptions } from "./settle";

/**
 * Settling through the one watcher of this provider process and credential: every instance
 * operation of the deployment is followed together, so one listing notices many job ends.
 */

const ddmFleetOf = fleetOf((client: DdmClient) => ({ jobs: jobFeed(client), instances: instanceFeed(client) }));

type Fleet = ReturnType<typeof ddmFleetOf>;

function jobTrack(fleet: Fleet, jobId: string | undefined): Track<Job> | undefined {
  if (!jobId) return undefined;
  // A job the service does not know is treated as finished: the instance decides.
  return { feed: fleet.jobs, id: jobId, observe: (job) => (job ? observeJob(job) : { state: "done", value: undefined }) };
}

export function settleTogether(client: DdmClient, options: SettleOptions): Promise<InstanceDetail> {
  const fleet = ddmFleetOf(client);
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
  const fleet = ddmFleetOf(client);
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
  const fleet = ddmFleetOf(client);
  return fleet.watcher.follow({
    label: wait.label,
    startedAt: Date.now(),
    timeoutMs: wait.timeoutMs,
    report: wait.report,
    outcome: { feed: fleet.instances, id: wait.instanceId, observe: (instance) => observeInstance(instance), decisive: true },
  });
}
