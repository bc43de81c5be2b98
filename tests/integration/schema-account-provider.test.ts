import { accountProvider } from "../../provider/ddm/account";
import { instanceProvider } from "../../provider/ddm/instance";
import { ResourceInitError } from "../../provider/resource/context";
import { schemaProvider } from "../../provider/ddm/schema";
import type { Simulator } from "../../simulator";
import { simulatorEnv, startTestSimulator, withEnv } from "../support/simulator";

let sim: Simulator;
let restoreEnv: () => void;
let instanceId: string;
let rdsIds: string[];

const unlimited = { config: { get: (key: string) => (key === "ddm:maxRequestsPerMinute" ? "100000" : undefined), require: () => "" } } as never;

beforeAll(async () => {
  sim = await startTestSimulator();
  restoreEnv = withEnv({ ...simulatorEnv(sim), DDM_PROGRESS_INTERVAL_MS: "600000" });
  await schemaProvider.configure(unlimited);
  const created = await instanceProvider.create({
    name: "data-ddm",
    flavor: "ddm.c6.2xlarge.2",
    nodeNum: 1,
    availabilityZones: ["az1"],
    vpcId: "v",
    subnetId: "s",
    securityGroupId: "g",
  });
  instanceId = created.id;
  rdsIds = sim.control.snapshot().instances.find((i) => i.id === instanceId)!.rds.map((r) => r.id);
});
afterAll(async () => {
  restoreEnv();
  await sim.close();
});

const schemaInputs = (overrides: Record<string, unknown> = {}) => ({
  __provider: "p",
  instanceId,
  name: "orders",
  shardMode: "cluster",
  shardNumber: 8,
  shardUnit: 8,
  dataNodes: [{ id: rdsIds[0], adminUser: "root", adminPassword: "Rds#Pass123" }],
  ...overrides,
});

describe("DdmSchema", () => {
  let state: Record<string, unknown>;

  test("create waits for RUNNING and reports shards, VIPs and data nodes", async () => {
    const created = await schemaProvider.create(schemaInputs());
    expect(created.id).toBe(`${instanceId}/orders`);
    state = created.outs;
    expect(state).toMatchObject({ status: "RUNNING", shardNumber: 8, usedRds: [{ id: rdsIds[0] }] });
    expect(state.shards).toHaveLength(8);
    expect((state.dataNodes as Array<{ adminPassword: string }>)[0].adminPassword).toBe("Rds#Pass123");
  });

  test("refresh keeps the declared credentials and reports data-node drift", async () => {
    const unchanged = await schemaProvider.read(`${instanceId}/orders`, state);
    expect(unchanged.inputs).toMatchObject({ dataNodes: schemaInputs().dataNodes, shardNumber: 8 });
    const diff = await schemaProvider.diff(`${instanceId}/orders`, unchanged.props!, schemaInputs());
    expect(diff.changes).toBe(false);
  });

  test("a failed creation is cleaned up and retried", async () => {
    sim.control.setFaults({ failJobs: { createSchema: true } });
    const retryLater = setTimeout(() => sim.control.setFaults({}), 200);
    try {
      const created = await schemaProvider.create(schemaInputs({ name: "flaky", dataNodes: [{ id: rdsIds[1], adminUser: "root", adminPassword: "Rds#Pass123" }], shardNumber: 4, shardUnit: 4 }));
      expect(created.outs.status).toBe("RUNNING");
      expect(sim.control.calls().filter((c) => c.method === "POST" && c.path.endsWith("/databases")).length).toBeGreaterThanOrEqual(2);
      await schemaProvider.delete(created.id, created.outs);
    } finally {
      clearTimeout(retryLater);
      sim.control.setFaults({});
    }
  });

  test("a schema that keeps failing reports the service's reason", async () => {
    sim.control.setFaults({ failJobs: { createSchema: true } });
    const error = await schemaProvider.create(schemaInputs({ name: "doomed", shardNumber: 2, shardUnit: 2, dataNodes: [{ id: rdsIds[2], adminUser: "root", adminPassword: "Rds#Pass123" }] })).catch((e) => e);
    sim.control.setFaults({});
    expect(error.message).toMatch(/^schema doomed: create failed: .*failed/);
    expect(error).not.toBeInstanceOf(ResourceInitError);
    // Never left half-made.
    expect(sim.control.snapshot().instances.find((i) => i.id === instanceId)!.schemas.map((s) => s.name)).not.toContain("doomed");
  });

  test("delete waits until gone; gone already is fine", async () => {
    await schemaProvider.delete(`${instanceId}/orders`, state);
    expect(sim.control.snapshot().instances.find((i) => i.id === instanceId)!.schemas.map((s) => s.name)).not.toContain("orders");
    await schemaProvider.delete(`${instanceId}/orders`, state);
    expect((await schemaProvider.read(`${instanceId}/orders`, state)).id).toBe("");
  });
});

describe("DdmAccount", () => {
  const accountInputs = (overrides: Record<string, unknown> = {}) => ({
    __provider: "p",
    instanceId,
    name: "app_rw",
    password: "App#Pass2024",
    permissions: ["SELECT", "INSERT"],
    description: "orders service",
    ...overrides,
  });
  let state: Record<string, unknown>;

  test("create reports status and timestamps; the password stays what the user gave", async () => {
    const created = await accountProvider.create(accountInputs());
    state = created.outs;
    expect(created.id).toBe(`${instanceId}/app_rw`);
    expect(state).toMatchObject({ status: expect.any(String), password: "App#Pass2024", permissions: ["SELECT", "INSERT"] });
    expect(typeof state.created).toBe("number");
  });

  test("permissions and password update in place", async () => {
    sim.control.resetCalls();
    const news = accountInputs({ permissions: ["SELECT"], password: "New#Pass2025" });
    expect(await accountProvider.diff(state.id as string, state, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    state = (await accountProvider.update(`${instanceId}/app_rw`, state, news)).outs;
    const writes = sim.control.calls().filter((c) => c.method !== "GET");
    expect(writes.map((c) => `${c.method} ${c.path.split("/").slice(-2).join("/")}`)).toEqual(["PUT users/app_rw", "POST app_rw/password"]);
    expect(JSON.stringify(writes)).not.toContain("New#Pass2025");
    expect(state.permissions).toEqual(["SELECT"]);
  });

  test("drift in permissions shows on refresh; the password never does", async () => {
    const read = await accountProvider.read(`${instanceId}/app_rw`, state);
    expect(read.inputs).toMatchObject({ permissions: ["SELECT"], password: "New#Pass2025" });
  });

  test("delete, and delete again", async () => {
    await accountProvider.delete(`${instanceId}/app_rw`, state);
    await accountProvider.delete(`${instanceId}/app_rw`, state);
    expect((await accountProvider.read(`${instanceId}/app_rw`, state)).id).toBe("");
  });
});

describe("the instance gone first", () => {
  test("deleting its schema and account counts them gone, and reads find nothing", async () => {
    const schema = await schemaProvider.create(schemaInputs({ name: "leftover" }));
    const account = await accountProvider.create({ __provider: "p", instanceId, name: "leftover_rw", password: "App#Pass2024", permissions: ["SELECT"] });
    await instanceProvider.delete(instanceId, { instanceId, name: "data-ddm" });
    expect(sim.control.snapshot().instances.map((i) => i.id)).not.toContain(instanceId);
    await accountProvider.delete(account.id, account.outs);
    await schemaProvider.delete(schema.id, schema.outs);
    expect((await accountProvider.read(account.id, account.outs)).id).toBe("");
    expect((await schemaProvider.read(schema.id, schema.outs)).id).toBe("");
  });
});
