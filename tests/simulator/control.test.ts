import axios from "axios";
import { DEFAULT_SHARED_RDS, type Simulator } from "../../simulator";
import { call, createInstance, simulator, waitForJob } from "./helpers";

/** The control API, in process and over HTTP: inspection, drift, the call log. */

let sim: Simulator;

beforeAll(async () => {
  sim = await simulator();
});

afterAll(() => sim.close());

const control = (method: string, path: string, data?: unknown) =>
  axios.request({ method, url: `${sim.url}/_sim${path}`, data, validateStatus: () => true });

const detail = async (id: string) => (await call(sim, "GET", `/v1/{p}/instances/${id}`)).data;

describe("drift", () => {
  test("node count, name, security group, class and status changed out of band show in the API", async () => {
    const { id } = await createInstance(sim);
    const drifted = sim.control.driftInstance(id, { nodeCount: 4, name: "console-renamed", securityGroupId: "sg-drift", flavorCode: "ddm.c6.4xlarge.2" });
    expect(drifted.groups[0].nodes).toHaveLength(4);
    expect(await detail(id)).toMatchObject({
      node_count: 4,
      name: "console-renamed",
      security_group_id: "sg-drift",
      flavor_ref: "ddm.c6.4xlarge.2",
      core_count: "16",
      status: "RUNNING",
    });
    const before = (await call(sim, "GET", `/v1/{p}/instances/${id}/nodes`)).data.nodes.map((n: { node_id: string }) => n.node_id);
    sim.control.driftInstance(id, { nodeCount: 1 });
    const after = (await call(sim, "GET", `/v1/{p}/instances/${id}/nodes`)).data.nodes.map((n: { node_id: string }) => n.node_id);
    expect(after).toEqual(before.slice(0, 1));
    sim.control.driftInstance(id, { status: "ERROR" });
    expect((await detail(id)).status).toBe("ERROR");
  });

  test("over HTTP: PATCH an instance; bad drift answers 400, an unknown instance 404", async () => {
    const { id } = await createInstance(sim);
    const patched = await control("PATCH", `/instances/${id}`, { nodeCount: 3 });
    expect(patched.status).toBe(200);
    expect(patched.data.groups[0].nodes).toHaveLength(3);
    expect((await detail(id)).node_count).toBe(3);
    expect((await control("PATCH", `/instances/${id}`, { nodeCount: 0 })).status).toBe(400);
    expect((await control("PATCH", `/instances/${id}`, { flavorCode: "ddm.nope.2" })).data.error).toContain("not a node class");
    expect((await control("PATCH", "/instances/nope", { name: "x" })).status).toBe(404);
  });

  test("deleting an instance, schema or account out of band makes the API answer not found (schema and account: 400 with the code)", async () => {
    const { id } = await createInstance(sim);
    const [rds] = (await call(sim, "GET", `/v1/{p}/instances/${id}/rds`)).data.instances;
    await call(sim, "POST", `/v1/{p}/instances/${id}/databases`, {
      body: { databases: [{ name: "gone_soon", shard_mode: "single", shard_number: 1, used_rds: [{ id: rds.id, adminUser: "root", adminPassword: "x" }] }] },
    });
    await call(sim, "POST", `/v1/{p}/instances/${id}/users`, { body: { users: [{ name: "gone_user", password: "Str0ng-Passw0rd", base_authority: ["SELECT"] }] } });
    expect((await control("DELETE", `/instances/${id}/schemas/GONE_SOON`)).status).toBe(204);
    expect((await call(sim, "GET", `/v1/{p}/instances/${id}/databases/gone_soon`)).data).toMatchObject({ errCode: "DBS.300129" });
    sim.control.deleteAccount(id, "gone_user");
    expect((await call(sim, "DELETE", `/v1/{p}/instances/${id}/users/gone_user`)).data).toMatchObject({ errCode: "DBS.300327" });
    expect((await control("DELETE", `/instances/${id}`)).status).toBe(204);
    expect((await call(sim, "GET", `/v1/{p}/instances/${id}`)).status).toBe(404);
    expect(() => sim.control.deleteInstance(id)).toThrow(/No instance/);
  });

  test("an instance can be put in any documented status, and in no other", async () => {
    const { id } = await createInstance(sim);
    for (const status of ["FROZEN", "data_disk_full", "DELETED", "RUNNING"]) {
      expect((await control("PATCH", `/instances/${id}`, { status })).data.status).toBe(status);
    }
    const refused = await control("PATCH", `/instances/${id}`, { status: "FROZEN_SOLID" });
    expect(refused.status).toBe(400);
    expect(refused.data.error).toMatch(/not an instance status/);
  });

  test("more RDS instances can be made available, in any status", async () => {
    const { id } = await createInstance(sim);
    const added = (await control("POST", `/instances/${id}/rds`, { count: 2, status: "abnormal" })).data.rds;
    expect(added).toHaveLength(2);
    const listed = (await call(sim, "GET", `/v1/{p}/instances/${id}/rds`)).data;
    expect(listed.total).toBe(6);
    expect(listed.instances.slice(4).map((r: { status: string }) => r.status)).toEqual(["abnormal", "abnormal"]);
    const refused = await call(sim, "POST", `/v1/{p}/instances/${id}/databases`, {
      body: { databases: [{ name: "on_abnormal", shard_mode: "single", shard_number: 1, used_rds: [{ id: added[0].id, adminUser: "root", adminPassword: "x" }] }] },
    });
    expect(refused.data.errCode).toBe("DBS.300110");
  });

  test("a second node group, over HTTP", async () => {
    const { id } = await createInstance(sim);
    const group = await control("POST", `/instances/${id}/groups`, { nodeCount: 2 });
    expect(group.status).toBe(201);
    expect(group.data).toMatchObject({ isDefault: false, flavorCode: "ddm.c6.2xlarge.2" });
    expect((await detail(id)).node_count).toBe(4);
  });
});

describe("inspection", () => {
  test("the call log: method, path, query, redacted body, status, principal, time; control calls are not in it", async () => {
    sim.control.resetCalls();
    const started = Date.now();
    const { id } = await createInstance(sim, { extra: { admin_user_name: "root", admin_user_password: "Str0ng-Passw0rd" } }, false);
    await call(sim, "GET", "/v1/{p}/instances", { query: { offset: 0, limit: 5 } });
    await control("GET", "/state");
    const calls = (await control("GET", "/calls")).data.calls;
    const create = calls.find((c: { method: string; path: string }) => c.method === "POST" && c.path === `/v1/${sim.projectId}/instances`);
    expect(create).toMatchObject({ status: 200, principal: expect.stringMatching(/^ak:/), faults: [], requestId: expect.any(String) });
    expect(create.body.instance).toMatchObject({ name: "orders-ddm", admin_user_name: "root", admin_user_password: "***" });
    expect(create.at).toBeGreaterThanOrEqual(started);
    expect(calls.at(-1)).toMatchObject({ method: "GET", query: { offset: "0", limit: "5" } });
    expect(calls.every((c: { path: string }) => !c.path.startsWith("/_sim"))).toBe(true);
    expect(JSON.stringify(calls)).not.toContain("Str0ng-Passw0rd");
    expect((await control("DELETE", "/calls")).status).toBe(204);
    expect(sim.control.calls()).toEqual([]);
    await waitForJob(sim, (await call(sim, "DELETE", `/v1/{p}/instances/${id}`)).data.job_id);
  });

  test("after everything is destroyed the simulator holds no instance; the jobs remain, each with completedAt", async () => {
    const fresh = await simulator();
    try {
      const { id } = await createInstance(fresh);
      const { job_id } = (await call(fresh, "DELETE", `/v1/{p}/instances/${id}`)).data;
      await waitForJob(fresh, job_id);
      const state = (await axios.get(`${fresh.url}/_sim/state`)).data;
      expect(state.instances).toEqual([]);
      expect(state.sharedRds.map((rds: { id: string }) => rds.id)).toEqual(DEFAULT_SHARED_RDS.map((rds) => rds.id));
      expect(state.jobs.map((j: { name: string }) => j.name)).toEqual(["DeleteInstance", "CreateInstance"]);
      for (const job of fresh.control.jobs()) expect(job.completedAt).toBe(job.endsAt);
    } finally {
      await fresh.close();
    }
  });

  test("durations change at run time for operations submitted afterwards", async () => {
    const set = await control("PUT", "/durations", { createInstance: 5 });
    expect(set.data.createInstance).toBe(5);
    const { jobId } = await createInstance(sim, {}, false);
    const job = sim.control.jobs().find((j) => j.id === jobId)!;
    expect(job.endsAt - job.createdAt).toBe(5);
    expect((await control("PUT", "/durations", { teleport: 1 })).status).toBe(400);
    expect((await control("PUT", "/durations", { enlarge: -1 })).status).toBe(400);
  });

  test("unknown control routes answer 404; bodies must be JSON", async () => {
    expect((await control("GET", "/nothing")).status).toBe(404);
    const bad = await axios.put(`${sim.url}/_sim/faults`, "{oops", {
      headers: { "Content-Type": "application/json" },
      validateStatus: () => true,
      transformRequest: [(data: unknown) => data],
    });
    expect(bad.status).toBe(400);
  });
});
