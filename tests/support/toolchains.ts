import * as path from "path";
import { consumerProgram, nodeRelease, type ConsumerProgram } from "./consumer";

/**
 * The Node.js lines users run, each with the newest @pulumi/pulumi that supports it, by the SDK's
 * own `engines` field: 3.248.0 (`node >=20`) is the last release for Node 20; from 3.249.0 it is
 * `node >=22`. 3.276.0 is the newest the registry serves.
 */
export interface Toolchain {
  label: string;
  /** An exact Node.js from the npm registry; without one, the Node.js running the tests. */
  node?: string;
  sdk: string;
}

export const NEWEST_SDK = "3.276.0";

export const MACHINE_NODE: Toolchain = { label: `this machine's Node ${process.version} with @pulumi/pulumi 3.248.0`, sdk: "3.248.0" };
export const NODE_22: Toolchain = { label: `Node 22.23.5 with @pulumi/pulumi ${NEWEST_SDK}`, node: "22.23.5", sdk: NEWEST_SDK };
export const NODE_24: Toolchain = { label: `Node 24.22.3 with @pulumi/pulumi ${NEWEST_SDK}`, node: "24.22.3", sdk: NEWEST_SDK };

/**
 * Whether the toolchains from the registry (Node 22, 24) run every CLI scenario, as CI has them do
 * (.ci/run sets DDM_TEST_EVERY_TOOLCHAIN=true). Otherwise they run a sample, the create, the
 * export's secrets and the destroy, which shows the package installs and runs there; this
 * machine's Node.js runs every scenario either way.
 */
export const EVERY_TOOLCHAIN = process.env.DDM_TEST_EVERY_TOOLCHAIN === "true";

/** Whether the toolchain runs every CLI scenario in this run (EVERY_TOOLCHAIN), not just the sample. */
export const runsEveryScenario = (toolchain: Toolchain) => toolchain.node === undefined || EVERY_TOOLCHAIN;

export interface ToolchainProgram extends ConsumerProgram {
  /** Goes first on PATH, for the CLI's language host and the dynamic provider it starts. */
  nodeBinDir: string;
  /** What the program's `nodeVersion` and `sdkVersion` outputs must say. */
  ran: { nodeVersion: string; sdkVersion: string };
}

/** The example topology as a program of its own, pulumi-ddm from its tarball, ready for the toolchain (shared by the run: consumerProgram). */
export function toolchainProgram(toolchain: Toolchain): ToolchainProgram {
  const nodeBinDir = toolchain.node ? nodeRelease(toolchain.node) : path.dirname(process.execPath);
  return { ...consumerProgram(toolchain.sdk), nodeBinDir, ran: { nodeVersion: `v${toolchain.node ?? process.versions.node}`, sdkVersion: toolchain.sdk } };
}
