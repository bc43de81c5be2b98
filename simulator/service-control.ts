import type { CallLog, CallRecord } from "./call-log";
import { FaultConfigError, type FaultInjector } from "./faults";
import type { FaultOptions } from "./options";
import { Router } from "./router";

/**
 * The part of the control API every simulated service has: its call log, its faults and the
 * durations of its operations. Each service's control adds what is its own (drift, deletions).
 */

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ServiceControlDeps<Durations extends object> {
  faults: FaultInjector;
  calls: CallLog;
  now: () => number;
  /** Read at every submission, so a change applies to the next operation. */
  durations: Durations;
  advance: (now: number) => void;
}

export class ServiceControl<Durations extends object> {
  constructor(private readonly common: ServiceControlDeps<Durations>) {}

  calls(): CallRecord[] {
    return this.common.calls.list();
  }

  resetCalls(): void {
    this.common.calls.clear();
  }

  /** Replaces the fault configuration; a `seed` restarts the fault sequence. */
  setFaults(faults: FaultOptions<Extract<keyof Durations, string>>): void {
    try {
      this.common.faults.configure(faults as FaultOptions);
    } catch (error) {
      if (error instanceof FaultConfigError) throw new ControlError(400, error.message);
      throw error;
    }
  }

  faults(): FaultOptions<Extract<keyof Durations, string>> {
    return this.common.faults.current() as FaultOptions<Extract<keyof Durations, string>>;
  }

  /** Changes the durations of operations submitted from now on; returns them all. */
  setDurations(durations: Partial<Durations>): Durations {
    const current = this.common.durations;
    for (const [key, ms] of Object.entries(durations)) {
      if (!(key in current)) throw new ControlError(400, `${key} is not an operation with a duration.`);
      if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) throw new ControlError(400, `${key} must be a duration in ms.`);
    }
    Object.assign(current, durations);
    return { ...current };
  }

  /** Applies the changes due by now, like an API request would; returns now. */
  protected advance(): number {
    const now = this.common.now();
    this.common.advance(now);
    return now;
  }
}

export const CONTROL_PREFIX = "/_sim";

export function objectBody<T>(body: unknown): T {
  if (body === undefined) return {} as T;
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new ControlError(400, "The body must be a JSON object.");
  return body as T;
}

/** The control routes every service has; the service's own are added to the router returned. */
export function serviceControlRouter<Durations extends object>(control: ServiceControl<Durations>): Router {
  const router = new Router();
  router.add("GET", `${CONTROL_PREFIX}/calls`, () => ({ body: { calls: control.calls() } }));
  router.add("DELETE", `${CONTROL_PREFIX}/calls`, () => {
    control.resetCalls();
    return { status: 204 };
  });
  router.add("GET", `${CONTROL_PREFIX}/faults`, () => ({ body: control.faults() }));
  router.add("PUT", `${CONTROL_PREFIX}/faults`, ({ body }) => {
    control.setFaults(objectBody<FaultOptions<Extract<keyof Durations, string>>>(body));
    return { body: control.faults() };
  });
  router.add("PUT", `${CONTROL_PREFIX}/durations`, ({ body }) => ({ body: control.setDurations(objectBody<Partial<Durations>>(body)) }));
  return router;
}
