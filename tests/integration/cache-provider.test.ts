import { HuaweiCloudError } from "../../provider/cloud/errors";
import { cacheProvider, type CacheOutputs } from "../../provider/dcs/cache";
import { DcsClient } from "../../provider/dcs/client";
import { ResourceInitError } from "../../provider/resource/context";
import type { Simulator } from "../../simulator";
import { cacheProviderInputs } from "../support/inputs";
import { simulatorEnv, withProviderSimulator } from "../support/simulator";

/** DcsInstance's provider methods, as the dynamic-provider host calls them, against the DCS simulator over HTTP. */
jest.setTimeout(60_000);

let sim: Simulator;
withProviderSimulator([cacheProvider], (started) => (sim = started));

const inputs = (overrides: Record<string, unknown> = {}) => cacheProviderInputs({ name: "sessions-cache", ...overrides });

async function apply(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  const check = await cacheProvider.check(olds, news);
  expect(check.failures).toEqual([]);
  const diff = await cacheProvider.diff(id, olds, check.inputs!);
  expect(diff.replaces ?? []).toEqual([]);
  expect(diff.changes).toBe(true);
  const result = await cacheProvider.update(id, olds, check.inputs!);
  return result.outs as CacheOutputs & Record<string, unknown>;
}

const writes = () =>
  sim.dcs.control
    .calls()
    .filter((c) => c.method !== "GET")
    .map((c) => `${c.method} ${c.path.replace(/^\/v[\d.]+\/[^/]+\/instances\/[^/]+/, "…")}`);
const live = (id: string) => sim.dcs.control.snapshot().instances.find((i) => i.id === id)!;

describe("DcsInstance lifecycle", () => {
  let id: string;
  let state: CacheOutputs & Record<string, unknown>;

  test("create follows the instance until RUNNING with no task, seen twice, and reports every output", async () => {
    sim.dcs.control.resetCalls();
    const created = await cacheProvider.create(inputs());
    id = created.id;
    state = created.outs;
    expect(live(id)).toMatchObject({ status: "RUNNING", task: null, capacity: 1 });
    expect(state).toMatchObject({ instanceId: id, status: "RUNNING", capacity: 1, port: 6379, maxMemory: 1024, chargingMode: 0, cacheMode: "single" });
    expect(state.ip).toMatch(/^192\.168\./);
    expect(state.domainName).toContain(id);
    const reads = sim.dcs.control.calls().filter((c) => c.method === "GET" && c.path.endsWith(id));
    const last = reads.slice(-2).map((c) => c.at);
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(last[1] - last[0]).toBeLessThan(2_000);
  });

  test("a larger capacity is one extend (204, no job); the result is followed until it shows", async () => {
    sim.dcs.control.resetCalls();
    state = await apply(id, state, inputs({ capacity: 4, specCode: "redis.single.xu1.large.4" }));
    expect(writes()).toEqual(["POST …/extend"]);
    expect(sim.dcs.control.calls().find((c) => c.path.endsWith("/extend"))!.body).toEqual({ new_capacity: 4, spec_code: "redis.single.xu1.large.4" });
    expect(live(id)).toMatchObject({ capacity: 4, specCode: "redis.single.xu1.large.4", task: null });
    expect(state).toMatchObject({ capacity: 4, maxMemory: 4096 });
  });

  test("single → master/standby with growth is an extend too", async () => {
    sim.dcs.control.resetCalls();
    state = await apply(id, state, inputs({ capacity: 8, specCode: "redis.ha.xu1.large.r2.8" }));
    expect(writes()).toEqual(["POST …/extend"]);
    expect(live(id)).toMatchObject({ cacheMode: "ha", capacity: 8 });
    expect(state.cacheMode).toBe("ha");
  });

  test("a smaller capacity is a resize without change type; more replicas is createReplication with the zones", async () => {
    sim.dcs.control.resetCalls();
    state = await apply(id, state, inputs({ capacity: 2, specCode: "redis.ha.xu1.large.r2.2" }));
    expect(writes()).toEqual(["POST …/resize"]);
    expect(sim.dcs.control.calls().find((c) => c.path.endsWith("/resize"))!.body).toEqual({ spec_code: "redis.ha.xu1.large.r2.2", new_capacity: 2 });
    expect(live(id).capacity).toBe(2);

    sim.dcs.control.resetCalls();
    state = await apply(id, state, inputs({ capacity: 2, specCode: "redis.ha.xu1.large.r3.2" }));
    expect(sim.dcs.control.calls().find((c) => c.path.endsWith("/resize"))!.body).toEqual({
      spec_code: "redis.ha.xu1.large.r3.2",
      new_capacity: 2,
      change_type: "createReplication",
      available_zones: ["az1"],
    });
    expect(live(id).replicaCount).toBe(3);
  });

  test("another type is instanceType; a shrinking cluster keeps the shards named in reservedIps", async () => {
    state = await apply(id, state, inputs({ capacity: 32, specCode: "redis.cluster.xu1.large.r3.32".replace("r3", "r2") }));
    expect(live(id)).toMatchObject({ cacheMode: "cluster" });
    const shards = live(id).shardIps;
    expect(shards).toHaveLength(4);

    const shrink = inputs({ capacity: 16, specCode: "redis.cluster.xu1.large.r2.16" });
    const refused = await cacheProvider.check(state, shrink);
    expect(refused.failures).toEqual([expect.objectContaining({ property: "reservedIps", reason: expect.stringMatching(/required when a cluster shrinks/) })]);

    sim.dcs.control.resetCalls();
    state = await apply(id, state, { ...shrink, reservedIps: shards.slice(1) });
    expect(sim.dcs.control.calls().find((c) => c.path.endsWith("/resize"))!.body).toMatchObject({ reserved_ip: shards.slice(1) });
    expect(live(id).shardIps).toEqual(shards.slice(1));
  });

  test("an extend whose answer is lost is settled by reading the instance, never sent twice", async () => {
    sim.dcs.control.setFaults({ dropAfterCommitRate: 1 });
    sim.dcs.control.resetCalls();
    try {
      state = await apply(id, state, inputs({ capacity: 24, specCode: "redis.cluster.xu1.large.r2.24", reservedIps: state.reservedIps }));
    } finally {
      sim.dcs.control.setFaults({});
    }
    expect(writes()).toEqual(["POST …/extend"]);
    expect(live(id).capacity).toBe(24);
  });

  test("an extend lost before the service received it (the instance never shows it) is sent again, once", async () => {
    const extend = jest.spyOn(DcsClient.prototype, "extend").mockImplementationOnce(async () => {
      throw new HuaweiCloudError({ operation: "extend cache instance", status: 500, code: "DCS.5000", outcomeUnknown: true });
    });
    sim.dcs.control.resetCalls();
    try {
      state = await apply(id, state, inputs({ capacity: 32, specCode: "redis.cluster.xu1.large.r2.32", reservedIps: state.reservedIps }));
    } finally {
      extend.mockRestore();
    }
    expect(writes()).toEqual(["POST …/extend"]);
    expect(live(id).capacity).toBe(32);
    // Back to 24 GB for the next test.
    state = await apply(id, state, inputs({ capacity: 24, specCode: "redis.cluster.xu1.large.r2.24", reservedIps: live(id).shardIps.slice(0, 3) }));
  }, 90_000);

  test("busy answers are waited out and the request sent again", async () => {
    // Seed 7 answers the first request busy: the extend, both flavors being known to this process already.
    sim.dcs.control.setFaults({ seed: 7, busyRate: 0.6 });
    sim.dcs.control.resetCalls();
    try {
      state = await apply(id, state, inputs({ capacity: 32, specCode: "redis.cluster.xu1.large.r2.32", reservedIps: state.reservedIps }));
    } finally {
      sim.dcs.control.setFaults({});
    }
    const extends_ = sim.dcs.control.calls().filter((c) => c.path.endsWith("/extend"));
    expect(extends_.filter((c) => c.status === 204)).toHaveLength(1);
    expect(extends_.some((c) => c.faults.includes("busy"))).toBe(true);
    expect(live(id).capacity).toBe(32);
  });

  test("a failed change ends in a partial failure carrying the live instance", async () => {
    // Long enough for the change to be seen in progress before it fails.
    sim.dcs.control.setDurations({ extendCache: 3_000 });
    sim.dcs.control.setFaults({ failJobs: { extendCache: true } });
    const error = await cacheProvider
      .update(id, state, inputs({ capacity: 64, specCode: "redis.cluster.xu1.large.r2.64" }))
      .then(() => undefined, (e) => e);
    sim.dcs.control.setFaults({});
    sim.dcs.control.setDurations({ extendCache: 300 });
    expect(error).toBeInstanceOf(ResourceInitError);
    // The change's background task says so, with its step's code (without the task API: the instance, cache-task-progress.test.ts).
    expect(error.message).toMatch(/extending 32 GB .* → 64 GB .* failed: the background task failed at EXTEND \(error_code DCS\.5000\)/);
    expect(error.message.match(/ failed: /g)).toHaveLength(1);
    expect(error.properties).toMatchObject({ capacity: 32, __provider: "serialized-provider" });
  });

  test("refresh leaves the service's default port out of the inputs when the program did, and keeps a declared one", async () => {
    const omitted = await cacheProvider.create(inputs({ name: "default-port-cache" }));
    expect(omitted.outs).toMatchObject({ port: 6379, portDeclared: false });
    const read = await cacheProvider.read(omitted.id, omitted.outs);
    expect(read.props).toMatchObject({ port: 6379, portDeclared: false });
    expect(read.inputs).not.toHaveProperty("port");
    expect((await cacheProvider.diff(omitted.id, read.props!, inputs({ name: "default-port-cache" }))).changes).toBe(false);
    // State written before portDeclared: the stored port reads back as declared, as it always did.
    const { portDeclared: _, ...older } = omitted.outs;
    expect((await cacheProvider.read(omitted.id, older)).inputs).toMatchObject({ port: 6379 });

    const declared = await cacheProvider.create(inputs({ name: "own-port-cache", port: 6380 }));
    expect(declared.outs).toMatchObject({ port: 6380, portDeclared: true });
    expect((await cacheProvider.read(declared.id, declared.outs)).inputs).toMatchObject({ port: 6380 });

    await Promise.all([cacheProvider.delete(omitted.id, omitted.outs), cacheProvider.delete(declared.id, declared.outs)]);
  });

  test("refresh reports drift in capacity and class; delete waits for 404", async () => {
    sim.dcs.control.driftInstance(id, { specCode: "redis.cluster.xu1.large.r2.24", capacity: 24 });
    const read = await cacheProvider.read(id, state);
    expect(read.inputs).toMatchObject({ capacity: 24, specCode: "redis.cluster.xu1.large.r2.24" });
    const diff = await cacheProvider.diff(id, read.props!, inputs({ capacity: 32, specCode: "redis.cluster.xu1.large.r2.32" }));
    expect(diff.changes).toBe(true);

    await cacheProvider.delete(id, state);
    expect(sim.dcs.control.snapshot().instances).toEqual([]);
    expect((await cacheProvider.read(id, state)).id).toBe("");
  });
});

test("DDM and DCS clients of one credential share one session and one rate limit", async () => {
  const { clientFor } = await import("../../provider/ddm/client");
  const { dcsClientFor } = await import("../../provider/dcs/client");
  const ddm = clientFor(undefined, simulatorEnv(sim)) as unknown as { session: unknown };
  const dcs = dcsClientFor(undefined, simulatorEnv(sim)) as unknown as { session: unknown };
  expect(dcs.session).toBe(ddm.session);
});
