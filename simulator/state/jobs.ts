import { randomUUID } from "node:crypto";
import type { InstanceRecord, JobRecord } from "./model";

/**
 * Time in the simulator is evaluated lazily: nothing runs on a timer. Changes due at a moment are
 * queued with that moment, and `advance(now)` applies every change due by `now`, in order, before
 * any request is answered. A job therefore completes at exactly its start plus its duration, however
 * late someone looks, and the simulator holds no timers to clean up.
 */
export class Timeline {
  private pending: Array<{ dueAt: number; seq: number; apply: () => void }> = [];
  private seq = 0;

  at(dueAt: number, apply: () => void): void {
    this.pending.push({ dueAt, seq: this.seq++, apply });
  }

  advance(now: number): void {
    for (;;) {
      const due = this.pending.filter((entry) => entry.dueAt <= now);
      if (due.length === 0) return;
      const next = due.reduce((a, b) => (a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq) ? a : b));
      this.pending = this.pending.filter((entry) => entry !== next);
      next.apply();
    }
  }
}

/**
 * How a job ends: `settle(failing)` applies the outcome at the job's end and returns why the job
 * failed (a fault was injected, or the instance changed under it), or undefined when it succeeded.
 */
export interface JobSpec {
  name: string;
  instance: InstanceRecord;
  startedAt: number;
  durationMs: number;
  failing: boolean;
  settle: (failing: boolean, at: number) => string | undefined;
}

export class JobBook {
  private readonly jobs: JobRecord[] = [];

  constructor(private readonly timeline: Timeline) {}

  start(spec: JobSpec): JobRecord {
    const job: JobRecord = {
      id: randomUUID(),
      name: spec.name,
      instanceId: spec.instance.id,
      instanceName: spec.instance.name,
      createdAt: spec.startedAt,
      endsAt: spec.startedAt + spec.durationMs,
      status: "Running",
    };
    this.jobs.push(job);
    this.timeline.at(job.endsAt, () => {
      const failReason = spec.settle(spec.failing, job.endsAt);
      job.status = failReason === undefined ? "Completed" : "Failed";
      job.failReason = failReason;
      job.completedAt = job.endsAt;
    });
    return job;
  }

  find(id: string): JobRecord | undefined {
    return this.jobs.find((job) => job.id === id);
  }

  /** Newest first. */
  list(): JobRecord[] {
    return [...this.jobs].reverse();
  }

  runningFor(instanceId: string): JobRecord | undefined {
    return this.jobs.find((job) => job.instanceId === instanceId && job.status === "Running");
  }
}

/** "60%" while running (never 100% before the end), "" once ended (FACTS.md §1). */
export function jobProgress(job: JobRecord, now: number): string {
  if (job.status !== "Running") return "";
  const duration = job.endsAt - job.createdAt;
  const percent = duration > 0 ? Math.floor(((now - job.createdAt) / duration) * 100) : 0;
  return `${Math.min(Math.max(percent, 0), 99)}%`;
}
