import { badRequest, parameterError } from "../errors";
import type { DdmState } from "./store";

/**
 * Read weights of the DB instances behind an instance's schemas (reference §4.1.11). The
 * reference asks for the associated RDS instances to be available and idle; the range 0–100 is
 * the Terraform provider's, since the reference gives none.
 */

const RDS_UNAVAILABLE = "DBS.300323";
export const MAX_READ_WEIGHT = 100;

export function setReadWeights(state: DdmState, instanceId: string, weights: Record<string, unknown>, at: number): void {
  const instance = state.instance(instanceId);
  state.requireRunning(instance);
  const entries = Object.entries(weights);
  if (entries.length === 0) throw parameterError("read_weight must name at least one DB instance.");
  const associated = new Set(instance.schemas.flatMap((schema) => schema.rdsIds));
  const rdsById = new Map(state.availableRds(instance).concat(state.sharedRds).map((rds) => [rds.id, rds]));
  for (const [rdsId, weight] of entries) {
    if (!associated.has(rdsId)) throw parameterError(`The DB instance ${rdsId} is not associated with the DDM instance.`);
    if (!Number.isInteger(weight) || (weight as number) < 0 || (weight as number) > MAX_READ_WEIGHT) {
      throw parameterError(`The read weight of ${rdsId} must be an integer from 0 to ${MAX_READ_WEIGHT}.`);
    }
    const status = rdsById.get(rdsId)?.status ?? "normal";
    if (status !== "normal") throw badRequest(RDS_UNAVAILABLE, `The DB instance ${rdsId} is ${status}.`);
  }
  instance.readWeights = { ...instance.readWeights, ...(Object.fromEntries(entries) as Record<string, number>) };
  instance.updatedAt = at;
}
