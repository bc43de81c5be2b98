import type { Simulator } from "../../simulator";
import { call, manualClock, simulator, type CallOptions } from "./helpers";

/** The DCS simulator against DCS-FACTS.md and the extend seed page, over real HTTP with signed requests. */

const clock = manualClock();
let sim: Simulator;
const DURATIONS = { createCache: 1_000, extendCache: 1_000, resizeCache: 1_000, deleteCache: 500 };

beforeAll(async () => {
  sim = await simulator({ now: clock.now, dcs: { durations: DURATIONS } });
});
afterAll(() => sim.close());

const dcs = (method: string, path: string, options?: CallOptions) => call({ ...sim, url: sim.dcs.url }, method, path, options);

const REDIS = {
  name: "sessions",
  engine: "Redis",
  engine_version: "5.0",
  capacity: 1,
  spec_code: "redis.single.xu1.large.1",
  az_codes: ["az1"],
  vpc_id: "vpc-1",
  subnet_id: "subnet-1",
  password: "Cache#Pass2024",
  instance_num: 1,
};

async function created(body: Record<string, unknown> = REDIS): Promise<string> {
  const response = await dcs("POST", "/v2/{p}/instances", { body });
  expect(response.status).toBe(200);
  const id = response.data.instances[0].instance_id;
  clock.advance(DURATIONS.createCache);
  return id;
}

describe("DCS simulator", () => {
  test("its own listener: DCS paths are not on the DDM endpoint, and requests must be signed", async () => {
    expect(sim.dcs.url).not.toBe(sim.url);
    expect((await call(sim, "GET", "/v2/{p}/flavors", { query: { spec_code: "redis.single.xu1.large.1" } })).data.flavors).toBeUndefined();
    const unsigned = await dcs("GET", "/v2/{p}/flavors", { auth: "none" });
    expect(unsigned.status).toBe(401);
    expect(unsigned.data).toMatchObject({ error_code: "APIG.0301" });
  });

  test("flavors: cache mode, capacities and replicas, filtered by spec code, engine and mode", async () => {
    const one = await dcs("GET", "/v2/{p}/flavors", { query: { spec_code: "redis.ha.xu1.large.r2.4" } });
    expect(one.data.flavors).toEqual([
      expect.objectContaining({ spec_code: "redis.ha.xu1.large.r2.4", engine: "Redis", cache_mode: "ha", capacity: ["4"], replica_count: 2 }),
    ]);
    const memcached = await dcs("GET", "/v2/{p}/flavors", { query: { engine: "Memcached" } });
    expect(memcached.data.flavors.map((f: { cache_mode: string }) => f.cache_mode).sort()).toEqual(["ha", "single"]);
    const clusters = await dcs("GET", "/v2/{p}/flavors", { query: { cache_mode: "cluster" } });
    expect(clusters.data.flavors.length).toBeGreaterThan(3);
  });

  test("create: CREATING with a task, then RUNNING with none; small capacities read as 0 plus capacity_minor", async () => {
    const response = await dcs("POST", "/v2/{p}/instances", { body: { ...REDIS, capacity: 0.125, spec_code: "redis.single.xu1.tiny.128" } });
    const id = response.data.instances[0].instance_id;
    const creating = await dcs("GET", `/v2/{p}/instances/${id}`);
    expect(creating.data).toMatchObject({ status: "CREATING", capacity: 0, capacity_minor: ".125", port: 6379 });
    expect(creating.data.task).not.toBeNull();
    clock.advance(DURATIONS.createCache);
    expect((await dcs("GET", `/v2/{p}/instances/${id}`)).data).toMatchObject({ status: "RUNNING", task: null, max_memory: 128 });
  });

  test.each([
    [{ password: undefined }, /either password or no_password_access/],
    [{ no_password_access: true }, /either password or no_password_access/],
    [{ password: "weakpass" }, /password must be 8 to 64/],
    [{ capacity: 2 }, /Capacity 2 GB is not offered/],
    [{ engine_version: "3.0" }, /not sold for Redis 3.0/],
    [{ engine: "Memcached", spec_code: "dcs.memcached.single_node", capacity: 2 }, /security_group_id is required for Memcached/],
    [{ az_codes: ["az9"] }, /az_codes must be zones/],
    [{ flavour: "x" }, /does not take the parameter "flavour"/],
  ])("create refuses %j", async (change, message) => {
    const response = await dcs("POST", "/v2/{p}/instances", { body: { ...REDIS, ...change } });
    expect(response.status).toBe(400);
    expect(response.data.error_code).toBe("DCS.4000");
    expect(response.data.error_msg).toMatch(message);
  });

  test("extend: 204 with no body; RUNNING (old) → EXTENDING with a task → RUNNING (new) with the task → idle", async () => {
    const id = await created();
    const extend = await dcs("POST", `/v1.0/{p}/instances/${id}/extend`, { body: { new_capacity: 4, spec_code: "redis.single.xu1.large.4" } });
    expect(extend.status).toBe(204);
    expect(extend.data).toBe("");
    const look = async () => (await dcs("GET", `/v2/{p}/instances/${id}`)).data;
    expect(await look()).toMatchObject({ status: "RUNNING", task: null, capacity: 1 });
    // Accepted but not shown yet: another change is refused as busy.
    expect((await dcs("POST", `/v1.0/{p}/instances/${id}/extend`, { body: { new_capacity: 8, spec_code: "redis.single.xu1.large.8" } })).data.error_code).toBe("DCS.4097");
    clock.advance(200);
    expect(await look()).toMatchObject({ status: "EXTENDING", capacity: 1, task: { name: "extend" } });
    clock.advance(850);
    const finishing = await look();
    expect(finishing).toMatchObject({ status: "RUNNING", capacity: 4, spec_code: "redis.single.xu1.large.4" });
    expect(finishing.task).not.toBeNull();
    clock.advance(100);
    expect(await look()).toMatchObject({ status: "RUNNING", task: null, capacity: 4 });
  });

  test("extend refuses a shrink, a fractional or missing size, a missing spec code, and another type but master/standby", async () => {
    const id = await created({ ...REDIS, capacity: 4, spec_code: "redis.single.xu1.large.4" });
    const extend = (body: unknown) => dcs("POST", `/v1.0/{p}/instances/${id}/extend`, { body });
    expect((await extend({ new_capacity: 2, spec_code: "redis.single.xu1.large.2" })).data.error_msg).toMatch(/must be larger/);
    expect((await extend({ new_capacity: 4.5, spec_code: "redis.single.xu1.large.4" })).data.error_msg).toMatch(/integer/);
    expect((await extend({ new_capacity: 8 })).data.error_msg).toMatch(/spec_code is required/);
    expect((await extend({ new_capacity: 8, spec_code: "redis.cluster.xu1.large.r2.8" })).data.error_msg).toMatch(/use resize/);
    expect((await extend({ new_capacity: 8, spec_code: "redis.ha.xu1.large.r2.8" })).status).toBe(204);
  });

  test("resize: shrinks; change_type must match the flavors; a cluster keeps the reserved shards", async () => {
    const id = await created({ ...REDIS, capacity: 32, spec_code: "redis.cluster.xu1.large.r2.32" });
    const resize = (body: unknown) => dcs("POST", `/v2/{p}/instances/${id}/resize`, { body });
    expect((await resize({ new_capacity: 4, spec_code: "redis.ha.xu1.large.r2.4" })).data.error_msg).toMatch(/needs change_type instanceType/);
    expect((await resize({ new_capacity: 32, spec_code: "redis.cluster.xu1.large.r1.32" })).data.error_msg).toMatch(/needs change_type deleteReplication/);
    const shards = (await sim.dcs.control.snapshot()).instances.find((i) => i.id === id)!.shardIps;
    expect((await resize({ new_capacity: 16, spec_code: "redis.cluster.xu1.large.r2.16", reserved_ip: ["1.2.3.4", ...shards.slice(1, 3)] })).data.error_msg).toMatch(
      /not a shard/,
    );
    expect((await resize({ new_capacity: 16, spec_code: "redis.cluster.xu1.large.r2.16", reserved_ip: shards.slice(1) })).status).toBe(204);
    clock.advance(DURATIONS.resizeCache * 1.2);
    expect(sim.dcs.control.snapshot().instances.find((i) => i.id === id)).toMatchObject({ capacity: 16, shardIps: shards.slice(1) });
  });

  test("busy faults answer a busy code; a failed change ends RUNNING with the old values", async () => {
    const id = await created();
    sim.dcs.control.setFaults({ busyRate: 1 });
    const busy = await dcs("POST", `/v1.0/{p}/instances/${id}/extend`, { body: { new_capacity: 2, spec_code: "redis.single.xu1.large.2" } });
    expect(busy.status).toBe(400);
    expect(busy.data.error_code).toBe("DCS.4097");
    sim.dcs.control.setFaults({ failJobs: { extendCache: true } });
    expect((await dcs("POST", `/v1.0/{p}/instances/${id}/extend`, { body: { new_capacity: 2, spec_code: "redis.single.xu1.large.2" } })).status).toBe(204);
    sim.dcs.control.setFaults({});
    clock.advance(DURATIONS.extendCache * 1.2);
    expect((await dcs("GET", `/v2/{p}/instances/${id}`)).data).toMatchObject({ status: "RUNNING", task: null, capacity: 1 });
  });

  test("delete: 204, the instance answers until done, then 404", async () => {
    const id = await created();
    expect((await dcs("DELETE", `/v2/{p}/instances/${id}`)).status).toBe(204);
    expect((await dcs("GET", `/v2/{p}/instances/${id}`)).status).toBe(200);
    clock.advance(DURATIONS.deleteCache);
    const gone = await dcs("GET", `/v2/{p}/instances/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.data.error_code).toBe("DCS.4010");
  });

  test("control API over HTTP: state, drift, calls, faults", async () => {
    const id = await created();
    const drift = await call({ ...sim, url: sim.dcs.url }, "PATCH", `/_sim/instances/${id}`, { body: { specCode: "redis.single.xu1.large.2", capacity: 2 }, auth: "none" });
    expect(drift.data).toMatchObject({ capacity: 2, specCode: "redis.single.xu1.large.2" });
    expect((await call({ ...sim, url: sim.dcs.url }, "GET", "/_sim/state", { auth: "none" })).data.instances.length).toBeGreaterThan(0);
    expect((await call({ ...sim, url: sim.dcs.url }, "GET", "/_sim/calls", { auth: "none" })).data.calls.length).toBeGreaterThan(0);
    expect((await call({ ...sim, url: sim.dcs.url }, "PUT", "/_sim/faults", { body: { busyRate: 2 }, auth: "none" })).status).toBe(400);
  });

  test("ListInstances: offset/limit pages (10 unless asked, at most 1000), newest first, instance_num of all matching, entries without task", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(await created({ ...REDIS, name: `listed-${String(i).padStart(2, "0")}` }));
      clock.advance(1);
    }
    const busy = ids[11];
    expect((await dcs("POST", "/v1.0/{p}/instances/{id}/extend".replace("{id}", busy), { body: { new_capacity: 4, spec_code: "redis.single.xu1.large.4" } })).status).toBe(204);
    clock.advance(DURATIONS.extendCache / 2);
    const byName = { name: "listed-" };
    const first = await dcs("GET", "/v2/{p}/instances", { query: byName });
    expect(first.status).toBe(200);
    expect(first.data.instance_num).toBe(12);
    expect(first.data.instances.map((i: { instance_id: string }) => i.instance_id)).toEqual([...ids].reverse().slice(0, 10));
    const second = await dcs("GET", "/v2/{p}/instances", { query: { ...byName, offset: "10", limit: "5" } });
    expect(second.data.instances.map((i: { instance_id: string }) => i.instance_id)).toEqual([ids[1], ids[0]]);
    const listed = first.data.instances[0];
    expect(listed).toMatchObject({ instance_id: busy, status: "EXTENDING", capacity: 1, spec_code: "redis.single.xu1.large.1" });
    expect(listed).not.toHaveProperty("task");
    expect((await dcs("GET", `/v2/{p}/instances/${busy}`)).data.task).toEqual(expect.objectContaining({ name: "extend" }));
    const exact = await dcs("GET", "/v2/{p}/instances", { query: { name: "listed-0", name_equal: "true" } });
    expect(exact.data.instances).toEqual([]);
    expect((await dcs("GET", "/v2/{p}/instances", { query: { instance_id: ids[3] } })).data.instances.map((i: { name: string }) => i.name)).toEqual(["listed-03"]);
    for (const limit of ["0", "1001", "x"]) {
      const refused = await dcs("GET", "/v2/{p}/instances", { query: { limit } });
      expect(refused.status).toBe(400);
      expect(refused.data).toMatchObject({ error_code: "DCS.4000" });
    }
    expect((await dcs("GET", "/v2/{p}/instances", { query: { limit: "1000" } })).status).toBe(200);
    clock.advance(DURATIONS.extendCache);
  });
});

describe("DCS simulator: background tasks (ListBackgroundTask, ShowBackgroundTaskProgress)", () => {
  const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const tasks = (id: string, query: Record<string, string | number> = {}) => dcs("GET", `/v2/{p}/instances/${id}/tasks`, { query });
  const progress = (id: string, taskId: string) => dcs("GET", `/v2/{p}/instances/${id}/tasks/${taskId}/progress`);

  test("an extend is an EXTEND task from its submit to the instance idle again; its progress grows linearly with remain_time", async () => {
    const id = await created();
    const submittedAt = clock.now();
    expect((await dcs("POST", `/v1.0/{p}/instances/${id}/extend`, { body: { new_capacity: 4, spec_code: "redis.single.xu1.large.4" } })).status).toBe(204);
    const listed = await tasks(id, { start_time: utc(submittedAt - 1_000) });
    expect(listed.status).toBe(200);
    expect(listed.data.task_count).toBe("1");
    const [task] = listed.data.tasks;
    expect(task).toMatchObject({ name: "EXTEND", status: "EXECUTING", details: { old_capacity: "1", new_capacity: "4" }, enable_show: true });
    expect(Date.parse(task.created_at)).toBe(submittedAt);

    // The change lasts 1000 ms and the instance keeps its `task` 100 ms more: 1100 ms in all.
    expect((await progress(id, task.id)).data).toMatchObject({ progress: 0, remain_time: 2, step_details: [{ step_status: "EXECUTING" }] });
    clock.advance(550);
    expect((await progress(id, task.id)).data).toMatchObject({ progress: 50, remain_time: 1 });
    clock.advance(540);
    expect((await progress(id, task.id)).data.progress).toBe(99);
    expect((await dcs("GET", `/v2/{p}/instances/${id}`)).data.task).not.toBeNull();
    clock.advance(10);
    expect((await progress(id, task.id)).data).toMatchObject({ progress: 100, remain_time: 0, step_details: [{ step_status: "FINISH", error_code: null }] });
    expect((await dcs("GET", `/v2/{p}/instances/${id}`)).data).toMatchObject({ status: "RUNNING", task: null, capacity: 4 });
    expect((await tasks(id)).data.tasks[0].status).toBe("SUCCESS");
  });

  test("replica changes are AddReplica / DelReplica; a failed change's step is FAILED with an error code", async () => {
    const id = await created({ ...REDIS, capacity: 32, spec_code: "redis.cluster.xu1.large.r2.32" });
    const resize = (body: unknown) => dcs("POST", `/v2/{p}/instances/${id}/resize`, { body });
    expect((await resize({ new_capacity: 32, spec_code: "redis.cluster.xu1.large.r1.32", change_type: "deleteReplication" })).status).toBe(204);
    expect((await tasks(id)).data.tasks[0]).toMatchObject({ name: "DelReplica", details: { new_capacity: "32" } });
    clock.advance(DURATIONS.resizeCache * 1.2);
    sim.dcs.control.setFaults({ failJobs: { resizeCache: true } });
    expect((await resize({ new_capacity: 32, spec_code: "redis.cluster.xu1.large.r2.32", change_type: "createReplication", available_zones: ["az1"] })).status).toBe(204);
    sim.dcs.control.setFaults({});
    const [added, deleted] = (await tasks(id)).data.tasks;
    expect([added.name, deleted.name]).toEqual(["AddReplica", "DelReplica"]);
    clock.advance(DURATIONS.resizeCache);
    const failed = (await progress(id, added.id)).data;
    expect(failed.progress).toBeLessThan(100);
    expect(failed.step_details[0]).toMatchObject({ step_status: "FAILED", error_code: "DCS.5000" });
    expect((await tasks(id)).data.tasks[0].status).toBe("FAILED");
  });

  test("strict on the documented query: yyyyMMddHHmmss UTC times, offset, limit 1–1000; the window and pages apply", async () => {
    const id = await created();
    const before = clock.now();
    await dcs("POST", `/v1.0/{p}/instances/${id}/extend`, { body: { new_capacity: 2, spec_code: "redis.single.xu1.large.2" } });
    clock.advance(DURATIONS.extendCache * 1.2);
    await dcs("POST", `/v1.0/{p}/instances/${id}/extend`, { body: { new_capacity: 4, spec_code: "redis.single.xu1.large.4" } });
    const refusedQueries: Array<Record<string, string | number>> = [{ start_time: new Date(before).toISOString() }, { start_time: "2020-06-09 16:00:00" }, { end_time: "20201309160000" }, { start_time: "202006091600" }, { limit: 0 }, { limit: 1001 }, { offset: -1 }];
    for (const bad of refusedQueries) {
      const refused = await tasks(id, bad);
      expect([refused.status, refused.data.error_code]).toEqual([400, "DCS.4000"]);
    }
    expect((await tasks(id, { start_time: utc(before - 1_000) })).data.tasks.map((task: { details: { new_capacity: string } }) => task.details.new_capacity)).toEqual(["4", "2"]);
    expect((await tasks(id, { start_time: utc(clock.now() + 2_000) })).data).toEqual({ task_count: "0", tasks: [] });
    expect((await tasks(id, { end_time: utc(before - 1_000) })).data.task_count).toBe("0");
    const paged = await tasks(id, { offset: 1, limit: 1 });
    expect([paged.data.task_count, paged.data.tasks.length, paged.data.tasks[0].details.new_capacity]).toEqual(["2", 1, "2"]);
    expect((await progress(id, "no-such-task")).status).toBe(404);
    expect((await dcs("GET", "/v2/{p}/instances/no-such-instance/tasks")).status).toBe(404);
    clock.advance(DURATIONS.extendCache * 1.2);
  });
});

describe("DCS simulator without the background-task API", () => {
  test("its paths answer 404, as on a service that does not offer it", async () => {
    const bare = await simulator({ dcs: { backgroundTasks: false } });
    try {
      const response = await call({ ...bare, url: bare.dcs.url }, "GET", "/v2/{p}/instances/any/tasks");
      expect(response.status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
