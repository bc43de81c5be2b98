import type { CallLog } from "../call-log";
import type { FaultInjector } from "../faults";
import type { Router } from "../router";
import { CONTROL_PREFIX, ControlError, objectBody, ServiceControl, serviceControlRouter } from "../service-control";
import { flavorByCode } from "./catalog";
import type { DcsInstanceRecord, DcsSnapshot } from "./model";
import type { DcsDurations, DcsState } from "./state";

/** An out-of-band change to a cache instance, as someone using the console would make it. */
export interface CacheDrift {
  name?: string;
  status?: string;
  /** A new flavor and capacity, taking effect at once (as if resized in the console). */
  specCode?: string;
  capacity?: number;
  usedMemoryMb?: number;
}

export interface DcsControlDeps {
  state: DcsState;
  faults: FaultInjector;
  calls: CallLog;
  now: () => number;
}

/** The DCS simulator's control API: the calls, faults and durations every service has, plus drift. */
export class DcsControl extends ServiceControl<DcsDurations> {
  constructor(private readonly deps: DcsControlDeps) {
    super({ ...deps, durations: deps.state.config.durations, advance: (now) => deps.state.advance(now) });
  }

  snapshot(): DcsSnapshot {
    return this.deps.state.snapshot(this.advance());
  }

  driftInstance(instanceId: string, drift: CacheDrift): DcsInstanceRecord {
    const now = this.advance();
    const instance = this.instance(instanceId);
    const flavor = drift.specCode === undefined ? undefined : flavorByCode(drift.specCode);
    if (drift.specCode !== undefined && (!flavor || flavor.engine !== instance.engine)) {
      throw new ControlError(400, `${drift.specCode} is not a ${instance.engine} flavor.`);
    }
    const capacity = drift.capacity ?? (flavor ? flavor.capacities[0] : instance.capacity);
    if ((flavor ?? flavorByCode(instance.specCode))!.capacities.indexOf(capacity) < 0) {
      throw new ControlError(400, `${capacity} GB is not offered for ${flavor?.specCode ?? instance.specCode}.`);
    }
    if (flavor) {
      this.deps.state.setShards(instance, flavor);
      instance.specCode = flavor.specCode;
      instance.cacheMode = flavor.cacheMode;
      instance.replicaCount = flavor.replicaCount;
    }
    instance.capacity = capacity;
    if (drift.name !== undefined) instance.name = drift.name;
    if (drift.status !== undefined) instance.status = drift.status;
    if (drift.usedMemoryMb !== undefined) instance.usedMemoryMb = drift.usedMemoryMb;
    instance.updatedAt = now;
    return structuredClone(instance);
  }

  deleteInstance(instanceId: string): void {
    this.advance();
    this.instance(instanceId);
    this.deps.state.instances.delete(instanceId);
  }

  private instance(instanceId: string): DcsInstanceRecord {
    const instance = this.deps.state.instances.get(instanceId);
    if (!instance) throw new ControlError(404, `No instance ${instanceId}.`);
    return instance;
  }
}

export function dcsControlRouter(control: DcsControl): Router {
  const router = serviceControlRouter(control);
  const instance = `${CONTROL_PREFIX}/instances/:instanceId`;
  router.add("GET", `${CONTROL_PREFIX}/state`, () => ({ body: control.snapshot() }));
  router.add("PATCH", instance, ({ params, body }) => ({ body: control.driftInstance(params.instanceId, objectBody<CacheDrift>(body)) }));
  router.add("DELETE", instance, ({ params }) => {
    control.deleteInstance(params.instanceId);
    return { status: 204 };
  });
  return router;
}
