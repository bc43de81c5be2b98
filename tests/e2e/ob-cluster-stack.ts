import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ObshellSimulator, SimulatedAgent } from "../../simulator";
import { TestStack, type EngineEvent } from "../engine";

/** examples/ob-cluster (compiled) as a stack pointed at a simulated OBShell cluster. */
export const OB_CLUSTER_PROGRAM = path.resolve(__dirname, "../../dist/examples/ob-cluster/index.js");

export interface DeclaredServer {
  name: string;
  agent: SimulatedAgent;
  zone: string;
}

/** The program's `servers` config: each simulated agent on loopback gets ports of its own. */
export function serversConfig(servers: DeclaredServer[]): string {
  return JSON.stringify(servers.map(({ name, agent, zone }) => ({ name, ip: agent.host, port: agent.port, zone, mysqlPort: agent.port + 1, rpcPort: agent.port + 2 })));
}

export function obClusterConfig(sim: ObshellSimulator, servers: DeclaredServer[]): Record<string, string> {
  return {
    clusterAgentHost: sim.host,
    clusterAgentPort: String(sim.members[0].port),
    servers: serversConfig(servers),
    memoryLimit: "8G",
    timeoutMinutes: "1",
  };
}

export function obClusterStack(sim: ObshellSimulator, servers: DeclaredServer[], onEvent?: (event: EngineEvent) => void) {
  if (!fs.existsSync(OB_CLUSTER_PROGRAM)) throw new Error(`${OB_CLUSTER_PROGRAM} is missing: run \`npm run build\` first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ob-cluster-e2e-"));
  const stateFile = path.join(dir, "state.json");
  const stack = new TestStack({
    program: OB_CLUSTER_PROGRAM,
    project: "ob-cluster",
    stack: "e2e",
    stateFile,
    config: obClusterConfig(sim, servers),
    secretConfig: { obPassword: sim.password },
    env: { DDM_PROGRESS_INTERVAL_MS: "1000" },
    onEvent,
  });
  return { stack, stateFile, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
