import { randomUUID } from "node:crypto";
import { badRequest, INSTANCE_NOT_FOUND, INSTANCE_UNAVAILABLE, instanceBusy, notFound } from "../errors";
import type { Durations, JobDurationRule, SharedRds, TimedOperation } from "../options";
import { AddressPool, hexId } from "./ids";
import { JobBook, Timeline } from "./jobs";
import type { InstanceRecord, JobRecord, NodeRecord, RdsRecord, SimulatorSnapshot } from "./model";
import type { OrderRecord } from "./orders";

export interface StateConfig {
  /** Read at every submission, so control changes apply to the next operation. */
  durations: Durations;
  jobDuration?: JobDurationRule;
  rdsPerInstance: number;
  sharedRds: readonly SharedRds[];
  /** Whether an operation submitted now will fail when it completes (fault injection). */
  operationFails: (operation: TimedOperation) => boolean;
}

/** Statuses of an instance in the middle of an operation: other changes must wait (409). */
const BUSY_STATUSES: ReadonlySet<string> = new Set([
  "CREATING",
  "GROWING",
  "REDUCING",
  "RESIZING",
  "RESTARTING",
  "RESET_PASSWORD",
  "MODIFY_NAME",
  "UPGRADE_VERSION_INSTANCE",
  "ROLL_BACK_DB_VERSION",
  "RESTORE",
  "BACKUP",
  "MIGRATE_DATABASE",
  "SET_CONFIGURATION",
]);

export const DDM_PORT = 5066;
const RDS_PORT = 3306;

/** The whole simulated service: instances with everything inside them, jobs, and pending changes. */
export class DdmState {
  readonly instances = new Map<string, InstanceRecord>();
  readonly timeline = new Timeline();
  readonly jobs = new JobBook(this.timeline);
  readonly sharedRds: RdsRecord[];
  /** The billing service's orders (state/orders.ts). */
  readonly orders = new Map<string, OrderRecord>();
  private readonly dataIps = new AddressPool("192.168");
  private readonly managementIps = new AddressPool("100.64");
  private readonly syncIps = new AddressPool("172.16");
  private readonly rdsIps = new AddressPool("10.0");

  constructor(readonly config: StateConfig) {
    this.sharedRds = config.sharedRds.map(({ id, name }) => ({
      id,
      name,
      status: "normal",
      privateIp: this.rdsIps.take(),
      port: RDS_PORT,
      azCode: "az1",
    }));
  }

  /** Applies every change due by `now`; called before anything is read or changed. */
  advance(now: number): void {
    this.timeline.advance(now);
  }

  instance(id: string): InstanceRecord {
    const instance = this.instances.get(id);
    if (!instance) throw notFound(INSTANCE_NOT_FOUND, `The DDM instance ${id} does not exist.`);
    return instance;
  }

  /** A job for an instance operation, lasting the operation's configured duration. */
  startJob(
    operation: TimedOperation,
    name: string,
    instance: InstanceRecord,
    at: number,
    settle: (failing: boolean, at: number) => string | undefined,
  ): JobRecord {
    return this.jobs.start({
      name,
      instance,
      startedAt: at,
      durationMs: this.config.jobDuration?.({ operation, instanceName: instance.name, startedAt: at }) ?? this.config.durations[operation],
      failing: this.config.operationFails(operation),
      settle,
    });
  }

  /** A timed change without a job (schemas): `apply(failing, at)` runs when the duration has passed. */
  schedule(operation: TimedOperation, at: number, apply: (failing: boolean, at: number) => void): void {
    const failing = this.config.operationFails(operation);
    const dueAt = at + this.config.durations[operation];
    this.timeline.at(dueAt, () => apply(failing, dueAt));
  }

  /** Throws 409 DBS.200019 while another operation runs on the instance. */
  requireIdle(instance: InstanceRecord): void {
    if (this.jobs.runningFor(instance.id) || BUSY_STATUSES.has(instance.status)) throw instanceBusy();
  }

  /** Idle and RUNNING: what every change but deletion needs. */
  requireRunning(instance: InstanceRecord): void {
    this.requireIdle(instance);
    if (instance.status !== "RUNNING") {
      throw badRequest(INSTANCE_UNAVAILABLE, `The instance and node must be in the Available state (instance is ${instance.status}).`);
    }
  }

  /**
   * What schema and account work needs: the reference's answer to it on an instance that is busy
   * or otherwise not RUNNING is HTTP 400 DBS.200076 ("the instance and node must be in the
   * Available state"), not the 409 of instance operations.
   */
  requireAvailable(instance: InstanceRecord): void {
    if (this.jobs.runningFor(instance.id) || instance.status !== "RUNNING") {
      throw badRequest(INSTANCE_UNAVAILABLE, `The instance and node must be in the Available state (instance is ${instance.status}).`);
    }
  }

  newNode(instance: InstanceRecord, index: number, status: string): NodeRecord {
    return {
      id: hexId("no09"),
      name: `${instance.name}_node_${String(index + 1).padStart(2, "0")}`,
      status,
      ip: this.dataIps.take(),
      az: instance.availableZones[index % instance.availableZones.length],
      serverId: randomUUID(),
      floatingIp: this.managementIps.take(),
      resSubnetIp: this.syncIps.take(),
      dataVolumeId: randomUUID(),
      systemVolumeId: randomUUID(),
    };
  }

  newRds(instance: InstanceRecord, status = "normal"): RdsRecord {
    const index = instance.rds.length;
    return {
      id: hexId("in01"),
      name: `rds-${instance.name}-${String(index + 1).padStart(2, "0")}`,
      status,
      privateIp: this.rdsIps.take(),
      port: RDS_PORT,
      azCode: instance.availableZones[index % instance.availableZones.length],
    };
  }

  /**
   * The RDS instances an instance's schemas may use: its own, and the shared ones no other DDM
   * instance has a schema on (the reference: RDS instances must not be associated with another).
   */
  availableRds(instance: InstanceRecord): RdsRecord[] {
    const elsewhere = new Set(
      [...this.instances.values()].filter((other) => other !== instance).flatMap((other) => other.schemas.flatMap((schema) => schema.rdsIds)),
    );
    return [...this.sharedRds.filter((rds) => !elsewhere.has(rds.id)), ...instance.rds];
  }

  accessIp(): string {
    return this.dataIps.take();
  }

  snapshot(now: number): SimulatorSnapshot {
    return structuredClone({ now, instances: [...this.instances.values()], sharedRds: this.sharedRds, jobs: this.jobs.list(), orders: [...this.orders.values()] });
  }
}
