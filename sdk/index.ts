export { DdmInstance, type DdmInstanceArgs, type DdmInstanceTimeouts } from "./instance";
export { DdmSchema, type DdmSchemaArgs, type DdmSchemaDataNode } from "./schema";
export { DdmAccount, type DdmAccountArgs, type DdmAccountPermission } from "./account";
export { DcsInstance, type DcsInstanceArgs, type DcsInstanceTimeouts } from "./cache";
export { DdmReadStrategy, type DdmReadStrategyArgs } from "./read-strategy";
export * from "./lookups";
export { ObServer, type ObServerAgent, type ObServerArgs, type ObServerTimeouts } from "./ob-server";
