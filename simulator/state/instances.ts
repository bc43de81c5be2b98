import { parameterError } from "../errors";
import { flavorByCode, seriesOf, type Engine, type Flavor } from "./catalog";
import { hexId } from "./ids";
import { defaultParameters } from "./parameters";
import type { InstanceRecord, JobRecord, NodeGroupRecord, NodeRecord } from "./model";
import { DDM_PORT, type DdmState } from "./store";

/**
 * Instance operations and their rules. Every long operation puts the instance in a busy status,
 * starts a job, and settles when the job ends. A job that fails leaves a consistent state: the
 * instance RUNNING again (CREATEFAILED for a failed creation), with whatever part of the change
 * was done before the failure — half the nodes of a scale-out or scale-in, rounded down, and
 * none of a class change or administrator change.
 */

export const MAX_NODES_PER_GROUP = 32;
/** The reference (§4.3.6): the administrator can be managed from DDM 3.0.9 on. */
const ADMIN_USER_MIN_VERSION = "3.0.9";
const GONE = "The instance no longer exists.";

export interface NewInstance {
  name: string;
  engine: Engine;
  flavor: Flavor;
  nodeNum: number;
  availableZones: string[];
  vpcId: string;
  subnetId: string;
  securityGroupId: string;
  enterpriseProjectId: string;
  timeZone: string;
  paramGroupId?: string;
  adminUserName?: string;
}

/** What a long operation hands back: the instance it changes and the job to follow. */
export interface Submission {
  instance: InstanceRecord;
  job: JobRecord;
}

export function allNodes(instance: InstanceRecord): NodeRecord[] {
  return instance.groups.flatMap((group) => group.nodes);
}

export function defaultGroup(instance: InstanceRecord): NodeGroupRecord {
  return instance.groups.find((group) => group.isDefault) ?? instance.groups[0];
}

/** Whether the record is still the one the state holds (a control call may have deleted it). */
function live(state: DdmState, instance: InstanceRecord): boolean {
  return state.instances.get(instance.id) === instance;
}

export function addNodes(state: DdmState, instance: InstanceRecord, group: NodeGroupRecord, count: number, status: string): NodeRecord[] {
  const first = allNodes(instance).length;
  const nodes = Array.from({ length: count }, (_, i) => state.newNode(instance, first + i, status));
  group.nodes.push(...nodes);
  return nodes;
}

export function newGroup(name: string, flavorCode: string, isDefault: boolean): NodeGroupRecord {
  return { id: hexId("gr09"), name, role: "rw", flavorCode, isDefault, nodes: [] };
}

export function createInstance(state: DdmState, spec: NewInstance, at: number): Submission {
  const instance: InstanceRecord = {
    id: hexId("in09"),
    name: spec.name,
    status: "CREATING",
    engineId: spec.engine.id,
    engineVersion: spec.engine.version,
    availableZones: spec.availableZones,
    vpcId: spec.vpcId,
    subnetId: spec.subnetId,
    securityGroupId: spec.securityGroupId,
    enterpriseProjectId: spec.enterpriseProjectId,
    timeZone: spec.timeZone,
    paramGroupId: spec.paramGroupId,
    adminUserName: spec.adminUserName,
    accessIp: state.accessIp(),
    accessPort: DDM_PORT,
    createdAt: at,
    updatedAt: at,
    groups: [newGroup("default-group", spec.flavor.code, true)],
    rds: [],
    schemas: [],
    accounts: [],
    parameters: defaultParameters(),
    parametersUpdatedAt: at,
    pendingRestart: [],
    readWeights: {},
  };
  addNodes(state, instance, instance.groups[0], spec.nodeNum, "creating");
  for (let i = 0; i < state.config.rdsPerInstance; i++) instance.rds.push(state.newRds(instance));
  state.instances.set(instance.id, instance);
  const job = state.startJob("createInstance", "CreateInstance", instance, at, (failing, end) => {
    if (!live(state, instance)) return GONE;
    instance.updatedAt = end;
    for (const node of allNodes(instance)) node.status = failing ? "createfail" : "normal";
    if (failing) {
      instance.status = "CREATEFAILED";
      instance.errorMsg = "Failed to create the DDM instance (simulated fault).";
      return instance.errorMsg;
    }
    instance.status = "RUNNING";
    return undefined;
  });
  return { instance, job };
}

export function renameInstance(state: DdmState, instanceId: string, name: string, at: number): InstanceRecord {
  const instance = state.instance(instanceId);
  state.requireRunning(instance);
  instance.name = name;
  instance.updatedAt = at;
  return instance;
}

export function changeSecurityGroup(state: DdmState, instanceId: string, securityGroupId: string, at: number): InstanceRecord {
  const instance = state.instance(instanceId);
  state.requireRunning(instance);
  instance.securityGroupId = securityGroupId;
  instance.updatedAt = at;
  return instance;
}

/**
 * The instance keeps its status while it is being deleted (the live service is observed to keep
 * answering RUNNING) and answers 404 from the moment the job completes.
 */
export function deleteInstance(state: DdmState, instanceId: string, at: number): Submission {
  const instance = state.instance(instanceId);
  state.requireIdle(instance);
  const job = state.startJob("deleteInstance", "DeleteInstance", instance, at, (failing) => {
    if (!live(state, instance)) return undefined;
    if (failing) return "Failed to delete the DDM instance (simulated fault).";
    state.instances.delete(instance.id);
    return undefined;
  });
  return { instance, job };
}

/** The group an operation names; required when there is more than one (reference §4.1.9). */
function targetGroup(instance: InstanceRecord, groupId: string | undefined): NodeGroupRecord {
  if (groupId === undefined) {
    if (instance.groups.length > 1) throw parameterError("group_id is required: the instance has more than one node group.");
    return instance.groups[0];
  }
  const group = instance.groups.find((candidate) => candidate.id === groupId);
  if (!group) throw parameterError(`Node group ${groupId} does not belong to the instance.`);
  return group;
}

export interface EnlargeRequest {
  flavorId: string;
  nodeNumber: number;
  groupId?: string;
}

export function enlargeInstance(state: DdmState, instanceId: string, request: EnlargeRequest, at: number): Submission {
  const instance = state.instance(instanceId);
  state.requireRunning(instance);
  const group = targetGroup(instance, request.groupId);
  const flavor = flavorByCode(instance.engineId, group.flavorCode);
  if (flavor?.id !== request.flavorId) {
    throw parameterError(`flavor_id must be the id of the group's node class ${group.flavorCode} (${flavor?.id ?? "unknown"}).`);
  }
  if (group.nodes.length + request.nodeNumber > MAX_NODES_PER_GROUP) {
    throw parameterError(`A node group can have at most ${MAX_NODES_PER_GROUP} nodes.`);
  }
  const added = addNodes(state, instance, group, request.nodeNumber, "creating");
  instance.status = "GROWING";
  instance.updatedAt = at;
  const job = state.startJob("enlarge", "EnlargeNode", instance, at, (failing, end) => {
    if (!live(state, instance)) return GONE;
    const kept = failing ? added.slice(0, Math.floor(added.length / 2)) : added;
    group.nodes = group.nodes.filter((node) => !added.includes(node) || kept.includes(node));
    for (const node of kept) node.status = "normal";
    instance.status = "RUNNING";
    instance.updatedAt = end;
    return failing ? `Scaling out failed after adding ${kept.length} of ${added.length} nodes (simulated fault).` : undefined;
  });
  return { instance, job };
}

export interface ReduceRequest {
  nodeNumber: number;
  groupId?: string;
}

export function reduceInstance(state: DdmState, instanceId: string, request: ReduceRequest, at: number): Submission {
  const instance = state.instance(instanceId);
  state.requireRunning(instance);
  const group = targetGroup(instance, request.groupId);
  if (request.nodeNumber > group.nodes.length - 1) {
    throw parameterError(`node_number can be at most the number of nodes minus 1 (${group.nodes.length - 1}).`);
  }
  const leaving = group.nodes.slice(group.nodes.length - request.nodeNumber);
  instance.status = "REDUCING";
  instance.updatedAt = at;
  const job = state.startJob("reduce", "ReduceNode", instance, at, (failing, end) => {
    if (!live(state, instance)) return GONE;
    const removed = failing ? leaving.slice(0, Math.floor(leaving.length / 2)) : leaving;
    group.nodes = group.nodes.filter((node) => !removed.includes(node));
    instance.status = "RUNNING";
    instance.updatedAt = end;
    return failing ? `Scaling in failed after removing ${removed.length} of ${leaving.length} nodes (simulated fault).` : undefined;
  });
  return { instance, job };
}

export interface ResizeRequest {
  specCode: string;
  groupId?: string;
}

export function resizeInstance(state: DdmState, instanceId: string, request: ResizeRequest, at: number): Submission {
  const instance = state.instance(instanceId);
  state.requireRunning(instance);
  const group = targetGroup(instance, request.groupId);
  const flavor = flavorByCode(instance.engineId, request.specCode);
  if (!flavor) throw parameterError(`spec_code ${request.specCode} is not a node class of engine ${instance.engineVersion}.`);
  if (flavor.code === group.flavorCode) throw parameterError("The new node class cannot be the same as the original one.");
  if (seriesOf(group.flavorCode) === "c6s" && seriesOf(flavor.code) === "c6") {
    throw parameterError("Node classes of the c6s series cannot be changed to the c6 series.");
  }
  for (const node of group.nodes) node.status = "resizing";
  instance.status = "RESIZING";
  instance.updatedAt = at;
  const job = state.startJob("resize", "ResizeFlavor", instance, at, (failing, end) => {
    if (!live(state, instance)) return GONE;
    for (const node of group.nodes) node.status = "normal";
    if (!failing) group.flavorCode = flavor.code;
    instance.status = "RUNNING";
    instance.updatedAt = end;
    return failing ? `Changing the node class to ${flavor.code} failed; the class is unchanged (simulated fault).` : undefined;
  });
  return { instance, job };
}

function versionAtLeast(version: string, minimum: string): boolean {
  const have = version.split(".").map(Number);
  const want = minimum.split(".").map(Number);
  for (let i = 0; i < Math.max(have.length, want.length); i++) {
    const diff = (have[i] ?? 0) - (want[i] ?? 0);
    if (diff !== 0) return diff > 0;
  }
  return true;
}

export function setAdminUser(state: DdmState, instanceId: string, name: string, at: number): Submission {
  const instance = state.instance(instanceId);
  state.requireRunning(instance);
  if (!versionAtLeast(instance.engineVersion, ADMIN_USER_MIN_VERSION)) {
    throw parameterError(`Managing the administrator needs DDM ${ADMIN_USER_MIN_VERSION} or later; the instance runs ${instance.engineVersion}.`);
  }
  instance.status = "RESET_PASSWORD";
  instance.updatedAt = at;
  const job = state.startJob("adminUser", "ResetAdminPassword", instance, at, (failing, end) => {
    if (!live(state, instance)) return GONE;
    if (!failing) instance.adminUserName = name;
    instance.status = "RUNNING";
    instance.updatedAt = end;
    return failing ? "Setting the administrator failed; it is unchanged (simulated fault)." : undefined;
  });
  return { instance, job };
}
