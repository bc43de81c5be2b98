export interface DataNode {
  /** RDS instance id. */
  id: string;
  adminUser: string;
  adminPassword: string;
}

export interface SchemaInputs {
  instanceId: string;
  name: string;
  shardMode: "cluster" | "single";
  shardNumber: number;
  shardUnit?: number;
  dataNodes: DataNode[];
  /** Used on delete. */
  deleteRdsData?: boolean;
  /** Minutes. */
  timeouts?: { create?: number; delete?: number };
}

export interface SchemaShardOutput {
  name?: string;
  dbSlot?: number;
  status?: string;
  rdsId?: string;
}

export interface SchemaOutputs extends SchemaInputs {
  status: string;
  shards: SchemaShardOutput[];
  dataVips: string[];
  usedRds: Array<{ id: string; name?: string; status?: string }>;
  created?: number;
  updated?: number;
}

export const SCHEMA_INPUT_KEYS = [
  "instanceId",
  "name",
  "shardMode",
  "shardNumber",
  "shardUnit",
  "dataNodes",
  "deleteRdsData",
  "timeouts",
] as const satisfies ReadonlyArray<keyof SchemaInputs>;

/** Inputs whose change needs no new schema (data-node credentials too: see plan.ts). */
export const SCHEMA_UPDATABLE = ["deleteRdsData", "timeouts"] as const;
