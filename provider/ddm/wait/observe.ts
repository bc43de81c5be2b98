import { HuaweiCloudError, type DdmClient } from "../client";
import type { InstanceDetail, Job } from "../client/types";
import type { Urgency } from "../../cloud/rate-limiter";
import { parseProgress } from "../../wait/pacing";
import type { Observation } from "../../wait/waiter";
import { instanceStatusVerdict, schemaStatusVerdict } from "./statuses";

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

/** RUNNING and showing the expected result is done; the status table (statuses.ts) decides the rest. */
export function observeInstance(
  instance: InstanceDetail | undefined,
  expected: (instance: InstanceDetail) => boolean = () => true,
): Observation<InstanceDetail> {
  const verdict = instance ? instanceStatusVerdict(instance.status) : undefined;
  if (!instance || verdict?.kind === "gone") return { state: "failed", reason: "the instance no longer exists" };
  if (verdict?.kind === "failed") {
    const detail = instance.error_msg ? `: ${instance.error_msg}` : "";
    return { state: "failed", reason: `instance is ${instance.status}${detail}; ${verdict.advice}`, status: instance.status };
  }
  if (verdict?.kind === "running" && expected(instance)) return { state: "done", value: instance };
  return { state: "pending", status: instance.status };
}

export function observeSchemaStatus(status: string | undefined, reason?: string): Observation<true> {
  const verdict = schemaStatusVerdict(status);
  if (verdict.kind === "running") return { state: "done", value: true };
  if (verdict.kind === "failed") return { state: "failed", reason: `schema is ${status}${reason ? `: ${reason}` : ""}; ${verdict.advice}`, status };
  return { state: "pending", status };
}

/**
 * Reads the job; a job the service does not know (404, or 400 DBS.300400) reports `undefined`.
 * FACTS.md §1 shows `fail_reason` in the job list only: a failed job read without one gets it
 * from there, so the error says why.
 */
export async function readJob(client: DdmClient, jobId: string, urgency?: Urgency): Promise<Job | undefined> {
  let job: Job;
  try {
    job = await client.getJob(jobId, urgency);
  } catch (error) {
    if (error instanceof HuaweiCloudError && error.isNotFound) return undefined;
    throw error;
  }
  if (job.status !== "Failed" || job.fail_reason) return job;
  return { ...job, fail_reason: await listedFailReason(client, job) };
}

/** Best effort: the job has failed either way, and a failed listing must not hide that. */
async function listedFailReason(client: DdmClient, job: Job): Promise<string | undefined> {
  try {
    const listed = await client.listJobs(job.created_time || undefined);
    return listed.find((entry) => entry.id === job.id)?.fail_reason || undefined;
  } catch {
    return undefined;
  }
}
