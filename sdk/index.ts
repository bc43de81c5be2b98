export { DdmInstance, type DdmInstanceArgs, type DdmInstanceTimeouts } from "./instance";
export { getEngines, getFlavors, getInstanceNodes, type EngineInfo, type FlavorInfo, type NodeInfo } from "./lookups";
