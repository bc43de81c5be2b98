import { HuaweiCloudError } from "../../cloud/errors";
import type { Reporter } from "../../wait";
import { sendWhenReady } from "../../wait";
import type { DcsClient } from "../client";
import type { CacheInstance } from "../client/types";
import { describeCacheOperation, type CacheOperation } from "./plan";
import { capacityOf, settleCache, waitUntilIdle } from "./settle";

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

/** Sends a request, waiting out busy answers (the request was refused, so sending it again is safe). */
export function whenCacheReady<T>(context: CacheContext, send: () => Promise<T>): Promise<T> {
  return sendWhenReady(send, {
    isBusy,
    waitUntilReady: () =>
      waitUntilIdle(context.client, {
        label: context.label,
        instanceId: context.instanceId,
        timeoutMs: Math.max(context.deadline - Date.now(), 1),
        report: context.report,
      }),
    deadline: context.deadline,
  });
}

/**
 * Runs one operation to its end. It is sent once: an answer lost after the request may have
 * reached the service is settled by following the instance (which shows the change, or shows
 * it never started), never by sending a second extend or resize.
 */
export async function runCacheOperation(context: CacheContext, operation: CacheOperation): Promise<CacheInstance> {
  const label = describeCacheOperation(context.label, operation);
  const startedAt = Date.now();
  try {
    await whenCacheReady(context, () => submit(context.client, context.instanceId, operation));
  } catch (error) {
    if (!(error instanceof HuaweiCloudError && error.outcomeUnknown)) throw error;
  }
  return settleCache(context.client, {
    label,
    instanceId: context.instanceId,
    expected: cacheExpectation(operation),
    timeoutMs: Math.max(context.deadline - startedAt, 1),
    startedAt,
    report: context.report,
  });
}
