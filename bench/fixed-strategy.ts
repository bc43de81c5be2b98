/**
 * The Terraform provider's fixed polling strategy, for comparison: first poll 100 s after
 * submit, then every 10 s. Pure arithmetic over the job's duration.
 */
export const TERRAFORM_FIRST_POLL_MS = 100_000;
export const TERRAFORM_INTERVAL_MS = 10_000;

export interface StrategyCost {
  /** Submit, the polls, and one read of the result. */
  calls: number;
  overshootMs: number;
}

export function terraformCost(jobMs: number): StrategyCost {
  const extraPolls = Math.max(0, Math.ceil((jobMs - TERRAFORM_FIRST_POLL_MS) / TERRAFORM_INTERVAL_MS));
  const seenAt = TERRAFORM_FIRST_POLL_MS + extraPolls * TERRAFORM_INTERVAL_MS;
  return { calls: 1 + (1 + extraPolls) + 1, overshootMs: seenAt - jobMs };
}
