import type { Simulator } from "../../simulator";
import { CliStack, describeWithCli } from "../engine";
import { installedCopies } from "../support/consumer";
import { startTestSimulator } from "../support/simulator";
import { toolchainProgram, type Toolchain } from "../support/toolchains";
import { SECRETS, topologyConfig } from "./topology-stack";

/**
 * The package consumed the way users consume it: `npm pack`, installed from the tarball into a
 * new program outside the repository beside the oldest @pulumi/pulumi its peer range admits,
 * 3.139.0, and run by the real CLI. 3.139.0 is the first release whose dynamic providers get
 * `configure`, through which stack config (`ddm:region`, the keys) reaches the provider; with
 * 3.138.0 the same program fails: "No region: set ddm:region". The newest SDK of each Node.js
 * line runs every CLI scenario instead (cli.test.ts, cli-node22.test.ts, cli-node24.test.ts).
 */
jest.setTimeout(900_000);

const LOWER_BOUND: Toolchain = { label: `this machine's Node ${process.version} with @pulumi/pulumi 3.139.0`, sdk: "3.139.0" };

describeWithCli("installed from its tarball into a program of its own", (cli) => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startTestSimulator({ rateLimit: false });
  });
  afterAll(async () => {
    await sim?.close();
  });

  test(`${LOWER_BOUND.label}: up, scale-out, drift, destroy`, async () => {
    const program = toolchainProgram(LOWER_BOUND);
    const stack = new CliStack({ projectDir: program.dir, stack: "consumer", cli, nodeBinDir: program.nodeBinDir, config: topologyConfig(sim), secretConfig: SECRETS });
    try {
      expect(installedCopies(program.dir, "@pulumi/pulumi")).toHaveLength(1);
      expect(installedCopies(program.dir, "pulumi-ddm")).toHaveLength(1);

      await stack.up();
      const outputs = await stack.outputs();
      expect(outputs).toMatchObject({ nodeCount: 2, ...program.ran, providerModule: program.providerModule });

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
    }
  });
});
