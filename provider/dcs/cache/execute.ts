import { HuaweiCloudError } from "../../cloud/errors";
import type { Reporter } from "../../wait";
import { confirmedTwice, sendWhenReady, waitFor, WaitTimeoutError } from "../../wait";
import type { DcsClient } from "../client";
import type { CacheInstance } from "../client/types";
import { describeCacheOperation, type CacheOperation } from "./plan";
import { capacityOf, hasTask, MAX_POLL_INTERVAL_MS, settleCache, waitUntilIdle } from "./settle";
import { changeTaskOf } from "./task";

/** Executing planned cache operations: each submitted once, then followed on the instance to the end. */

export interface CacheContext {
  client: DcsClient;
  instanceId: string;
  label: string;
  deadline: number;
  report?: Reporter;
}

const isBusy = (error: unknown) => error instanceof HuaweiCloudError && error.isBusy;

/** What the instance must show when the operation is done. */
export function cacheExpectation(operation: CacheOperation): (instance: CacheInstance) => boolean {
  switch (operation.kind) {
    case "modify":
      return (instance) => operation.name === undefined || instance.name === operation.name;
    case "extend":
    case "resize":
      return (instance) => instance.spec_code === operation.to.specCode && capacityOf(instance) === operation.to.capacity;
  }
}

function submit(client: DcsClient, instanceId: string, operation: CacheOperation): Promise<void> {
  switch (operation.kind) {
    case "modify":
      return client.modifyInstance(instanceId, { name: operation.name, maintain_begin: operation.maintainBegin, maintain_end: operation.maintainEnd });
    case "extend":
      return client.extend(instanceId, { new_capacity: operation.to.capacity, spec_code: operation.to.specCode });
    case "resize":
      return client.resize(instanceId, {
        spec_code: operation.to.specCode,
        new_capacity: operation.to.capacity,
        change_type: operation.changeType,
        available_zones: operation.availabilityZones,
        reserved_ip: operation.reservedIps,
      });
  }
}

/**
 * Sends a request, waiting out busy answers (the request was refused, so sending it again is
 * safe). `done` skips the sending once the instance, idle again, already shows the result.
 */
export function whenCacheReady(context: CacheContext, send: () => Promise<void>, done: (instance: CacheInstance) => boolean = () => false): Promise<void> {
  let idle: CacheInstance | undefined;
  return sendWhenReady(async () => (idle && done(idle) ? undefined : send()), {
    isBusy,
    waitUntilReady: async () => {
      idle = await waitUntilIdle(context.client, {
        label: context.label,
        instanceId: context.instanceId,
        timeoutMs: Math.max(context.deadline - Date.now(), 1),
        report: context.report,
      });
    },
    deadline: context.deadline,
  });
}

/** How long the instance gets to show a request whose answer was lost before it counts as not received. */
export const ACCEPTANCE_WATCH_MS = 30_000;
const MAX_UNKNOWN_OUTCOMES = 3;

/**
 * After a lost answer: whether the instance shows the change in progress or done within the
 * watch window. An instance that stays idle with the old values did not receive the request.
 */
async function shownOnInstance(context: CacheContext, operation: CacheOperation): Promise<boolean> {
  const expected = cacheExpectation(operation);
  try {
    return await waitFor({
      label: `${describeCacheOperation(context.label, operation)}: the answer was lost, reading the instance`,
      timeoutMs: Math.min(ACCEPTANCE_WATCH_MS, Math.max(context.deadline - Date.now(), 1)),
      report: context.report,
      maxIntervalMs: MAX_POLL_INTERVAL_MS,
      pollFirstAfterDelay: true,
      observe: confirmedTwice(async () => {
        const instance = await context.client.getInstance(context.instanceId);
        const idle = instance.status === "RUNNING" && !hasTask(instance);
        return !idle || expected(instance) ? { state: "done", value: true } : { state: "pending", status: "no sign of the change" };
      }),
    });
  } catch (error) {
    if (error instanceof WaitTimeoutError) return false;
    throw error;
  }
}

/**
 * Sends an operation once in effect. A lost answer is settled by reading the instance: a change
 * it shows (in progress or done) is followed, never sent again; only one it never shows within
 * the watch window is sent again, and the service refuses an extend or resize to the size it
 * already has, so even a late-showing first request cannot be doubled.
 */
async function submitOnce(context: CacheContext, operation: CacheOperation): Promise<void> {
  const expected = cacheExpectation(operation);
  for (let attempt = 1; ; attempt++) {
    try {
      return await whenCacheReady(context, () => submit(context.client, context.instanceId, operation), expected);
    } catch (error) {
      if (!(error instanceof HuaweiCloudError && error.outcomeUnknown) || attempt >= MAX_UNKNOWN_OUTCOMES) throw error;
      if (await shownOnInstance(context, operation)) return;
    }
  }
}

/** Runs one operation to its end: sent once in effect, then followed on the instance until it shows the result. */
export async function runCacheOperation(context: CacheContext, operation: CacheOperation): Promise<CacheInstance> {
  const label = describeCacheOperation(context.label, operation);
  await submitOnce(context, operation);
  // Measured from the accepted submit, as the service's own clock of the change runs: time spent
  // before (busy waits, the rate limiter's queue) would stretch every estimate from its progress.
  const startedAt = Date.now();
  return settleCache(context.client, {
    label,
    instanceId: context.instanceId,
    expected: cacheExpectation(operation),
    timeoutMs: Math.max(context.deadline - startedAt, 1),
    startedAt,
    report: context.report,
    change: changeTaskOf(operation),
  });
}
