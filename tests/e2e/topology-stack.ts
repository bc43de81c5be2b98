import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, DEFAULT_SHARED_RDS, type CallRecord, type Simulator } from "../../simulator";
import { TestStack, type EngineEvent } from "../engine";
import { timeScale } from "../support/time-scale";

/** The example topology (examples/topology, compiled) as a stack pointed at a simulator. */
export const TOPOLOGY_PROGRAM = path.resolve(__dirname, "../../dist/examples/topology/index.js");

/**
 * The end-to-end stacks run at a tenth of the service's time where the client waits by the
 * clock: after a 429 and between retries of the faults the simulators inject. The simulator's
 * limit keeps its rate (E2E_TIME.rateLimit(600) is 6,000 calls a minute).
 */
export const E2E_TIME = timeScale(0.1);

/** What every end-to-end stack's provider gets in its environment. */
export const E2E_ENV = { DDM_PROGRESS_INTERVAL_MS: "2000", ...E2E_TIME.clientEnv };

/** Every secret the scenarios use, so a test can scan state, logs and errors for them. */
export const SECRETS = {
  "ddm:secretKey": DEFAULT_SECRET_KEY,
  ddmAdminPassword: "Admin#Pass2024",
  rdsPassword: "Rds#Pass2024x",
  appPassword: "App#Pass2024",
  reportingPassword: "Report#Pass2024",
  migrationPassword: "Migrate#Pass2024",
};

/** The example's plain stack config, pointed at a simulator (the secrets are SECRETS). */
export function topologyConfig(sim: Simulator): Record<string, string> {
  return {
    "ddm:endpoint": sim.url,
    "ddm:dcsEndpoint": sim.dcs.url,
    "ddm:authUrl": sim.url,
    "ddm:region": sim.region,
    "ddm:accessKey": DEFAULT_ACCESS_KEY,
    "ddm:maxRequestsPerMinute": "6000",
    vpcId: "vpc-e2e",
    subnetId: "subnet-e2e",
    securityGroupId: "sg-e2e",
    rdsIds: DEFAULT_SHARED_RDS.map((rds) => rds.id).join(","),
  };
}

/** The API writes among the calls, in order, instance paths shortened to "…" ("POST …/action/enlarge"). */
export function writes(calls: CallRecord[]): string[] {
  return calls
    .filter((c) => c.method !== "GET" && !c.path.startsWith("/v3/auth"))
    .map((c) => `${c.method} ${c.path.replace(/^\/v\d\/[^/]+\/instances\/[^/]+/, "…")}`);
}

/** The simulator's one instance, with its node count and node class. */
export function liveInstance(sim: Simulator) {
  const instances = sim.control.snapshot().instances;
  if (instances.length !== 1) throw new Error(`expected one instance in the simulator, found ${instances.length}`);
  const [instance] = instances;
  return { ...instance, nodeCount: instance.groups.reduce((n, g) => n + g.nodes.length, 0), flavorCode: instance.groups[0].flavorCode };
}

export interface TopologyStack {
  stack: TestStack;
  dir: string;
  stateFile: string;
  cleanup(): void;
}

export function topologyStack(
  sim: Simulator,
  options: { onEvent?: (event: EngineEvent) => void; config?: Record<string, string>; env?: Record<string, string> } = {},
): TopologyStack {
  if (!fs.existsSync(TOPOLOGY_PROGRAM)) throw new Error(`${TOPOLOGY_PROGRAM} is missing: run \`npm run build\` first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-e2e-"));
  const stateFile = path.join(dir, "state.json");
  const stack = new TestStack({
    program: TOPOLOGY_PROGRAM,
    project: "ddm-topology",
    stack: "e2e",
    stateFile,
    config: { ...topologyConfig(sim), ...options.config },
    secretConfig: SECRETS,
    env: { ...E2E_ENV, ...options.env },
    onEvent: options.onEvent,
  });
  return { stack, dir, stateFile, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
