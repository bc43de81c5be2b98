import { describe, identifier, integer, required, Validator, type CheckFailure, type Rule } from "../../resource/validation";
import { isUnknown } from "../../resource/values";
import { MAX_READ_WEIGHT, READ_STRATEGY_INPUT_KEYS } from "./types";

const weightOf = integer(0, MAX_READ_WEIGHT);

const readWeights: Rule = (value) => {
  if (!value || typeof value !== "object" || Array.isArray(value)) return `must be a map of RDS instance ids to weights, got ${describe(value)}`;
  const entries = Object.entries(value);
  if (entries.length === 0) return "must name at least one RDS instance";
  for (const [rdsId, weight] of entries) {
    const idProblem = identifier(rdsId, rdsId);
    if (idProblem) return `has a key that is not an RDS instance id (${JSON.stringify(rdsId)} ${idProblem})`;
    const problem = isUnknown(weight) ? undefined : weightOf(weight, rdsId);
    if (problem) return `[${rdsId}] ${problem}`;
  }
  return undefined;
};

export function checkReadStrategy(news: Record<string, unknown>): CheckFailure[] {
  return new Validator(news)
    .onlyKnown(READ_STRATEGY_INPUT_KEYS)
    .check("instanceId", required, identifier)
    .check("readWeights", required, readWeights).failures;
}
