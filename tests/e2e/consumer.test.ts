import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Simulator } from "../../simulator";
import { CliStack, describeWithCli } from "../engine";
import { installConsumer, installedCopies, nodeRelease, packPackage, type ConsumerProgram } from "../support/consumer";
import { startTestSimulator } from "../support/simulator";
import { SECRETS, topologyConfig } from "./topology-stack";

/**
 * The package consumed the way users consume it: `npm pack`, installed from the tarball into a
 * new program outside the repository beside an @pulumi/pulumi other than the repository's own, and
 * run by the real CLI, under each Node.js line users run.
 *
 * - Node 20 (this machine's) with 3.139.0, the peer range's lower bound: the first release whose
 *   dynamic providers get `configure`, through which stack config (`ddm:region`, the keys)
 *   reaches the provider. With 3.138.0 the same program fails: "No region: set ddm:region".
 * - Node 22 and 24 (from the npm registry) with the newest @pulumi/pulumi, which needs Node 22.
 */
jest.setTimeout(900_000);

const NEWEST_SDK = "3.276.0";
const RUNTIMES = [
  { label: "Node 20 (this machine's) with @pulumi/pulumi 3.139.0", node: undefined, sdk: "3.139.0" },
  { label: `Node 22.23.5 with @pulumi/pulumi ${NEWEST_SDK}`, node: "22.23.5", sdk: NEWEST_SDK },
  { label: `Node 24.22.3 with @pulumi/pulumi ${NEWEST_SDK}`, node: "24.22.3", sdk: NEWEST_SDK },
];

describeWithCli("installed from its tarball into a program of its own", (cli) => {
  let packDir: string;
  let tarball: string;
  let sim: Simulator;

  beforeAll(async () => {
    packDir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-pack-"));
    tarball = packPackage(packDir);
    sim = await startTestSimulator({ rateLimit: false });
  });
  afterAll(async () => {
    await sim?.close();
    fs.rmSync(packDir, { recursive: true, force: true });
  });

  test.each(RUNTIMES)("$label: up, scale-out, drift, destroy", async ({ node, sdk }) => {
    const nodeBinDir = node ? nodeRelease(node) : undefined;
    const program: ConsumerProgram = installConsumer(tarball, sdk);
    const stack = new CliStack({ projectDir: program.dir, stack: "consumer", cli, nodeBinDir, config: topologyConfig(sim), secretConfig: SECRETS });
    try {
      expect(installedCopies(program.dir, "@pulumi/pulumi")).toHaveLength(1);
      expect(installedCopies(program.dir, "pulumi-ddm")).toHaveLength(1);

      await stack.up();
      const outputs = await stack.outputs();
      expect(outputs).toMatchObject({ nodeCount: 2, sdkVersion: sdk, nodeVersion: `v${node ?? process.versions.node}` });
      expect(fs.realpathSync(outputs.providerModule as string)).toBe(fs.realpathSync(path.join(program.dir, "node_modules", "pulumi-ddm", "dist", "provider", "index.js")));

      stack.setConfig("nodeNum", "3");
      sim.control.resetCalls();
      await stack.up();
      expect(sim.control.calls().filter((c) => c.method !== "GET").map((c) => c.path.split("/").pop())).toEqual(["enlarge"]);

      const [instance] = sim.control.snapshot().instances;
      sim.control.driftInstance(instance.id, { name: "renamed-in-console" });
      expect(await stack.preview({ refresh: true })).toMatch(/~ .*update/);
      await stack.up({ refresh: true });
      expect(sim.control.snapshot().instances[0]).toMatchObject({ name: "orders-ddm" });

      await stack.destroy();
      expect(sim.control.snapshot().instances).toEqual([]);
    } finally {
      await stack.dispose();
      program.remove();
    }
  });
});
