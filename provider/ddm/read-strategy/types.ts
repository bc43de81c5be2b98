/** What a user declares on a DdmReadStrategy. */
export interface ReadStrategyInputs {
  instanceId: string;
  /** RDS instance id (a schema's data node, or its read replica) → read weight, 0–100. */
  readWeights: Record<string, number>;
}

/** Nothing more can be read back: the API reference has no call that reports read weights. */
export type ReadStrategyOutputs = ReadStrategyInputs;

export const READ_STRATEGY_INPUT_KEYS = ["instanceId", "readWeights"] as const satisfies ReadonlyArray<keyof ReadStrategyInputs>;

/** The Terraform provider's range; the reference gives none. */
export const MAX_READ_WEIGHT = 100;
