export { DdmInstance, type DdmInstanceArgs, type DdmInstanceTimeouts } from "./instance";
export { DdmSchema, type DdmSchemaArgs, type DdmSchemaDataNode } from "./schema";
export { DdmAccount, type DdmAccountArgs, type DdmAccountPermission } from "./account";
export { getEngines, getFlavors, getInstanceNodes, type EngineInfo, type FlavorInfo, type NodeInfo } from "./lookups";
export { ObServer, type ObServerAgent, type ObServerArgs, type ObServerTimeouts } from "./ob-server";
