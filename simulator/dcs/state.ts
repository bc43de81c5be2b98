import { randomUUID } from "node:crypto";
import { AddressPool } from "../state/ids";
import { Timeline } from "../state/jobs";
import { flavorByCode, type DcsFlavor } from "./catalog";
import { instanceNotFound, invalid, notRunning, operationInProgress } from "./errors";
import type { DcsBackgroundTask, DcsInstanceRecord, DcsSnapshot } from "./model";
import { newTask, TASK_FAILED, TASK_SUCCESS } from "./tasks";

/** How long each DCS operation takes, in milliseconds. */
export interface DcsDurations {
  createCache: number;
  extendCache: number;
  resizeCache: number;
  deleteCache: number;
}

export type DcsOperation = keyof DcsDurations;

export const DEFAULT_DCS_DURATIONS: DcsDurations = { createCache: 1_500, extendCache: 1_000, resizeCache: 1_000, deleteCache: 500 };

export interface DcsStateConfig {
  durations: DcsDurations;
  /** One change's duration, where it answers a number (benchmarks). */
  changeDuration?: (change: { operation: DcsOperation; instanceName: string; startedAt: number }) => number | undefined;
  operationFails: (operation: DcsOperation) => boolean;
}

export const REDIS_PORT = 6379;
export const MEMCACHED_PORT = 11211;

export interface NewCache {
  name: string;
  flavor: DcsFlavor;
  engineVersion: string;
  capacity: number;
  azCodes: string[];
  vpcId: string;
  subnetId: string;
  securityGroupId?: string;
  noPasswordAccess: boolean;
  port?: number;
  maintainBegin?: string;
  maintainEnd?: string;
}

export interface CapacityChange {
  flavor: DcsFlavor;
  capacity: number;
  /** Cluster shards to keep when shrinking; others are removed. Without it, the last ones go. */
  reservedIps?: string[];
  /** The background task's name: EXTEND, AddReplica or DelReplica. */
  taskName: string;
}

/**
 * The simulated DCS service. There are no jobs: an accepted change shows on the instance, over
 * the operation's duration `d`, as the documents and the Terraform provider describe it —
 *   [0, d/10)       still RUNNING with the old values (accepted, not shown yet; other changes are refused)
 *   [d/10, d)       the busy status (EXTENDING, CREATING…) with a non-null `task`
 *   [d, d + d/10)   RUNNING with the new values, `task` still set
 *   d + d/10 on     RUNNING, `task` null
 * A change that fails (fault injection) ends RUNNING with the old values at d.
 * Each change is also a background task (tasks.ts) spanning [0, d + d/10): SUCCESS at its end, or
 * FAILED at d when the change fails.
 */
export class DcsState {
  readonly instances = new Map<string, DcsInstanceRecord>();
  readonly tasks = new Map<string, DcsBackgroundTask>();
  readonly timeline = new Timeline();
  private readonly ips = new AddressPool("192.168");

  constructor(readonly config: DcsStateConfig) {}

  advance(now: number): void {
    this.timeline.advance(now);
  }

  instance(id: string): DcsInstanceRecord {
    const instance = this.instances.get(id);
    if (!instance) throw instanceNotFound(id);
    return instance;
  }

  /** RUNNING, no task, nothing accepted but not shown: what every change needs. */
  requireIdle(instance: DcsInstanceRecord): void {
    if (instance.pending || instance.task) throw operationInProgress();
    if (instance.status !== "RUNNING") throw notRunning(instance.status);
  }

  create(spec: NewCache, at: number): DcsInstanceRecord {
    const id = randomUUID();
    const instance: DcsInstanceRecord = {
      id,
      name: spec.name,
      engine: spec.flavor.engine,
      engineVersion: spec.engineVersion,
      specCode: spec.flavor.specCode,
      cacheMode: spec.flavor.cacheMode,
      capacity: spec.capacity,
      replicaCount: spec.flavor.replicaCount,
      shardIps: [],
      azCodes: spec.azCodes,
      vpcId: spec.vpcId,
      subnetId: spec.subnetId,
      securityGroupId: spec.securityGroupId,
      noPasswordAccess: spec.noPasswordAccess,
      port: spec.port ?? (spec.flavor.engine === "Redis" ? REDIS_PORT : MEMCACHED_PORT),
      ip: this.ips.take(),
      domainName: `redis-${id}.dcs.huaweicloud.com`,
      usedMemoryMb: 2,
      maintainBegin: spec.maintainBegin ?? "02:00:00",
      maintainEnd: spec.maintainEnd ?? "06:00:00",
      status: "CREATING",
      task: { name: "create", status: "CREATING" },
      pending: false,
      createdAt: at,
      updatedAt: at,
    };
    this.setShards(instance, spec.flavor);
    this.instances.set(id, instance);
    const failing = this.config.operationFails("createCache");
    const end = at + this.config.durations.createCache;
    this.timeline.at(end, () => {
      if (!this.live(instance)) return;
      instance.status = failing ? "CREATEFAILED" : "RUNNING";
      instance.task = null;
      instance.updatedAt = end;
    });
    return instance;
  }

  extend(id: string, change: CapacityChange, at: number): void {
    const instance = this.instance(id);
    this.requireIdle(instance);
    this.change(instance, "extendCache", "EXTENDING", "extend", change, at);
  }

  resize(id: string, change: CapacityChange, at: number): void {
    const instance = this.instance(id);
    this.requireIdle(instance);
    this.change(instance, "resizeCache", "EXTENDING", "resize", change, at);
  }

  modify(id: string, changes: Partial<Pick<DcsInstanceRecord, "name" | "maintainBegin" | "maintainEnd">>, at: number): void {
    const instance = this.instance(id);
    this.requireIdle(instance);
    Object.assign(instance, changes);
    instance.updatedAt = at;
  }

  /** The instance keeps answering until the deletion is done, then 404. Refused while it is busy. */
  delete(id: string, at: number): void {
    const instance = this.instance(id);
    if (instance.pending || instance.task) throw operationInProgress();
    instance.pending = true;
    const failing = this.config.operationFails("deleteCache");
    this.timeline.at(at + this.config.durations.deleteCache, () => {
      instance.pending = false;
      if (!failing) this.instances.delete(instance.id);
    });
  }

  snapshot(now: number): DcsSnapshot {
    return structuredClone({ now, instances: [...this.instances.values()] });
  }

  setShards(instance: DcsInstanceRecord, flavor: DcsFlavor, reservedIps?: readonly string[]): void {
    if (flavor.cacheMode !== "cluster") {
      instance.shardIps = [];
      return;
    }
    const kept = reservedIps ? instance.shardIps.filter((ip) => reservedIps.includes(ip)) : instance.shardIps;
    const shards = kept.slice(0, flavor.shardCount);
    while (shards.length < flavor.shardCount) shards.push(this.ips.take());
    instance.shardIps = shards;
  }

  private change(instance: DcsInstanceRecord, operation: DcsOperation, busyStatus: string, task: string, change: CapacityChange, at: number): void {
    const duration = this.config.changeDuration?.({ operation, instanceName: instance.name, startedAt: at }) ?? this.config.durations[operation];
    const lag = Math.round(duration / 10);
    const failing = this.config.operationFails(operation);
    if (!flavorByCode(change.flavor.specCode)) throw invalid(`spec_code ${change.flavor.specCode} does not exist.`);
    instance.pending = true;
    instance.updatedAt = at;
    const record = newTask({
      instanceId: instance.id,
      name: change.taskName,
      oldCapacity: instance.capacity,
      newCapacity: change.capacity,
      oldCacheMode: instance.cacheMode,
      newCacheMode: change.flavor.cacheMode,
      specCode: change.flavor.specCode,
      createdAt: at,
      updatedAt: at,
      endsAt: at + duration + lag,
    });
    this.tasks.set(record.id, record);
    this.timeline.at(at + lag, () => {
      instance.pending = false;
      instance.status = busyStatus;
      instance.task = { name: task, status: busyStatus };
    });
    this.timeline.at(at + duration, () => {
      instance.status = "RUNNING";
      instance.updatedAt = at + duration;
      if (failing) {
        instance.task = null;
        Object.assign(record, { status: TASK_FAILED, failedAt: at + duration, updatedAt: at + duration });
        return;
      }
      this.setShards(instance, change.flavor, change.reservedIps);
      instance.specCode = change.flavor.specCode;
      instance.cacheMode = change.flavor.cacheMode;
      instance.replicaCount = change.flavor.replicaCount;
      instance.capacity = change.capacity;
    });
    this.timeline.at(at + duration + lag, () => {
      if (failing) return;
      instance.task = null;
      Object.assign(record, { status: TASK_SUCCESS, updatedAt: at + duration + lag });
    });
  }

  /** The instance's tasks created within [from, to], newest first. */
  tasksOf(instanceId: string, from = -Infinity, to = Infinity): DcsBackgroundTask[] {
    this.instance(instanceId);
    return [...this.tasks.values()].filter((task) => task.instanceId === instanceId && task.createdAt >= from && task.createdAt <= to).sort((a, b) => b.createdAt - a.createdAt);
  }

  private live(instance: DcsInstanceRecord): boolean {
    return this.instances.get(instance.id) === instance;
  }
}
