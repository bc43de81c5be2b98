import { clientFor, type ConfigSource } from "./client";
import { pickEngine } from "./instance/catalog";

/**
 * Plain async lookups for programs (what the Terraform provider offers as data sources), with
 * the same client and configuration as the resources.
 */

export interface EngineInfo {
  id: string;
  name?: string;
  version: string;
  availabilityZones: string[];
}

export interface FlavorInfo {
  id: string;
  code: string;
  vcpus?: number;
  memoryGb?: number;
  architecture?: string;
  /** AZ → normal | unsupported | sellout */
  azStatus: Record<string, string>;
}

export interface NodeInfo {
  nodeId: string;
  ip?: string;
  port?: number;
  status?: string;
}

export interface LookupOptions {
  /** Stack config to read `ddm:*` settings from; the environment otherwise. */
  config?: ConfigSource;
}

const num = (value: unknown) => (value === undefined || value === null || value === "" ? undefined : Number(value));

export async function getEngines(options: LookupOptions = {}): Promise<EngineInfo[]> {
  const engines = await clientFor(options.config).listEngines();
  return engines.map((engine) => ({
    id: engine.id,
    name: engine.name,
    version: engine.version,
    availabilityZones: (engine.supportAzs ?? []).map((az) => az.code),
  }));
}

/** Node classes of an engine (version or id; the newest engine when omitted). */
export async function getFlavors(options: LookupOptions & { engine?: string } = {}): Promise<FlavorInfo[]> {
  const client = clientFor(options.config);
  const engine = pickEngine(await client.listEngines(), options.engine);
  const flavors = await client.listFlavors(engine.id);
  return flavors.map((flavor) => ({
    id: flavor.id,
    code: flavor.code,
    vcpus: num(flavor.cpu),
    memoryGb: num(flavor.mem),
    architecture: flavor.architecture ?? flavor.groupType ?? undefined,
    azStatus: flavor.azStatus ?? {},
  }));
}

export async function getInstanceNodes(options: LookupOptions & { instanceId: string }): Promise<NodeInfo[]> {
  const nodes = await clientFor(options.config).listNodes(options.instanceId);
  return nodes.map((node) => ({ nodeId: node.node_id, ip: node.ip, port: num(node.port), status: node.status }));
}
