import type { DdmClient } from "../client";
import type { InstanceDetail } from "../client/types";
import { differsFromDeclaration, ImportError } from "../../resource/adoption";
import { lookUpLive } from "./catalog";
import { liveInputs, type ResolvedIds } from "./outputs";
import { describeOperation, planInstanceChange } from "./plan";
import type { InstanceInputs, InstanceOutputs } from "./types";

/**
 * Adopts an existing instance for the `import` option (see resource/adoption.ts), after checking
 * that it is the one declared: the same comparison an update would make, against the live
 * instance, must find nothing to replace and nothing to do.
 */
export async function adoptInstance(
  ddm: DdmClient,
  inputs: InstanceInputs,
  importId: string,
): Promise<{ instance: InstanceDetail; ids: ResolvedIds }> {
  const instance = await ddm.findInstance(importId);
  if (!instance) throw new ImportError("instance", importId, "no such DDM instance in this project");
  // The instance's own engine and class, even when no longer on sale: an import must not fail on that.
  const { engine, flavor } = await lookUpLive(ddm, instance.engine_version ?? inputs.engine, instance.flavor_ref ?? inputs.flavor);
  const live: Partial<InstanceOutputs> = {
    ...liveInputs(inputs, {}, instance),
    engine: instance.engine_version,
    engineVersion: instance.engine_version,
    engineId: engine?.id ?? "",
    flavorCode: flavor?.code ?? instance.flavor_ref,
    flavorId: flavor?.id ?? "",
  };
  const plan = planInstanceChange(live, inputs);
  const differences = [
    ...plan.replaces.map((key) => `${key} cannot be changed`),
    ...plan.operations.map((operation) => describeOperation(instance.name ?? importId, operation)),
  ];
  if (differences.length) throw differsFromDeclaration("instance", importId, differences);
  return { instance, ids: { projectId: await ddm.projectId(), engineId: engine?.id ?? "", flavorId: flavor?.id ?? "" } };
}
