import * as pulumi from "@pulumi/pulumi";
import * as lookups from "../provider/ddm/lookups";

/** Reads `ddm:*` keys from the program's stack config. */
const stackConfig = {
  get(key: string): string | undefined {
    const [namespace, name] = key.split(":");
    return new pulumi.Config(namespace).get(name);
  },
};

/** DDM engines available in the region. */
export function getEngines(): Promise<lookups.EngineInfo[]> {
  return lookups.getEngines({ config: stackConfig });
}

/** Node classes of an engine (version or id; the newest when omitted), to choose one by vCPUs and memory. */
export function getFlavors(args: { engine?: string } = {}): Promise<lookups.FlavorInfo[]> {
  return lookups.getFlavors({ ...args, config: stackConfig });
}

/** The nodes of an instance. */
export function getInstanceNodes(args: { instanceId: string }): Promise<lookups.NodeInfo[]> {
  return lookups.getInstanceNodes({ ...args, config: stackConfig });
}

export type { EngineInfo, FlavorInfo, NodeInfo } from "../provider/ddm/lookups";
