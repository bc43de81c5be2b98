import { badRequest, parameterError, TASK_NOT_FOUND } from "../errors";
import { pageOf, pagingOf } from "../input";
import type { Router } from "../router";
import { jobProgress } from "../state/jobs";
import type { JobRecord } from "../state/model";
import type { DdmState } from "../state/store";
import { formatTime, parseTime } from "./format";

/** The job API of FACTS.md §1. */

function common(job: JobRecord, now: number) {
  return {
    id: job.id,
    name: job.name,
    status: job.status,
    created_time: formatTime(job.createdAt),
    end_time: job.completedAt === undefined ? "" : formatTime(job.completedAt),
    process: jobProgress(job, now),
  };
}

function timeQuery(query: URLSearchParams, key: string): number | undefined {
  const raw = query.get(key);
  if (raw === null || raw === "") return undefined;
  const ms = parseTime(raw);
  if (ms === undefined) throw parameterError(`${key} must be a time such as 2024-01-31T08:00:00+0000.`);
  return ms;
}

export function jobRoutes(router: Router, state: DdmState): void {
  router.add("GET", "/v3/:project/jobs/:jobId", ({ params, now }) => {
    const job = state.jobs.find(params.jobId);
    // HTTP 400, as the reference's error table lists DBS.300400.
    if (!job) throw badRequest(TASK_NOT_FOUND, `The task ${params.jobId} is not found.`);
    return { body: { job: { ...common(job, now), instance: { id: job.instanceId, name: job.instanceName } } } };
  });

  router.add("GET", "/v3/:project/jobs", ({ query, now }) => {
    const from = timeQuery(query, "start_time") ?? -Infinity;
    const to = timeQuery(query, "end_time") ?? Infinity;
    const paging = pagingOf(query, 128);
    const jobs = state.jobs.list().filter((job) => job.createdAt >= from && job.createdAt <= to);
    return {
      body: {
        // FACTS.md §1 shows fail_reason in the list only; the single-job read has none.
        jobs: pageOf(jobs, paging).map((job) => ({
          ...common(job, now),
          instance_id: job.instanceId,
          instance_name: job.instanceName,
          ...(job.failReason ? { fail_reason: job.failReason } : {}),
        })),
        total_count: jobs.length,
      },
    };
  });
}
