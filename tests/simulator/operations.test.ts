import type { Simulator } from "../../simulator";
import { call, createInstance, flavorIdOf, manualClock, simulator } from "./helpers";

/** Long operations and their jobs, evaluated lazily from a clock the tests move. */

const clock = manualClock();
const durations = { createInstance: 1_000, enlarge: 500, reduce: 400, resize: 300, adminUser: 200, deleteInstance: 100, createSchema: 100, deleteSchema: 100 };
let sim: Simulator;

beforeAll(async () => {
  sim = await simulator({ now: clock.now, durations });
});

afterAll(() => sim.close());

/** Lets every job submitted so far end (small steps: requests are signed with the real date). */
const settle = () => clock.advance(1_000);

async function detail(id: string) {
  return (await call(sim, "GET", `/v1/{p}/instances/${id}`)).data;
}

async function job(jobId: string) {
  return (await call(sim, "GET", `/v3/{p}/jobs/${jobId}`)).data.job;
}

async function runningInstance(spec: Parameters<typeof createInstance>[1] = {}): Promise<string> {
  const { id } = await createInstance(sim, spec, false);
  settle();
  return id;
}

describe("jobs", () => {
  test("Running with process = elapsed/duration, then Completed at exactly start + duration", async () => {
    const start = clock.now();
    const { id, jobId } = await createInstance(sim, {}, false);
    expect(await job(jobId)).toEqual({
      id: jobId,
      name: "CreateInstance",
      status: "Running",
      created_time: expect.stringMatching(/\+0000$/),
      end_time: "",
      process: "0%",
      instance: { id, name: "orders-ddm" },
    });
    clock.advance(600);
    expect(await job(jobId)).toMatchObject({ status: "Running", process: "60%" });
    expect((await detail(id)).status).toBe("CREATING");
    clock.advance(399);
    expect(await job(jobId)).toMatchObject({ status: "Running", process: "99%" });
    clock.advance(1);
    const done = await job(jobId);
    expect(done).toMatchObject({ status: "Completed", process: "", end_time: expect.stringMatching(/\+0000$/) });
    expect((await detail(id)).status).toBe("RUNNING");
    const record = sim.control.jobs().find((j) => j.id === jobId)!;
    expect(record.completedAt).toBe(start + 1_000);
    expect(record.endsAt).toBe(start + 1_000);
  });

  test("a job observed long after its end still completed at its end", async () => {
    const start = clock.now();
    const { jobId } = await createInstance(sim, {}, false);
    clock.advance(5_000);
    sim.control.snapshot();
    expect(sim.control.jobs().find((j) => j.id === jobId)?.completedAt).toBe(start + 1_000);
  });

  test("the job list carries instance_id and instance_name and filters by start_time; an unknown job answers 400 DBS.300400", async () => {
    const { data } = await call(sim, "GET", "/v3/{p}/jobs", { query: { limit: 2 } });
    expect(data.jobs).toHaveLength(2);
    expect(data.total_count).toBeGreaterThanOrEqual(2);
    expect(data.jobs[0]).toMatchObject({ id: expect.any(String), name: expect.any(String), instance_id: expect.any(String), instance_name: expect.any(String) });
    const later = new Date(clock.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, "+0000");
    expect((await call(sim, "GET", "/v3/{p}/jobs", { query: { start_time: later } })).data).toEqual({ jobs: [], total_count: 0 });
    const unknown = await call(sim, "GET", "/v3/{p}/jobs/00000000-0000-0000-0000-000000000000");
    expect(unknown.status).toBe(400);
    expect(unknown.data).toEqual({ error_code: "DBS.300400", error_msg: expect.any(String) });
  });
});

describe("scale out", () => {
  test("answers camelCase {instanceId, instanceName, jobId}; GROWING with creating nodes; RUNNING with all nodes normal", async () => {
    const id = await runningInstance();
    const { flavorId } = await flavorIdOf(sim, "ddm.c6.2xlarge.2");
    const response = await call(sim, "POST", `/v2/{p}/instances/${id}/action/enlarge`, { body: { flavor_id: flavorId, node_number: 2, is_auto_pay: true } });
    expect(response.data).toEqual({ instanceId: id, instanceName: "orders-ddm", jobId: expect.any(String) });
    const growing = await detail(id);
    expect(growing.status).toBe("GROWING");
    expect(growing.nodes.map((n: { status: string }) => n.status)).toEqual(["normal", "normal", "creating", "creating"]);
    expect(await job(response.data.jobId)).toMatchObject({ name: "EnlargeNode", status: "Running" });
    clock.advance(durations.enlarge);
    const grown = await detail(id);
    expect(grown).toMatchObject({ status: "RUNNING", node_count: 4 });
    expect(grown.nodes.every((n: { status: string }) => n.status === "normal")).toBe(true);
  });

  test("while it runs, every other change is busy: 409 DBS.200019 in the API's dialect; reads still work", async () => {
    const id = await runningInstance();
    const { flavorId } = await flavorIdOf(sim, "ddm.c6.2xlarge.2");
    await call(sim, "POST", `/v2/{p}/instances/${id}/action/enlarge`, { body: { flavor_id: flavorId, node_number: 1 } });
    const rename = await call(sim, "PUT", `/v1/{p}/instances/${id}/modify-name`, { body: { name: "other-name" } });
    expect(rename.status).toBe(409);
    expect(rename.data).toEqual({ errCode: "DBS.200019", externalMessage: expect.any(String) });
    const resize = await call(sim, "PUT", `/v3/{p}/instances/${id}/flavor`, { body: { spec_code: "ddm.c6.4xlarge.2" } });
    expect(resize.status).toBe(409);
    expect(resize.data).toEqual({ error_code: "DBS.200019", error_msg: expect.any(String) });
    expect((await call(sim, "POST", `/v1/{p}/instances/${id}/users`, { body: { users: [] } })).status).toBe(400);
    expect((await call(sim, "GET", `/v1/{p}/instances/${id}/nodes`)).status).toBe(200);
    clock.advance(durations.enlarge);
    expect((await call(sim, "PUT", `/v1/{p}/instances/${id}/modify-name`, { body: { name: "other-name" } })).status).toBe(200);
  });

  test.each([
    ["the flavor code instead of its id", { flavor_id: "ddm.c6.2xlarge.2", node_number: 1 }],
    ["the id of another class", { flavor_id: "other", node_number: 1 }],
    ["node_number 0", { node_number: 0 }],
    ["an unknown group", { node_number: 1, group_id: `${"a".repeat(32)}gr09` }],
    ["a field enlarge does not take", { node_number: 1, node_num: 1 }],
  ])("%s is refused", async (_what, body) => {
    const id = await runningInstance();
    const { flavorId } = await flavorIdOf(sim, "ddm.c6.2xlarge.2");
    const response = await call(sim, "POST", `/v2/{p}/instances/${id}/action/enlarge`, { body: { flavor_id: flavorId, ...body } });
    expect(response.status).toBe(400);
    expect(response.data.errCode).toBe("DBS.280001");
    expect((await detail(id)).status).toBe("RUNNING");
  });
});

describe("scale in", () => {
  test("REDUCING, then the last nodes are gone", async () => {
    const id = await runningInstance({ nodeNum: 3 });
    const before = (await detail(id)).nodes.map((n: { ip: string }) => n.ip);
    const response = await call(sim, "POST", `/v2/{p}/instances/${id}/action/reduce`, { body: { node_number: 2 } });
    expect(response.data).toEqual({ instanceId: id, instanceName: "orders-ddm", jobId: expect.any(String) });
    expect((await detail(id)).status).toBe("REDUCING");
    expect(await job(response.data.jobId)).toMatchObject({ name: "ReduceNode" });
    clock.advance(durations.reduce);
    const after = await detail(id);
    expect(after).toMatchObject({ status: "RUNNING", node_count: 1 });
    expect(after.nodes.map((n: { ip: string }) => n.ip)).toEqual(before.slice(0, 1));
  });

  test("only {node_number, group_id}: a flavor_id is refused", async () => {
    const id = await runningInstance();
    const { flavorId } = await flavorIdOf(sim, "ddm.c6.2xlarge.2");
    const response = await call(sim, "POST", `/v2/{p}/instances/${id}/action/reduce`, { body: { flavor_id: flavorId, node_number: 1 } });
    expect(response.status).toBe(400);
    expect(response.data.errCode).toBe("DBS.280001");
  });

  test("node_number is at most the nodes minus one", async () => {
    const id = await runningInstance();
    expect((await call(sim, "POST", `/v2/{p}/instances/${id}/action/reduce`, { body: { node_number: 2 } })).status).toBe(400);
    expect((await call(sim, "POST", `/v2/{p}/instances/${id}/action/reduce`, { body: { node_number: 1 } })).status).toBe(200);
  });
});

describe("node class change", () => {
  test("202 {job_id}; RESIZING with resizing nodes; then the new class, cores and memory", async () => {
    const id = await runningInstance();
    const response = await call(sim, "PUT", `/v3/{p}/instances/${id}/flavor`, { body: { spec_code: "ddm.c6.4xlarge.2", is_auto_pay: true } });
    expect(response.status).toBe(202);
    expect(response.data).toEqual({ job_id: expect.any(String) });
    const resizing = await detail(id);
    expect(resizing.status).toBe("RESIZING");
    expect(resizing.nodes.every((n: { status: string }) => n.status === "resizing")).toBe(true);
    expect(resizing.flavor_ref).toBe("ddm.c6.2xlarge.2");
    clock.advance(durations.resize);
    expect(await detail(id)).toMatchObject({ status: "RUNNING", flavor_ref: "ddm.c6.4xlarge.2", core_count: "16", ram_capacity: "32" });
    expect((await job(response.data.job_id)).status).toBe("Completed");
  });

  test.each([
    ["the same class", "ddm.c6.2xlarge.2", "ddm.c6.2xlarge.2"],
    ["c6s to c6", "ddm.c6s.2xlarge.2", "ddm.c6.4xlarge.2"],
    ["an unknown class", "ddm.c6.2xlarge.2", "ddm.c9.huge.2"],
  ])("%s is refused with a v3 error body", async (_what, from, to) => {
    const id = await runningInstance({ code: from });
    const response = await call(sim, "PUT", `/v3/{p}/instances/${id}/flavor`, { body: { spec_code: to } });
    expect(response.status).toBe(400);
    expect(response.data).toEqual({ error_code: "DBS.280001", error_msg: expect.any(String) });
  });

  test("c6 to c6s is allowed", async () => {
    const id = await runningInstance();
    expect((await call(sim, "PUT", `/v3/{p}/instances/${id}/flavor`, { body: { spec_code: "ddm.c6s.4xlarge.2" } })).status).toBe(202);
  });
});

describe("administrator", () => {
  test("202 with no body; RESET_PASSWORD, then the new administrator", async () => {
    const id = await runningInstance();
    const response = await call(sim, "PUT", `/v3/{p}/instances/${id}/admin-user`, { body: { name: "dba", password: "Str0ng-Passw0rd" } });
    expect(response.status).toBe(202);
    expect(response.data).toBe("");
    expect((await detail(id)).status).toBe("RESET_PASSWORD");
    clock.advance(durations.adminUser);
    expect(await detail(id)).toMatchObject({ status: "RUNNING", admin_user_name: "dba" });
  });

  test("a weak password is refused with DBS.300306; engines before 3.0.9 cannot manage the administrator", async () => {
    const id = await runningInstance();
    const weak = await call(sim, "PUT", `/v3/{p}/instances/${id}/admin-user`, { body: { name: "dba", password: "alllowercase" } });
    expect(weak.data).toEqual({ error_code: "DBS.300306", error_msg: expect.any(String) });
    const old = await runningInstance({ version: "3.0.8" });
    const refused = await call(sim, "PUT", `/v3/{p}/instances/${old}/admin-user`, { body: { name: "dba", password: "Str0ng-Passw0rd" } });
    expect(refused.status).toBe(400);
    expect(refused.data.error_msg).toContain("3.0.9");
  });
});

describe("several node groups", () => {
  test("with a second group, scaling needs a group_id, and only that group changes", async () => {
    const id = await runningInstance();
    const group = sim.control.addNodeGroup(id, { flavorCode: "ddm.c6.4xlarge.2", nodeCount: 1 });
    expect(group.id).toMatch(/gr09$/);
    const groups = (await call(sim, "GET", `/v3/{p}/instances/${id}/groups`)).data.group_list;
    expect(groups.map((g: { is_default_group: boolean }) => g.is_default_group)).toEqual([true, false]);
    const { flavorId } = await flavorIdOf(sim, "ddm.c6.4xlarge.2");
    const withoutGroup = await call(sim, "POST", `/v2/{p}/instances/${id}/action/enlarge`, { body: { flavor_id: flavorId, node_number: 1 } });
    expect(withoutGroup.status).toBe(400);
    const withGroup = await call(sim, "POST", `/v2/{p}/instances/${id}/action/enlarge`, { body: { flavor_id: flavorId, node_number: 2, group_id: group.id } });
    expect(withGroup.status).toBe(200);
    clock.advance(durations.enlarge);
    const after = (await call(sim, "GET", `/v3/{p}/instances/${id}/groups`)).data.group_list;
    expect(after.map((g: { node_list: unknown[] }) => g.node_list.length)).toEqual([2, 3]);
    expect((await detail(id)).node_count).toBe(5);
  });
});
