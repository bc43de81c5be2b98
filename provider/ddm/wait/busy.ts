import { HuaweiCloudError, type DdmClient } from "../client";
import type { InstanceDetail } from "../client/types";
import { observeInstance } from "./observe";
import type { Reporter } from "../../wait/progress";
import { sendWhenReady } from "../../wait/busy";
import { waitFor } from "../../wait/waiter";

export interface InstanceScope {
  client: DdmClient;
  instanceId: string;
  label: string;
  deadline: number;
  report?: Reporter;
}

/** Waits for the instance to be RUNNING again, once another operation holds it. */
export function waitUntilRunning(scope: InstanceScope): Promise<InstanceDetail> {
  return waitFor({
    label: `${scope.label}: waiting for another operation on the instance to finish`,
    timeoutMs: Math.max(scope.deadline - Date.now(), 1),
    report: scope.report,
    observe: async () => observeInstance(await scope.client.findInstance(scope.instanceId)),
  });
}

/**
 * Sends a request; while the instance is busy with another operation (DBS.200019 even after
 * the client's own retries), waits for it to be RUNNING and sends it again, until the deadline.
 */
export function whenInstanceReady<T>(scope: InstanceScope, send: () => Promise<T>): Promise<T> {
  return sendWhenReady(send, {
    isBusy: (error) => error instanceof HuaweiCloudError && error.isBusy,
    waitUntilReady: () => waitUntilRunning(scope),
    deadline: scope.deadline,
  });
}
