import { DdmApiError, type DdmClient } from "../client";
import type { InstanceDetail, Job } from "../client/types";
import type { Urgency } from "../../cloud/rate-limiter";
import { parseProgress } from "../../wait/pacing";
import type { Observation } from "../../wait/waiter";

/** Instance statuses that end a wait in failure (FACTS.md §2); every other one is pending. */
const FAILED_INSTANCE_STATUSES = new Set(["CREATEFAILED", "ERROR", "RESIZE_ROLL_FAILED", "FREEZING_FAILED", "UNFREEZING_FAILED"]);
const FAILED_SCHEMA_STATUSES = new Set(["CREATE_FAILED", "CREATEFAILED", "EXPAND_FAILED"]);

export function observeJob(job: Job): Observation<Job> {
  switch (job.status) {
    case "Completed":
      return { state: "done", value: job };
    case "Failed":
      return { state: "failed", reason: job.fail_reason || `job ${job.name ?? job.id} failed`, status: job.status };
    default:
      return { state: "pending", progress: parseProgress(job.process), status: job.status };
  }
}

/** RUNNING and showing the expected result is done; a failed status fails; anything else waits. */
export function observeInstance(
  instance: InstanceDetail | undefined,
  expected: (instance: InstanceDetail) => boolean = () => true,
): Observation<InstanceDetail> {
  if (!instance) return { state: "failed", reason: "the instance no longer exists" };
  if (FAILED_INSTANCE_STATUSES.has(instance.status)) {
    return { state: "failed", reason: `instance is ${instance.status}${instance.error_msg ? `: ${instance.error_msg}` : ""}`, status: instance.status };
  }
  if (instance.status === "RUNNING" && expected(instance)) return { state: "done", value: instance };
  return { state: "pending", status: instance.status };
}

export function observeSchemaStatus(status: string | undefined, reason?: string): Observation<true> {
  if (status === "RUNNING") return { state: "done", value: true };
  if (status && FAILED_SCHEMA_STATUSES.has(status)) return { state: "failed", reason: `schema is ${status}${reason ? `: ${reason}` : ""}`, status };
  return { state: "pending", status };
}

/** Reads the job; a job the service does not know (404) reports `undefined`. */
export async function readJob(client: DdmClient, jobId: string, urgency?: Urgency): Promise<Job | undefined> {
  try {
    return await client.getJob(jobId, urgency);
  } catch (error) {
    if (error instanceof DdmApiError && error.isNotFound) return undefined;
    throw error;
  }
}
