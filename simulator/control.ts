import type { CallLog, CallRecord } from "./call-log";
import { FaultConfigError, type FaultInjector } from "./faults";
import type { Durations, FaultOptions } from "./options";
import { flavorByCode } from "./state/catalog";
import { addNodes, defaultGroup, MAX_NODES_PER_GROUP, newGroup } from "./state/instances";
import type { InstanceRecord, JobRecord, NodeGroupRecord, RdsRecord, SimulatorSnapshot } from "./state/model";
import { INSTANCE_STATUSES } from "./state/rules";
import { findSchema, removeSchema } from "./state/schemas";
import type { DdmState } from "./state/store";

/**
 * What tests (and curious users) can do behind the API's back: inspect everything, change
 * instances out of band (drift), and set faults and durations at run time. Every call first applies
 * the changes due by now, like an API request would. Results are copies: changing them changes nothing.
 */

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** An out-of-band change to an instance, as someone using the console would make it. */
export interface InstanceDrift {
  name?: string;
  securityGroupId?: string;
  status?: string;
  /** Node class of the group (the default group unless `groupId` names another). */
  flavorCode?: string;
  /** Adds normal nodes to the group, or removes its last ones. */
  nodeCount?: number;
  groupId?: string;
  /**
   * The version the instance reports, as after an upgrade in place: a build of its release
   * ("3.1.0.5", the four-part form Terraform's docs show) or one no longer on sale.
   */
  engineVersion?: string;
}

export interface RdsOptions {
  count?: number;
  status?: string;
}

export interface NodeGroupOptions {
  name?: string;
  /** Defaults to the default group's class. */
  flavorCode?: string;
  nodeCount?: number;
}

export interface ControlDeps {
  state: DdmState;
  faults: FaultInjector;
  calls: CallLog;
  now: () => number;
}

function nonEmptyText(value: unknown, what: string): string {
  if (typeof value !== "string" || value === "") throw new ControlError(400, `${what} must be a non-empty string.`);
  return value;
}

function countOf(value: unknown, what: string, max: number): number {
  if (!(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max)) {
    throw new ControlError(400, `${what} must be an integer from 1 to ${max}.`);
  }
  return value as number;
}

export class SimulatorControl {
  constructor(private readonly deps: ControlDeps) {}

  calls(): CallRecord[] {
    return this.deps.calls.list();
  }

  resetCalls(): void {
    this.deps.calls.clear();
  }

  snapshot(): SimulatorSnapshot {
    return this.deps.state.snapshot(this.advance());
  }

  /** Every job, newest first, with `completedAt` (= `endsAt`) once it has ended. */
  jobs(): JobRecord[] {
    this.advance();
    return structuredClone(this.deps.state.jobs.list());
  }

  driftInstance(instanceId: string, drift: InstanceDrift): InstanceRecord {
    const now = this.advance();
    const instance = this.instance(instanceId);
    const group = this.group(instance, drift.groupId);
    const name = drift.name === undefined ? undefined : nonEmptyText(drift.name, "name");
    const securityGroupId = drift.securityGroupId === undefined ? undefined : nonEmptyText(drift.securityGroupId, "securityGroupId");
    const status = drift.status === undefined ? undefined : nonEmptyText(drift.status, "status");
    if (status !== undefined && !INSTANCE_STATUSES.has(status)) {
      throw new ControlError(400, `${status} is not an instance status the service reports (reference A.6, FACTS.md §2).`);
    }
    const engineVersion = drift.engineVersion === undefined ? undefined : nonEmptyText(drift.engineVersion, "engineVersion");
    const nodeCount = drift.nodeCount === undefined ? undefined : countOf(drift.nodeCount, "nodeCount", MAX_NODES_PER_GROUP);
    if (drift.flavorCode !== undefined && !flavorByCode(instance.engineId, drift.flavorCode)) {
      throw new ControlError(400, `${String(drift.flavorCode)} is not a node class of engine ${instance.engineVersion}.`);
    }
    instance.name = name ?? instance.name;
    instance.securityGroupId = securityGroupId ?? instance.securityGroupId;
    instance.status = status ?? instance.status;
    instance.engineVersion = engineVersion ?? instance.engineVersion;
    group.flavorCode = drift.flavorCode ?? group.flavorCode;
    if (nodeCount !== undefined) {
      if (nodeCount > group.nodes.length) addNodes(this.deps.state, instance, group, nodeCount - group.nodes.length, "normal");
      group.nodes = group.nodes.slice(0, nodeCount);
    }
    instance.updatedAt = now;
    return structuredClone(instance);
  }

  deleteInstance(instanceId: string): void {
    this.advance();
    this.instance(instanceId);
    this.deps.state.instances.delete(instanceId);
  }

  deleteSchema(instanceId: string, name: string): void {
    this.advance();
    const instance = this.instance(instanceId);
    const schema = findSchema(instance, name);
    if (!schema) throw new ControlError(404, `No schema ${name} on instance ${instanceId}.`);
    removeSchema(instance, schema);
  }

  deleteAccount(instanceId: string, name: string): void {
    this.advance();
    const instance = this.instance(instanceId);
    if (!instance.accounts.some((account) => account.name === name)) throw new ControlError(404, `No account ${name} on instance ${instanceId}.`);
    instance.accounts = instance.accounts.filter((account) => account.name !== name);
  }

  /** More RDS instances listed as available to the instance's schemas. */
  addRds(instanceId: string, options: RdsOptions = {}): RdsRecord[] {
    this.advance();
    const instance = this.instance(instanceId);
    const count = countOf(options.count ?? 1, "count", 64);
    const status = nonEmptyText(options.status ?? "normal", "status");
    const added = Array.from({ length: count }, () => {
      const rds = this.deps.state.newRds(instance, status);
      instance.rds.push(rds);
      return rds;
    });
    return structuredClone(added);
  }

  /** A second (third, …) node group: enlarge, reduce and class changes then need a group_id. */
  addNodeGroup(instanceId: string, options: NodeGroupOptions = {}): NodeGroupRecord {
    this.advance();
    const instance = this.instance(instanceId);
    const flavorCode = options.flavorCode ?? defaultGroup(instance).flavorCode;
    if (!flavorByCode(instance.engineId, flavorCode)) {
      throw new ControlError(400, `${flavorCode} is not a node class of engine ${instance.engineVersion}.`);
    }
    const name = nonEmptyText(options.name ?? `group-${instance.groups.length + 1}`, "name");
    const group = newGroup(name, flavorCode, false);
    instance.groups.push(group);
    addNodes(this.deps.state, instance, group, countOf(options.nodeCount ?? 1, "nodeCount", MAX_NODES_PER_GROUP), "normal");
    return structuredClone(group);
  }

  /** Replaces the fault configuration; a `seed` restarts the fault sequence. */
  setFaults(faults: FaultOptions): void {
    try {
      this.deps.faults.configure(faults);
    } catch (error) {
      if (error instanceof FaultConfigError) throw new ControlError(400, error.message);
      throw error;
    }
  }

  faults(): FaultOptions {
    return this.deps.faults.current();
  }

  /** Changes the durations of operations submitted from now on; returns them all. */
  setDurations(durations: Partial<Durations>): Durations {
    const current = this.deps.state.config.durations;
    for (const [key, ms] of Object.entries(durations)) {
      if (!(key in current)) throw new ControlError(400, `${key} is not an operation with a duration.`);
      if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) throw new ControlError(400, `${key} must be a duration in ms.`);
    }
    Object.assign(current, durations);
    return { ...current };
  }

  private advance(): number {
    const now = this.deps.now();
    this.deps.state.advance(now);
    return now;
  }

  private instance(instanceId: string): InstanceRecord {
    const instance = this.deps.state.instances.get(instanceId);
    if (!instance) throw new ControlError(404, `No instance ${instanceId}.`);
    return instance;
  }

  private group(instance: InstanceRecord, groupId: string | undefined): NodeGroupRecord {
    if (groupId === undefined) return defaultGroup(instance);
    const group = instance.groups.find((candidate) => candidate.id === groupId);
    if (!group) throw new ControlError(404, `No node group ${groupId} on instance ${instance.id}.`);
    return group;
  }
}
