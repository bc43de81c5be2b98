import { HuaweiCloudError, type DdmClient } from "../client";
import type { InstanceDetail } from "../client/types";
import { observeInstance } from "./observe";
import { runningTogether } from "./together";
import type { Reporter } from "../../wait/progress";
import { redact } from "../../cloud/redact";
import { OperationFailedError, waitFor } from "../../wait/waiter";

export interface InstanceScope {
  client: DdmClient;
  instanceId: string;
  label: string;
  deadline: number;
  report?: Reporter;
}

/** Waits for the instance to be RUNNING again, once another operation holds it. */
export function waitUntilRunning(scope: InstanceScope): Promise<InstanceDetail> {
  const label = `${scope.label}: waiting for another operation on the instance to finish`;
  const timeoutMs = Math.max(scope.deadline - Date.now(), 1);
  if (scope.client.settings.watchTogether) return runningTogether(scope.client, { instanceId: scope.instanceId, label, timeoutMs, report: scope.report });
  return waitFor({ label, timeoutMs, report: scope.report, observe: async () => observeInstance(await scope.client.findInstance(scope.instanceId)) });
}

/** The instance will not become RUNNING by itself (FROZEN, ERROR, gone): the reason, for the step's own error. */
export class InstanceUnavailableError extends Error {
  override readonly name = "InstanceUnavailableError";
}

/**
 * Sends a request; while the instance is busy with another operation (DBS.200019 even after
 * the client's own retries, or DBS.200076), waits for it to be RUNNING and sends it again, until
 * the deadline. A status that never clears by itself (FROZEN) fails at the first look.
 */
export async function whenInstanceReady<T>(scope: InstanceScope, send: () => Promise<T>): Promise<T> {
  for (let refusals = 0; ; refusals++) {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof HuaweiCloudError && error.isBusy) || Date.now() > scope.deadline) throw error;
      await waitUntilRunning(scope).catch((failure: unknown) => {
        throw failure instanceof OperationFailedError ? new InstanceUnavailableError(redact(failure.reason)) : failure;
      });
      // RUNNING yet refused again (a node still unavailable): back off rather than hammer the service.
      if (refusals > 0) {
        const pause = Math.min(1_000 * 2 ** (refusals - 1), 30_000, Math.max(scope.deadline - Date.now(), 0));
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }
}
