import * as path from "path";
import type { Simulator } from "../../simulator";
import { CliStack, describeWithCli } from "../engine";
import { startTestSimulator } from "../support/simulator";
import { SECRETS, topologyConfig } from "./topology-stack";

/**
 * The scenarios again with the real Pulumi CLI (local file backend, passphrase secrets), from
 * the repository root where Pulumi.yaml runs the example, through the CliStack the demo uses.
 * The CLI is the one `npm run build:cli` builds from Go modules, else one on PATH.
 */
jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, "..", "..");

describeWithCli("with the real pulumi CLI", (cli) => {
  let sim: Simulator;
  let stack: CliStack;
  const writes = () => sim.control.calls().filter((c) => c.method !== "GET").map((c) => `${c.method} ${c.path.split("/").slice(-2).join("/")}`);

  beforeAll(async () => {
    sim = await startTestSimulator({ rateLimit: false });
    stack = new CliStack({
      projectDir: ROOT,
      stack: `cli-e2e-${process.pid}`,
      cli,
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
