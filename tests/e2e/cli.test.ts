import * as path from "path";
import type { Simulator } from "../../simulator";
import { CliStack, pulumiCliAvailable } from "../engine";
import { startTestSimulator } from "../support/simulator";
import { SECRETS, topologyConfig } from "./topology-stack";

/**
 * The scenarios again with the real Pulumi CLI (local file backend, passphrase secrets), from
 * the repository root where Pulumi.yaml runs the example, through the CliStack the demo uses.
 * The CLI cannot be installed on this project's machines (it downloads itself from
 * get.pulumi.com, outside the reachable registries), so there these tests are skipped, and say so.
 */
jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, "..", "..");

if (!pulumiCliAvailable()) {
  test.skip("real pulumi CLI scenarios: skipped, no `pulumi` binary on PATH (it cannot be installed here)", () => undefined);
} else {
  describe("with the real pulumi CLI", () => {
    let sim: Simulator;
    let stack: CliStack;
    const writes = () => sim.control.calls().filter((c) => c.method !== "GET").map((c) => `${c.method} ${c.path.split("/").slice(-2).join("/")}`);

    beforeAll(async () => {
      sim = await startTestSimulator({ rateLimit: false });
      stack = new CliStack({
        projectDir: ROOT,
        stack: `cli-e2e-${process.pid}`,
        config: topologyConfig(sim),
        secretConfig: SECRETS,
      });
    });
    afterAll(async () => {
      await stack.dispose();
      await sim.close();
    });

    test("up, scale-out, drift through preview --refresh, destroy", async () => {
      await stack.up();
      expect(sim.control.snapshot().instances).toHaveLength(1);
      expect(await stack.outputs()).toMatchObject({ nodeCount: 2, schemas: ["orders", "analytics"] });

      stack.setConfig("nodeNum", "4");
      sim.control.resetCalls();
      await stack.up();
      expect(writes()).toEqual([expect.stringMatching(/^POST .*\/enlarge$/)]);
      sim.control.resetCalls();
      await stack.up();
      expect(writes()).toEqual([]);

      const [instance] = sim.control.snapshot().instances;
      sim.control.driftInstance(instance.id, { nodeCount: 5, name: "renamed-in-console" });
      expect(await stack.preview({ refresh: true })).toMatch(/~ .*update/);
      await stack.up({ refresh: true });
      expect(sim.control.snapshot().instances[0]).toMatchObject({ name: "orders-ddm" });

      const state = await stack.exportState();
      for (const secret of Object.values(SECRETS)) expect(state).not.toContain(secret);
      await stack.destroy();
      expect(sim.control.snapshot().instances).toEqual([]);
    });
  });
}
