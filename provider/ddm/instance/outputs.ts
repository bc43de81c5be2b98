import type { InstanceDetail, NodeSummary } from "../client/types";
import { toNumber } from "../../cloud/shape";
import { compact, sameSet } from "../../resource/values";
import { sameRelease } from "./catalog";
import type { InstanceInputs, InstanceNodeOutput, InstanceOutputs } from "./types";

/** Identities resolved at create time that the instance details do not report. */
export interface ResolvedIds {
  projectId: string;
  engineId: string;
  flavorId: string;
}

export function zonesOf(instance: InstanceDetail): string[] | undefined {
  return instance.available_zone?.split(",").map((zone) => zone.trim()).filter(Boolean);
}

/**
 * The inputs as the live instance has them: drift (renamed, nodes added or removed, class or
 * security group changed) shows up here, while what the service cannot report (the password,
 * the user's way of naming the flavor) is kept as the user wrote it.
 */
export function liveInputs(inputs: InstanceInputs, previous: Partial<InstanceOutputs>, instance: InstanceDetail): InstanceInputs {
  const zones = zonesOf(instance);
  const flavorChanged = instance.flavor_ref !== undefined && instance.flavor_ref !== (previous.flavorCode ?? inputs.flavor);
  const engineChanged =
    instance.engine_version !== undefined && previous.engineVersion !== undefined && !sameRelease(instance.engine_version, previous.engineVersion);
  return compact({
    ...inputs,
    name: instance.name ?? inputs.name,
    nodeNum: instance.node_count ?? inputs.nodeNum,
    flavor: flavorChanged ? instance.flavor_ref! : inputs.flavor,
    engine: engineChanged ? instance.engine_version : inputs.engine,
    availabilityZones: zones && !sameSet(zones, inputs.availabilityZones) ? zones : inputs.availabilityZones,
    vpcId: instance.vpc_id ?? inputs.vpcId,
    subnetId: instance.subnet_id ?? inputs.subnetId,
    securityGroupId: instance.security_group_id ?? inputs.securityGroupId,
    enterpriseProjectId: liveEnterpriseProject(inputs.enterpriseProjectId, instance.enterprise_project_id),
    adminUsername: instance.admin_user_name ?? instance.admin_username ?? inputs.adminUsername,
  });
}

/** "0" is the default enterprise project: not drift for a user who named none. */
function liveEnterpriseProject(declared: string | undefined, live: string | undefined): string | undefined {
  if (live === undefined || (declared === undefined && live === "0")) return declared;
  return live;
}

/**
 * The node list from the instance details, with ids carried over from the known nodes, when
 * the details show exactly the known nodes (same addresses); undefined otherwise.
 */
export function reuseNodeIds(instance: InstanceDetail, known: readonly InstanceNodeOutput[] | undefined): NodeSummary[] | undefined {
  const live = instance.nodes;
  if (!known?.length || !live || live.length !== known.length) return undefined;
  const byIp = new Map(known.map((node) => [node.ip, node]));
  if (byIp.size !== known.length) return undefined;
  const nodes: NodeSummary[] = [];
  for (const node of live) {
    const match = node.ip === undefined ? undefined : byIp.get(node.ip);
    if (!match) return undefined;
    nodes.push({ node_id: match.nodeId, ip: node.ip, port: node.port === undefined ? undefined : String(node.port), status: node.status });
  }
  return nodes;
}

export function toOutputs(
  inputs: InstanceInputs,
  instance: InstanceDetail,
  nodes: readonly NodeSummary[],
  ids: ResolvedIds,
): InstanceOutputs {
  return compact({
    ...inputs,
    instanceId: instance.id,
    status: instance.status,
    accessIp: instance.access_ip,
    accessPort: toNumber(instance.access_port),
    nodes: nodes.map((node) => ({ nodeId: node.node_id, ip: node.ip, port: toNumber(node.port), status: node.status })),
    nodeCount: instance.node_count ?? nodes.length,
    flavorId: ids.flavorId,
    flavorCode: instance.flavor_ref ?? inputs.flavor,
    engineId: ids.engineId,
    engineVersion: instance.engine_version,
    coreCount: toNumber(instance.core_count),
    ramCapacity: toNumber(instance.ram_capacity),
    projectId: instance.project_id ?? ids.projectId,
    enableSsl: instance.enable_ssl,
    created: instance.created,
    updated: instance.updated,
  });
}

/** The inputs part of stored outputs (state written by any version carries at least these). */
export function inputsOf(outputs: Partial<InstanceOutputs>): InstanceInputs {
  const { name, flavor, nodeNum, engine, availabilityZones, vpcId, subnetId, securityGroupId, paramGroupId, timeZone } = outputs;
  const { enterpriseProjectId, adminUsername, adminPassword, groupId, deleteRdsData, timeouts } = outputs;
  return compact({
    name: name!,
    flavor: flavor!,
    nodeNum: nodeNum!,
    engine,
    availabilityZones: availabilityZones ?? [],
    vpcId: vpcId!,
    subnetId: subnetId!,
    securityGroupId: securityGroupId!,
    paramGroupId,
    timeZone,
    enterpriseProjectId,
    adminUsername,
    adminPassword,
    groupId,
    deleteRdsData,
    timeouts,
  });
}
