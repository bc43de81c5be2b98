export { schemaProvider, liveSchemaInputs } from "./provider";
export { checkSchema, shardingProblem, RESERVED_SCHEMA_NAMES } from "./check";
export type { SchemaInputs, SchemaOutputs, DataNode, SchemaShardOutput } from "./types";
