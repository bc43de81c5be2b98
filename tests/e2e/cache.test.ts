import * as fs from "fs";
import type { CallRecord, Simulator } from "../../simulator";
import { startTestSimulator } from "../support/simulator";
import { SECRETS, topologyStack, type TopologyStack } from "./topology-stack";

/**
 * The example program with a Redis cache beside the DDM topology, unmodified, through the SDK's
 * own language runtime and dynamic-provider server, against both simulators with authentication
 * and faults on: up, grow through extend, shrink through resize, a class change, drift, destroy.
 */
jest.setTimeout(240_000);

const CACHE_PASSWORD = "Cache#Pass2024";
/** Seeded, so a failure can be replayed; every kind the clients must survive. */
const FAULTS = { seed: 11, error500Rate: 0.04, error429Rate: 0.04, busyRate: 0.04, slowRate: 0.05, slowMs: 200 };

let sim: Simulator;
let topo: TopologyStack;
const seen: string[] = [];

beforeAll(async () => {
  sim = await startTestSimulator({ rateLimit: { limit: 6000, windowMs: 60_000 } });
  sim.control.setFaults(FAULTS);
  sim.dcs.control.setFaults(FAULTS);
  topo = topologyStack(sim, {
    config: { cacheSpecCode: "redis.single.xu1.large.1", cacheCapacity: "1" },
    onEvent: (event) => {
      if (event.type === "log") seen.push(event.entry.message);
      if (event.type === "summary") seen.push(event.text);
    },
  });
  topo.stack.setConfig("cachePassword", CACHE_PASSWORD, { secret: true });
});
afterEach(() => {
  if (fs.existsSync(topo.stateFile)) seen.push(fs.readFileSync(topo.stateFile, "utf8"));
});
afterAll(async () => {
  topo.cleanup();
  await sim.close();
});

/** Cache writes the service accepted (faulted attempts are the clients' business, and retried). */
const accepted = (calls: CallRecord[]) =>
  calls
    .filter((c) => c.method !== "GET" && c.faults.every((f) => f === "slow") && c.status !== undefined && c.status < 300)
    .map((c) => `${c.method} ${c.path.replace(/^\/v[\d.]+\/[^/]+\/instances\/[^/]+/, "…")}`);

function cache() {
  const instances = sim.dcs.control.snapshot().instances;
  expect(instances).toHaveLength(1);
  return instances[0];
}

function resize(capacity: number, specCode: string) {
  topo.stack.setConfig("cacheCapacity", String(capacity));
  topo.stack.setConfig("cacheSpecCode", specCode);
  sim.dcs.control.resetCalls();
}

describe("a DDM topology with a Redis cache, end to end", () => {
  test("up creates the DDM instance and the cache; the cache password is secret", async () => {
    const result = await topo.stack.up();
    expect(result.summary.create).toBe(8); // the stack, the DDM instance, 2 schemas, 3 accounts, the cache
    expect(sim.control.snapshot().instances).toHaveLength(1);
    const live = cache();
    expect(live).toMatchObject({ status: "RUNNING", task: null, name: "orders-sessions", capacity: 1, engine: "Redis", engineVersion: "5.0" });
    expect(result.outputs).toMatchObject({ cacheId: live.id, cacheEndpoint: `${live.ip}:6379`, cacheCapacity: 1, cacheClass: "redis.single.xu1.large.1" });
    const resource = topo.stack.resources().find((r) => r.type.endsWith("DcsInstance"))!;
    expect(resource.secretOutputs).toContain("password");
  });

  test("a larger cache is one extend", async () => {
    resize(4, "redis.single.xu1.large.4");
    const preview = await topo.stack.preview();
    expect(preview.summary).toMatchObject({ update: 1, replace: 0, create: 0, delete: 0 });
    const up = await topo.stack.up();
    expect(up.summary.update).toBe(1);
    expect(accepted(sim.dcs.control.calls())).toEqual(["POST …/extend"]);
    expect(cache()).toMatchObject({ capacity: 4, specCode: "redis.single.xu1.large.4" });
    expect(up.outputs.cacheCapacity).toBe(4);
    // Followed by its background task, not blind: the task found, its progress read.
    const answered = sim.dcs.control.calls().filter((c) => c.method === "GET" && c.status === 200).map((c) => c.path);
    expect(answered.filter((p) => /\/instances\/[^/]+\/tasks$/.test(p)).length).toBeGreaterThanOrEqual(1);
    expect(answered.filter((p) => /\/tasks\/[^/]+\/progress$/.test(p)).length).toBeGreaterThanOrEqual(1);
  });

  test("a smaller cache is one resize", async () => {
    resize(2, "redis.single.xu1.large.2");
    await topo.stack.up();
    expect(accepted(sim.dcs.control.calls())).toEqual(["POST …/resize"]);
    expect(cache().capacity).toBe(2);
  });

  test("a class change (single → master/standby) is one resize of type instanceType", async () => {
    resize(2, "redis.ha.xu1.large.r2.2");
    const up = await topo.stack.up();
    expect(accepted(sim.dcs.control.calls())).toEqual(["POST …/resize"]);
    const call = sim.dcs.control.calls().find((c) => c.path.endsWith("/resize") && c.status === 204)!;
    expect(call.body).toMatchObject({ spec_code: "redis.ha.xu1.large.r2.2", new_capacity: 2, change_type: "instanceType" });
    expect(cache()).toMatchObject({ cacheMode: "ha", capacity: 2 });
    expect(up.outputs.cacheClass).toBe("redis.ha.xu1.large.r2.2");
  });

  test("drift: preview --refresh reports a cache resized by hand; up --refresh puts it back", async () => {
    sim.dcs.control.driftInstance(cache().id, { specCode: "redis.ha.xu1.large.r2.4", capacity: 4 });
    sim.dcs.control.resetCalls();
    const preview = await topo.stack.preview({ refresh: true });
    expect(accepted(sim.dcs.control.calls())).toEqual([]);
    expect(preview.steps.find((s) => s.type.endsWith("DcsInstance") && s.op === "update")).toBeDefined();
    expect(preview.summary.update).toBe(1);

    sim.dcs.control.resetCalls();
    await topo.stack.up({ refresh: true });
    expect(accepted(sim.dcs.control.calls())).toEqual(["POST …/resize"]);
    expect(cache()).toMatchObject({ capacity: 2, specCode: "redis.ha.xu1.large.r2.2" });
    const settled = await topo.stack.preview({ refresh: true });
    expect(settled.summary).toMatchObject({ create: 0, update: 0, delete: 0, replace: 0 });
  });

  test("destroy removes the cache and the topology", async () => {
    const result = await topo.stack.destroy();
    expect(result.summary.delete).toBeGreaterThanOrEqual(8);
    expect(sim.dcs.control.snapshot().instances).toEqual([]);
    expect(sim.control.snapshot().instances).toEqual([]);
    expect(topo.stack.resources()).toEqual([]);
  });

  test("faults were injected, and no secret appears in plain text anywhere", () => {
    const calls = [...sim.control.calls(), ...sim.dcs.control.calls()];
    expect(calls.some((c) => c.faults.length > 0)).toBe(true);
    const everything = [...seen, JSON.stringify(calls)].join("\n");
    for (const secret of [...Object.values(SECRETS), CACHE_PASSWORD]) expect(everything).not.toContain(secret);
  });
});
