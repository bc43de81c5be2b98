import type { DdmClient } from "../client";
import type { InstanceDetail } from "../client/types";
import { observeInstance, observeJob, readJob } from "./observe";
import type { Reporter } from "../../wait/progress";
import { waitFor, type Observation } from "../../wait/waiter";
import { settleDeletionTogether, settleTogether } from "./together";

export interface SettleOptions {
  label: string;
  instanceId: string;
  /** The job to follow, when the service returned one. */
  jobId?: string;
  /** What the instance must show once RUNNING again (node count, class). */
  expected?: (instance: InstanceDetail) => boolean;
  /**
   * The instance showing `expected` proves the operation ended (a node count or class reached),
   * so a poll at the predicted end may read the instance instead of the job.
   */
  decisive?: boolean;
  /** From `startedAt`. */
  timeoutMs: number;
  /**
   * When the service answered the submit: the job's progress is measured from then. Earlier
   * (before lookups or the rate limiter's queue), every second of error is scaled up by the
   * progress estimate into seconds of late polling.
   */
  startedAt: number;
  report?: Reporter;
}

/**
 * Follows the job, if any, until Completed; a job the service does not know (404) is treated as
 * finished so the instance status decides. Returns the time left for the second phase.
 */
async function followJob(client: DdmClient, options: SettleOptions): Promise<number> {
  const { jobId } = options;
  if (jobId) {
    await waitFor({
      label: options.label,
      timeoutMs: options.timeoutMs,
      startedAt: options.startedAt,
      report: options.report,
      pollFirstAfterDelay: true,
      observe: async (): Promise<Observation<unknown>> => {
        const job = await readJob(client, jobId);
        return job ? observeJob(job) : { state: "done", value: undefined };
      },
    });
  }
  return Math.max(options.timeoutMs - (Date.now() - options.startedAt), 1);
}

/**
 * Follows a long instance operation to the end: its job until Completed (or Failed), then the
 * instance until RUNNING with the expected result. The second phase restarts the poll pacing,
 * since a settled job's instance is normally RUNNING at the first look.
 */
export async function settleInstance(client: DdmClient, options: SettleOptions): Promise<InstanceDetail> {
  if (client.settings.watchTogether) return settleTogether(client, options);
  const remaining = await followJob(client, options);
  return waitFor({
    label: options.label,
    timeoutMs: remaining,
    report: options.report,
    observe: async () => observeInstance(await client.findInstance(options.instanceId), options.expected),
  });
}

/** Follows a deletion until the instance is gone (404). */
export async function settleDeletion(client: DdmClient, options: Omit<SettleOptions, "expected">): Promise<void> {
  if (client.settings.watchTogether) return settleDeletionTogether(client, options);
  const remaining = await followJob(client, options);
  await waitFor<void>({
    label: options.label,
    timeoutMs: remaining,
    report: options.report,
    observe: async () => {
      const instance = await client.findInstance(options.instanceId);
      return instance ? { state: "pending", status: instance.status } : { state: "done", value: undefined };
    },
  });
}
