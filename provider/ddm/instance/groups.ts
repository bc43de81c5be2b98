import type { NodeGroup } from "../client/types";
import { toNumber } from "../../cloud/shape";
import { compact } from "../../resource/values";
import type { InstanceNodeGroupOutput } from "./types";

/**
 * Node groups (FACTS.md §1): an instance may have several, and then every scale-out, scale-in
 * and class change must name one. Which one is the user's choice, so it is never guessed.
 */

export function toGroupOutputs(groups: readonly NodeGroup[]): InstanceNodeGroupOutput[] {
  return groups.map((group) =>
    compact({
      id: group.id,
      name: group.name,
      role: group.role,
      isDefault: group.is_default_group,
      nodeCount: group.node_list?.length ?? 0,
      vcpus: toNumber(group.cpu_num_per_node),
      memoryGb: toNumber(group.mem_num_per_node),
      architecture: group.architecture,
    }),
  );
}

export function describeGroups(groups: readonly InstanceNodeGroupOutput[]): string {
  return groups
    .map((group) => `${group.id} (${[group.name, group.role && `role ${group.role}`, `${group.nodeCount} node${group.nodeCount === 1 ? "" : "s"}`].filter(Boolean).join(", ")})`)
    .join("; ");
}

/**
 * Why `groupId` does not do for a change to the nodes of an instance with these groups: it names
 * no group of the instance, or it is missing while there are several. Undefined when it does.
 */
export function groupProblem(groups: readonly InstanceNodeGroupOutput[], groupId: string | undefined): string | undefined {
  if (groupId !== undefined) {
    if (groups.some((group) => group.id === groupId)) return undefined;
    return `"${groupId}" is not a node group of the instance; its groups: ${describeGroups(groups)}`;
  }
  if (groups.length <= 1) return undefined;
  return `is required to scale or change the node class: the instance has ${groups.length} node groups: ${describeGroups(groups)}`;
}
