import * as path from "path";
import type { CallRecord, Simulator } from "../../simulator";
import { CliStack, describeWithCli, isSecret, planSummary } from "../engine";
import { startTestSimulator } from "../support/simulator";
import { E2E_ENV, SECRETS, topologyConfig } from "./topology-stack";

/**
 * The example program with a Redis cache beside the DDM topology, unmodified, through the real
 * Pulumi CLI (Pulumi.yaml at the root runs the example), against both simulators with
 * authentication, the per-credential limit and faults on: up, grow through extend, shrink through
 * resize, a class change, drift, destroy. One stack carries every step; each test starts where the
 * one before left it. The CLI is the one `npm run build:cli` builds, else one on PATH.
 */
jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, "..", "..");
const CACHE_PASSWORD = "Cache#Cli2024";
/** Seeded, so a failure can be replayed; every kind the clients must survive. */
const FAULTS = { seed: 11, error500Rate: 0.04, error429Rate: 0.04, busyRate: 0.04, slowRate: 0.05, slowMs: 200 };


describeWithCli("a DDM topology with a Redis cache, with the real pulumi CLI", (cli) => {
  let sim: Simulator;
  let stack: CliStack;

  /** Cache writes the service accepted (faulted attempts are the clients' business, and retried). */
  const accepted = () =>
    sim.dcs.control
      .calls()
      .filter((c: CallRecord) => c.method !== "GET" && c.faults.every((f) => f === "slow") && c.status !== undefined && c.status < 300)
      .map((c) => `${c.method} ${c.path.replace(/^\/v[\d.]+\/[^/]+\/instances\/[^/]+/, "…")}`);
  const cache = () => {
    const instances = sim.dcs.control.snapshot().instances;
    expect(instances).toHaveLength(1);
    return instances[0];
  };
  const resize = (capacity: number, specCode: string) => {
    stack.setConfig("cacheCapacity", String(capacity));
    stack.setConfig("cacheSpecCode", specCode);
    sim.dcs.control.resetCalls();
  };

  beforeAll(async () => {
    sim = await startTestSimulator({ rateLimit: { limit: 6000, windowMs: 60_000 } });
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

  test("up creates the DDM instance and the cache; the cache password is secret", async () => {
    const up = await stack.up();
    // The stack, the DDM instance, 2 schemas, 3 accounts, the cache.
    expect(planSummary(up)).toMatchObject({ create: 8, update: 0, delete: 0, replace: 0 });
    expect(sim.control.snapshot().instances).toHaveLength(1);
    const live = cache();
    expect(live).toMatchObject({ status: "RUNNING", task: null, name: "orders-sessions", capacity: 1, engine: "Redis", engineVersion: "5.0" });
    expect(await stack.outputs()).toMatchObject({
      cacheId: live.id,
      cacheEndpoint: `${live.ip}:6379`,
      cacheCapacity: 1,
      cacheClass: "redis.single.xu1.large.1",
      nodeCount: 2,
    });
    const resource = (await stack.exportedResources()).find((r) => r.type.endsWith("DcsInstance"))!;
    expect(isSecret(resource.outputs!.password)).toBe(true);
  });

  test("a larger cache is one extend, followed by its background task", async () => {
    resize(4, "redis.single.xu1.large.4");
    const preview = await stack.preview();
    expect(planSummary(preview)).toMatchObject({ update: 1, replace: 0, create: 0, delete: 0 });
    expect(accepted()).toEqual([]);
    const up = await stack.up();
    expect(planSummary(up)).toMatchObject({ update: 1, replace: 0, create: 0, delete: 0 });
    expect(accepted()).toEqual(["POST …/extend"]);
    expect(cache()).toMatchObject({ capacity: 4, specCode: "redis.single.xu1.large.4" });
    expect(await stack.outputs()).toMatchObject({ cacheCapacity: 4 });
    // Followed by its background task, not blind: the task found, its progress read.
    const answered = sim.dcs.control.calls().filter((c) => c.method === "GET" && c.status === 200).map((c) => c.path);
    expect(answered.filter((p) => /\/instances\/[^/]+\/tasks$/.test(p)).length).toBeGreaterThanOrEqual(1);
    expect(answered.filter((p) => /\/tasks\/[^/]+\/progress$/.test(p)).length).toBeGreaterThanOrEqual(1);
  });

  test("a smaller cache is one resize", async () => {
    resize(2, "redis.single.xu1.large.2");
    await stack.up();
    expect(accepted()).toEqual(["POST …/resize"]);
    expect(cache().capacity).toBe(2);
  });

  test("a class change (single → master/standby) is one resize of type instanceType", async () => {
    resize(2, "redis.ha.xu1.large.r2.2");
    await stack.up();
    expect(accepted()).toEqual(["POST …/resize"]);
    const call = sim.dcs.control.calls().find((c) => c.path.endsWith("/resize") && c.status === 204)!;
    expect(call.body).toMatchObject({ spec_code: "redis.ha.xu1.large.r2.2", new_capacity: 2, change_type: "instanceType" });
    expect(cache()).toMatchObject({ cacheMode: "ha", capacity: 2 });
    expect(await stack.outputs()).toMatchObject({ cacheClass: "redis.ha.xu1.large.r2.2" });
  });

  test("drift: preview --refresh reports a cache resized by hand; up --refresh puts it back; a refresh then finds nothing", async () => {
    sim.dcs.control.driftInstance(cache().id, { specCode: "redis.ha.xu1.large.r2.4", capacity: 4 });
    sim.dcs.control.resetCalls();
    const preview = await stack.preview({ refresh: true });
    expect(accepted()).toEqual([]);
    expect(preview).toMatch(/~ +pulumi-nodejs:dynamic\/dcs:DcsInstance +sessions +update +\[diff: ~capacity,specCode\]/);
    expect(planSummary(preview)).toMatchObject({ update: 1, create: 0, delete: 0, replace: 0 });

    sim.dcs.control.resetCalls();
    await stack.up({ refresh: true });
    expect(accepted()).toEqual(["POST …/resize"]);
    expect(cache()).toMatchObject({ capacity: 2, specCode: "redis.ha.xu1.large.r2.2" });
    const settled = await stack.preview({ refresh: true });
    expect(planSummary(settled)).toEqual({ create: 0, update: 0, delete: 0, replace: 0, same: 8 });
    // Nothing drifted, so the refresh shows no difference either (the default port is not one).
    expect(settled).toMatch(/DcsInstance sessions refresh/);
    expect(settled).not.toMatch(/DcsInstance sessions refresh \[diff:/);
  });

  test("destroy removes the cache and the topology", async () => {
    const destroy = await stack.destroy();
    expect(planSummary(destroy).delete).toBeGreaterThanOrEqual(8);
    expect(sim.dcs.control.snapshot().instances).toEqual([]);
    expect(sim.control.snapshot().instances).toEqual([]);
    expect(await stack.exportedResources()).toEqual([]);
  });

  test("faults were injected, and no secret appears in plain text anywhere", () => {
    const calls = [...sim.control.calls(), ...sim.dcs.control.calls()];
    expect(calls.some((c) => c.faults.length > 0)).toBe(true);
    expect(stack.transcript()).toContain("Resources:");
    const everything = [stack.transcript(), JSON.stringify(calls)].join("\n");
    for (const secret of [...Object.values(SECRETS), CACHE_PASSWORD]) expect(everything).not.toContain(secret);
  });
});
