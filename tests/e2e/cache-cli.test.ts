import * as path from "path";
import type { CallRecord, Simulator } from "../../simulator";
import { CliStack, describeWithCli } from "../engine";
import { startTestSimulator } from "../support/simulator";
import { E2E_ENV, SECRETS, topologyConfig } from "./topology-stack";

/**
 * The DDM topology with its Redis cache through the real Pulumi CLI (Pulumi.yaml at the root runs
 * the example), against both simulators with authentication and faults on: up, extend, resize,
 * a class change, drift through preview --refresh, destroy. The CLI is the one `npm run build:cli`
 * builds, else one on PATH.
 */
jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, "..", "..");
const CACHE_PASSWORD = "Cache#Cli2024";
const FAULTS = { seed: 5, error500Rate: 0.03, error429Rate: 0.03, busyRate: 0.03 };

describeWithCli("a DDM topology with a Redis cache, with the real pulumi CLI", (cli) => {
  let sim: Simulator;
  let stack: CliStack;
  const accepted = () =>
    sim.dcs.control
      .calls()
      .filter((c: CallRecord) => c.method !== "GET" && c.faults.length === 0 && c.status !== undefined && c.status < 300)
      .map((c) => `${c.method} ${c.path.split("/").slice(-1)[0]}`);
  const cache = () => sim.dcs.control.snapshot().instances[0];
  const resize = (capacity: number, specCode: string) => {
    stack.setConfig("cacheCapacity", String(capacity));
    stack.setConfig("cacheSpecCode", specCode);
    sim.dcs.control.resetCalls();
  };

  beforeAll(async () => {
    sim = await startTestSimulator({ rateLimit: false });
    sim.control.setFaults(FAULTS);
    sim.dcs.control.setFaults(FAULTS);
    stack = new CliStack({
      projectDir: ROOT,
      stack: `cache-cli-${process.pid}`,
      cli,
      config: { ...topologyConfig(sim), cacheSpecCode: "redis.single.xu1.large.1", cacheCapacity: "1" },
      secretConfig: { ...SECRETS, cachePassword: CACHE_PASSWORD },
      env: E2E_ENV,
    });
  });
  afterAll(async () => {
    await stack.dispose();
    await sim.close();
  });

  test("up, extend, resize, class change, drift, destroy", async () => {
    await stack.up();
    expect(cache()).toMatchObject({ status: "RUNNING", capacity: 1 });
    expect(await stack.outputs()).toMatchObject({ cacheCapacity: 1, nodeCount: 2 });

    resize(4, "redis.single.xu1.large.4");
    await stack.up();
    expect(accepted()).toEqual(["POST extend"]);
    resize(2, "redis.single.xu1.large.2");
    await stack.up();
    expect(accepted()).toEqual(["POST resize"]);
    resize(2, "redis.ha.xu1.large.r2.2");
    await stack.up();
    expect(accepted()).toEqual(["POST resize"]);
    expect(cache()).toMatchObject({ cacheMode: "ha", capacity: 2 });

    sim.dcs.control.driftInstance(cache().id, { specCode: "redis.ha.xu1.large.r2.4", capacity: 4 });
    expect(await stack.preview({ refresh: true })).toMatch(/~ .*update/);
    await stack.up({ refresh: true });
    expect(cache()).toMatchObject({ capacity: 2, specCode: "redis.ha.xu1.large.r2.2" });

    const state = await stack.exportState();
    for (const secret of [...Object.values(SECRETS), CACHE_PASSWORD]) expect(state).not.toContain(secret);
    await stack.destroy();
    expect(sim.dcs.control.snapshot().instances).toEqual([]);
    expect(sim.control.snapshot().instances).toEqual([]);
  });
});
