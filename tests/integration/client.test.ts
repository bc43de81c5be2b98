import { withDeadline } from "../../provider/cloud/deadline";
import { HuaweiCloudError, DdmClient, resolveSettings } from "../../provider/ddm/client";
import { pickEngine } from "../../provider/ddm/instance";
import { settleDeletion, settleInstance } from "../../provider/ddm/wait";
import { DEFAULT_USER, type Simulator } from "../../simulator";
import { clientFor, simulatorEnv, startTestSimulator } from "../support/simulator";

/** Every client operation against the simulator over real HTTP, with authentication on. */

let sim: Simulator;
let client: DdmClient;

beforeAll(async () => {
  sim = await startTestSimulator();
  client = clientFor(sim);
});
afterAll(() => sim.close());

async function newInstance(name: string, nodeNum = 2) {
  const engine = pickEngine(await client.listEngines());
  const flavor = (await client.listFlavors(engine.id)).find((f) => f.code === "ddm.c6.2xlarge.2")!;
  const created = await client.createInstance({
    instance: {
      name,
      flavor_id: flavor.id,
      node_num: nodeNum,
      engine_id: engine.id,
      available_zones: ["az1"],
      vpc_id: "vpc-1",
      subnet_id: "subnet-1",
      security_group_id: "sg-1",
    },
  });
  const instance = await settleInstance(client, { label: name, instanceId: created.id, jobId: created.jobId, timeoutMs: 30_000, startedAt: Date.now() });
  return { instance, engine, flavor };
}

describe("DDM client against the simulator", () => {
  test("project id is discovered from the region through IAM", async () => {
    expect(await client.projectId()).toBe(sim.projectId);
  });

  test("engines and every page of flavors", async () => {
    const engines = await client.listEngines();
    expect(engines.length).toBeGreaterThanOrEqual(2);
    const flavors = await client.listFlavors(engines[0].id);
    const codes = flavors.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(["ddm.c6.2xlarge.2", "ddm.c6.4xlarge.2", "ddm.c6s.2xlarge.2"]));
    expect(new Set(flavors.map((f) => f.id)).size).toBe(flavors.length);
  });

  test("instance lifecycle: create, read, list, nodes, groups, rename, security group, admin, scale, resize, delete", async () => {
    const { instance, flavor } = await newInstance("client-life", 2);
    const id = instance.id;
    expect(instance).toMatchObject({ status: "RUNNING", name: "client-life", node_count: 2, flavor_ref: "ddm.c6.2xlarge.2" });

    expect((await client.listInstances()).map((i) => i.id)).toContain(id);
    const nodes = await client.listNodes(id);
    expect(nodes).toHaveLength(2);
    expect((await client.getNode(id, nodes[0].node_id)).node_id).toBe(nodes[0].node_id);
    const groups = await client.listGroups(id);
    expect(groups).toHaveLength(1);
    expect(groups[0].id).toMatch(/gr09$/);

    await client.renameInstance(id, "client-life-2");
    await client.changeSecurityGroup(id, "sg-2");
    expect(await client.getInstance(id)).toMatchObject({ name: "client-life-2", security_group_id: "sg-2" });

    const admin = await client.setAdminUser(id, "root", "Admin#Pass2024");
    await settleInstance(client, { label: "admin", instanceId: id, jobId: admin.jobId, timeoutMs: 10_000, startedAt: Date.now() });

    const out = await client.enlarge(id, { flavor_id: flavor.id, node_number: 2 });
    expect(out.jobId).toBeTruthy();
    const grown = await settleInstance(client, { label: "out", instanceId: id, jobId: out.jobId, expected: (i) => i.node_count === 4, timeoutMs: 10_000, startedAt: Date.now() });
    expect(grown.node_count).toBe(4);

    const resize = await client.changeFlavor(id, { spec_code: "ddm.c6.4xlarge.2" });
    expect(resize.jobId).toBeTruthy();
    const resized = await settleInstance(client, { label: "resize", instanceId: id, jobId: resize.jobId, expected: (i) => i.flavor_ref === "ddm.c6.4xlarge.2", timeoutMs: 10_000, startedAt: Date.now() });
    expect(resized.flavor_ref).toBe("ddm.c6.4xlarge.2");

    const reduce = await client.reduce(id, { node_number: 1 });
    const reduced = await settleInstance(client, { label: "in", instanceId: id, jobId: reduce.jobId, expected: (i) => i.node_count === 3, timeoutMs: 10_000, startedAt: Date.now() });
    expect(reduced.node_count).toBe(3);

    const deletion = await client.deleteInstance(id, false);
    await settleDeletion(client, { label: "delete", instanceId: id, jobId: deletion.jobId, timeoutMs: 10_000, startedAt: Date.now() });
    expect(await client.findInstance(id)).toBeUndefined();
    await expect(client.getInstance(id)).rejects.toMatchObject({ status: 404 });
  });

  test("the service's rules come back as HuaweiCloudError with code, request id and advice", async () => {
    const { instance } = await newInstance("client-rules", 1);
    const error = (await client.reduce(instance.id, { node_number: 1 }).catch((e) => e)) as HuaweiCloudError;
    expect(error).toBeInstanceOf(HuaweiCloudError);
    expect(error.status).toBe(400);
    expect(error.code).toBe("DBS.280001");
    expect(error.requestId).toBeTruthy();
    expect(error.message).toContain("scale in instance failed");
    expect(error.advice).toBeTruthy();
    const same = (await client.changeFlavor(instance.id, { spec_code: "ddm.c6.2xlarge.2" }).catch((e) => e)) as HuaweiCloudError;
    expect(same).toBeInstanceOf(HuaweiCloudError);
    expect(same.status).toBeGreaterThanOrEqual(400);
  });

  test("schemas and accounts", async () => {
    const { instance } = await newInstance("client-data", 1);
    const id = instance.id;
    const rds = await client.listAvailableRds(id);
    expect(rds.length).toBeGreaterThan(0);
    await client.createSchema(id, {
      databases: [{ name: "orders", shard_mode: "cluster", shard_number: 8, shard_unit: 8, used_rds: [{ id: rds[0].id, adminUser: "root", adminPassword: "Rds#Pass123" }] }],
    });
    let schema = await client.getSchema(id, "orders");
    for (let i = 0; i < 50 && schema.status !== "RUNNING"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      schema = await client.getSchema(id, "orders");
    }
    expect(schema).toMatchObject({ name: "orders", status: "RUNNING", shard_number: 8 });
    expect(schema.databases).toHaveLength(8);
    expect((await client.listSchemas(id)).map((s) => s.name)).toEqual(["orders"]);

    await client.createAccount(id, { users: [{ name: "app_rw", password: "App#Pass2024", base_authority: ["SELECT"], databases: [{ name: "orders" }] }] });
    expect(await client.findAccount(id, "app_rw")).toMatchObject({ name: "app_rw", base_authority: ["SELECT"] });
    await client.updateAccount(id, "app_rw", { user: { base_authority: ["SELECT", "INSERT"], description: "rw" } });
    expect(await client.findAccount(id, "app_rw")).toMatchObject({ base_authority: expect.arrayContaining(["SELECT", "INSERT"]), description: "rw" });
    await client.resetAccountPassword(id, "app_rw", "New#Pass2025");
    await client.deleteAccount(id, "app_rw");
    expect(await client.findAccount(id, "app_rw")).toBeUndefined();

    await client.deleteSchema(id, "orders", false);
    for (let i = 0; i < 50 && (await client.findSchema(id, "orders")); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await client.findSchema(id, "orders")).toBeUndefined();
  });

  test("accounts are listed across pages", async () => {
    const { instance } = await newInstance("client-pages", 1);
    const names = Array.from({ length: 130 }, (_, i) => `user_${i}`);
    for (const name of names) await client.createAccount(instance.id, { users: [{ name, password: "App#Pass2024", base_authority: ["SELECT"] }] }).catch(() => undefined);
    const listed = await client.listAccounts(instance.id);
    // The service holds at most 100 accounts per instance.
    expect(listed.length).toBe(100);
    expect(new Set(listed.map((a) => a.name)).size).toBe(100);
  });

  test("password credentials: an IAM token, cached and sent as X-Auth-Token", async () => {
    const env = simulatorEnv(sim);
    const tokenClient = new DdmClient(
      resolveSettings({ get: (k) => (k === "ddm:maxRequestsPerMinute" ? "100000" : undefined) }, {
        HW_DDM_ENDPOINT: env.HW_DDM_ENDPOINT,
        HW_AUTH_URL: env.HW_AUTH_URL,
        HW_REGION_NAME: env.HW_REGION_NAME,
        HW_USER_NAME: DEFAULT_USER.userName,
        HW_USER_PASSWORD: DEFAULT_USER.password,
        HW_DOMAIN_NAME: DEFAULT_USER.domainName,
      }),
    );
    sim.control.resetCalls();
    await tokenClient.listEngines();
    await tokenClient.listEngines();
    const calls = sim.control.calls();
    expect(calls.filter((c) => c.path === "/v3/auth/tokens")).toHaveLength(1);
    expect(calls.filter((c) => c.path.endsWith("/engines")).every((c) => c.principal === `user:${DEFAULT_USER.domainName}/${DEFAULT_USER.userName}`)).toBe(true);
    expect(JSON.stringify(calls)).not.toContain(DEFAULT_USER.password);
  });

  test("a wrong secret key is refused once, never retried", async () => {
    const bad = clientFor(sim, { HW_SECRET_KEY: "WrongSecretKey-0000000000" });
    sim.control.resetCalls();
    const error = (await bad.listEngines().catch((e) => e)) as HuaweiCloudError;
    expect(error).toMatchObject({ status: 401, code: "APIG.0301" });
    expect(error.message).not.toContain("WrongSecretKey");
    expect(sim.control.calls()).toHaveLength(1);
  });
});

describe("throttling and faults", () => {
  test("429s from the service are retried after a pause and never reach the caller", async () => {
    const throttled = await startTestSimulator({ rateLimit: { limit: 4, windowMs: 1_000 } });
    try {
      const c = clientFor(throttled, {}, { retries: 10 });
      const results = await Promise.all(Array.from({ length: 10 }, () => c.listEngines()));
      expect(results.every((engines) => engines.length > 0)).toBe(true);
      expect(throttled.control.calls().some((call) => call.status === 429)).toBe(true);
    } finally {
      await throttled.close();
    }
  });

  test("throttling is back-pressure: far more 429s than the retry count, and no request fails", async () => {
    const throttled = await startTestSimulator({ rateLimit: { limit: 2, windowMs: 1_500 } });
    try {
      // One retry for other failures; the client is not told the service's limit (10,000 a window).
      const c = clientFor(throttled, { DDM_RATE_LIMIT_WINDOW_MS: "1500" }, { retries: 1 });
      const results = await Promise.all(Array.from({ length: 8 }, () => c.listEngines()));
      expect(results.every((engines) => engines.length > 0)).toBe(true);
      const throttledCalls = throttled.control.calls().filter((call) => call.status === 429);
      expect(throttledCalls.length).toBeGreaterThan(8);
    } finally {
      await throttled.close();
    }
  });

  test("a request still throttled at its operation's deadline fails as throttled, and no later", async () => {
    const throttled = await startTestSimulator({ faults: { error429Rate: 1 } });
    try {
      const c = clientFor(throttled, { DDM_RATE_LIMIT_WINDOW_MS: "1500" }, { retries: 1 });
      const started = Date.now();
      const error = await withDeadline(Date.now() + 600, () => c.listEngines()).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 429, code: "APIG.0308" });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(throttled.control.calls().length).toBeGreaterThan(2);
    } finally {
      await throttled.close();
    }
  });

  test("a client-side limit matching the service's window sees no 429 at all", async () => {
    const throttled = await startTestSimulator({ rateLimit: { limit: 12, windowMs: 1_000 } });
    try {
      const c = new DdmClient(
        resolveSettings({ get: (k) => (k === "ddm:maxRequestsPerMinute" ? "12" : undefined) }, { ...simulatorEnv(throttled), DDM_RATE_LIMIT_WINDOW_MS: "1000", HW_ACCESS_KEY: "SIMULATORACCESSKEY01" }),
      );
      await Promise.all(Array.from({ length: 30 }, () => c.listEngines()));
      const calls = throttled.control.calls();
      expect(calls.filter((call) => call.status === 429)).toHaveLength(0);
      expect(calls.length).toBeGreaterThanOrEqual(30);
    } finally {
      await throttled.close();
    }
  });

  test("500s, 429s, dropped connections and busy answers on reads are retried to success", async () => {
    const faulty = await startTestSimulator({ faults: { seed: 7, error500Rate: 0.2, error429Rate: 0.1, dropRate: 0.1, busyRate: 0.1 } });
    try {
      const c = clientFor(faulty, {}, { retries: 12 });
      for (let i = 0; i < 20; i++) expect((await c.listEngines()).length).toBeGreaterThan(0);
      const faults = faulty.control.calls().flatMap((call) => call.faults);
      expect(faults.length).toBeGreaterThan(0);
    } finally {
      await faulty.close();
    }
  });

  test("a lost answer to a POST is reported as an unknown outcome, not repeated", async () => {
    const lossy = await startTestSimulator();
    try {
      const c = clientFor(lossy);
      const engine = (await c.listEngines())[0];
      const flavor = (await c.listFlavors(engine.id))[0];
      lossy.control.setFaults({ seed: 1, dropAfterCommitRate: 1 });
      const error = (await c
        .createInstance({ instance: { name: "lost-answer", flavor_id: flavor.id, node_num: 1, engine_id: engine.id, available_zones: ["az1"], vpc_id: "v", subnet_id: "s", security_group_id: "g" } })
        .catch((e) => e)) as HuaweiCloudError;
      lossy.control.setFaults({});
      expect(error).toBeInstanceOf(HuaweiCloudError);
      expect(error.outcomeUnknown).toBe(true);
      expect(lossy.control.calls().filter((call) => call.method === "POST")).toHaveLength(1);
      expect(lossy.control.snapshot().instances.filter((i) => i.name === "lost-answer")).toHaveLength(1);
    } finally {
      await lossy.close();
    }
  });
});
