import { DEFAULT_SHARED_RDS, type Simulator } from "../../simulator";
import { call, createInstance, FAST, manualClock, simulator } from "./helpers";

/** §4.2 schemas and the RDS instances available to them. */

const clock = manualClock();
let sim: Simulator;
let instanceId: string;
let rdsIds: string[];

beforeAll(async () => {
  sim = await simulator({ now: clock.now });
  instanceId = (await createInstance(sim, {}, false)).id;
  clock.advance(FAST.createInstance);
  // The instance's own RDS instances first: the shared ones are claimed and released by some tests.
  const listed: string[] = (await call(sim, "GET", `/v1/{p}/instances/${instanceId}/rds`)).data.instances.map((rds: { id: string }) => rds.id);
  const shared = DEFAULT_SHARED_RDS.map((rds) => rds.id);
  rdsIds = [...listed.filter((id) => !shared.includes(id)), ...shared];
});

afterAll(() => sim.close());

const path = (suffix = "") => `/v1/{p}/instances/${instanceId}/databases${suffix}`;
const usedRds = (ids: string[]) => ids.map((id) => ({ id, adminUser: "root", adminPassword: "Rds-Passw0rd" }));

function schema(name: string, overrides: Record<string, unknown> = {}) {
  return { name, shard_mode: "cluster", shard_number: 8, shard_unit: 8, used_rds: usedRds(rdsIds.slice(0, 1)), ...overrides };
}

async function create(...databases: unknown[]) {
  return call(sim, "POST", path(), { body: { databases } });
}

test("an instance sees the project's shared RDS instances and two of its own, with the documented fields", async () => {
  const { data } = await call(sim, "GET", `/v1/{p}/instances/${instanceId}/rds`, { query: { offset: 0, limit: 3 } });
  expect(data).toMatchObject({ offset: 0, limit: 3, total: 4 });
  expect(data.instances.slice(0, 2).map((rds: { id: string }) => rds.id)).toEqual(DEFAULT_SHARED_RDS.map((rds) => rds.id));
  expect(data.instances[2]).toEqual({
    id: expect.stringMatching(/^[0-9a-f]{32}in01$/),
    projectId: sim.projectId,
    status: "normal",
    name: expect.any(String),
    engineName: "mysql",
    engineSoftwareVersion: expect.any(String),
    privateIp: expect.any(String),
    mode: "Ha",
    port: 3306,
    azCode: "az1",
    timeZone: "UTC",
  });
});

test("a shared RDS instance with a schema on it is no longer available to other DDM instances", async () => {
  const shared = DEFAULT_SHARED_RDS[1].id;
  const other = (await createInstance(sim, {}, false)).id;
  clock.advance(FAST.createInstance);
  await create(schema("claims", { used_rds: usedRds([shared]) }));
  const listed = (await call(sim, "GET", `/v1/{p}/instances/${other}/rds`)).data.instances.map((rds: { id: string }) => rds.id);
  expect(listed).not.toContain(shared);
  const body = { databases: [schema("poach", { used_rds: usedRds([shared]) })] };
  expect((await call(sim, "POST", `/v1/{p}/instances/${other}/databases`, { body })).data.errCode).toBe("DBS.300103");
  clock.advance(FAST.createSchema);
  await call(sim, "DELETE", path("/claims"));
  clock.advance(FAST.deleteSchema);
  expect((await call(sim, "POST", `/v1/{p}/instances/${other}/databases`, { body })).status).toBe(200);
});

test("create answers the names; the schema is CREATING, then RUNNING with its shards", async () => {
  const response = await create(schema("orders", { used_rds: usedRds(rdsIds.slice(0, 2)), shard_number: 4, shard_unit: 2 }));
  expect(response.data).toEqual({ databases: [{ name: "orders" }] });
  expect((await call(sim, "GET", path("/orders"))).data.database.status).toBe("CREATING");
  clock.advance(FAST.createSchema);
  const { data } = await call(sim, "GET", path("/ORDERS"));
  expect(data.database).toEqual({
    name: "orders",
    status: "RUNNING",
    created: expect.any(Number),
    updated: expect.any(Number),
    shard_mode: "cluster",
    shard_number: 4,
    shard_unit: 2,
    dataVips: [expect.stringMatching(/:5066$/)],
    used_rds: [
      { id: rdsIds[0], name: expect.any(String), status: "normal" },
      { id: rdsIds[1], name: expect.any(String), status: "normal" },
    ],
    databases: [0, 1, 2, 3].map((slot) => ({
      dbslot: slot,
      name: `orders_000${slot}`,
      idName: `orders_000${slot}`,
      status: "RUNNING",
      created: expect.any(Number),
      updated: expect.any(Number),
      id: rdsIds[slot < 2 ? 0 : 1],
    })),
  });
  expect(data.database.updated - data.database.created).toBe(FAST.createSchema);
});

test("list: {databases, total} with summaries", async () => {
  const { data } = await call(sim, "GET", path());
  expect(data.total).toBeGreaterThanOrEqual(1);
  const orders = data.databases.find((d: { name: string }) => d.name === "orders");
  expect(Object.keys(orders).sort()).toEqual(["created", "name", "shard_mode", "shard_number", "shard_unit", "status", "used_rds"]);
});

test("an unsharded schema: one RDS instance, one shard", async () => {
  expect((await create({ name: "settings", shard_mode: "single", shard_number: 1, used_rds: usedRds(rdsIds.slice(2, 3)) })).status).toBe(200);
});

describe("rules", () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["a one-letter name", { name: "a" }, "DBS.300405"],
    ["a 49-character name", { name: `a${"b".repeat(48)}` }, "DBS.300405"],
    ["an upper-case name", { name: "Orders" }, "DBS.300407"],
    ["a name starting with a digit", { name: "1orders" }, "DBS.300109"],
    ["a name with a hyphen", { name: "order-items" }, "DBS.300109"],
    ["the name mysql", { name: "mysql" }, "DBS.300406"],
    ["the name information_schema", { name: "information_schema" }, "DBS.300406"],
    ["an unknown shard mode", { shard_mode: "sharded" }, "DBS.300104"],
    ["65 shards per RDS instance", { shard_unit: 65, shard_number: 65 }, "DBS.300106"],
    ["an unsharded schema with 2 shards per RDS", { shard_mode: "single", shard_unit: 2, shard_number: 2 }, "DBS.300106"],
    ["shard_number other than shard_unit × RDS", { shard_unit: 8, shard_number: 9 }, "DBS.300127"],
    ["without shard_unit, no more shards than RDS instances", { shard_unit: undefined, shard_number: 1 }, "DBS.300127"],
    ["without shard_unit, more than 64 shards per RDS", { shard_unit: undefined, shard_number: 65 }, "DBS.300127"],
    ["no RDS instance", { used_rds: [] }, "DBS.300102"],
    ["an RDS instance not available to the instance", { used_rds: usedRds([`${"9".repeat(32)}in01`]) }, "DBS.300103"],
    ["a field the API does not take", { shard_count: 8 }, "DBS.280001"],
  ];

  test.each(cases)("%s is refused", async (_what, overrides, code) => {
    const response = await create(schema("rule_check", overrides));
    expect(response.status).toBe(400);
    expect(response.data).toEqual({ errCode: code, externalMessage: expect.any(String) });
  });

  test("an RDS instance listed twice is refused with DBS.300108", async () => {
    const response = await create(schema("twice", { used_rds: usedRds([rdsIds[0], rdsIds[0]]), shard_number: 16 }));
    expect(response.data.errCode).toBe("DBS.300108");
  });

  test("a duplicate name, existing or within the request, is refused with DBS.300112", async () => {
    expect((await create(schema("orders"))).data.errCode).toBe("DBS.300112");
    expect((await create(schema("twin"), schema("twin"))).data.errCode).toBe("DBS.300112");
  });

  test("without shard_unit, shard_number may be anything above the RDS count up to 64 per RDS", async () => {
    expect((await create(schema("loose", { shard_unit: undefined, shard_number: 64 }))).status).toBe(200);
  });

  test("the instance must be RUNNING: 400 DBS.200076 while it is busy and when it is not available", async () => {
    const { id } = await createInstance(sim, {}, false);
    const [rds] = sim.control.snapshot().instances.find((i) => i.id === id)!.rds;
    const body = { databases: [schema("later", { used_rds: usedRds([rds.id]) })] };
    const busy = await call(sim, "POST", `/v1/{p}/instances/${id}/databases`, { body });
    expect(busy.status).toBe(400);
    expect(busy.data.errCode).toBe("DBS.200076");
    clock.advance(FAST.createInstance);
    sim.control.driftInstance(id, { status: "ERROR" });
    const unavailable = await call(sim, "POST", `/v1/{p}/instances/${id}/databases`, { body });
    expect(unavailable.data.errCode).toBe("DBS.200076");
  });
});

describe("delete", () => {
  test("answers {}; the schema is DELETING, then 400 DBS.300129 (the reference's error table); accounts lose the association", async () => {
    await create(schema("doomed"));
    clock.advance(FAST.createSchema);
    await call(sim, "POST", `/v1/{p}/instances/${instanceId}/users`, {
      body: { users: [{ name: "reader", password: "Str0ng-Passw0rd", base_authority: ["SELECT"], databases: [{ name: "doomed" }] }] },
    });
    const response = await call(sim, "DELETE", path("/doomed"), { query: { delete_rds_data: false } });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({});
    expect((await call(sim, "GET", path("/doomed"))).data.database.status).toBe("DELETING");
    clock.advance(FAST.deleteSchema);
    const gone = await call(sim, "GET", path("/doomed"));
    expect(gone.status).toBe(400);
    expect(gone.data.errCode).toBe("DBS.300129");
    const users = (await call(sim, "GET", `/v1/{p}/instances/${instanceId}/users`)).data.users;
    expect(users.find((u: { name: string }) => u.name === "reader").databases).toEqual([]);
  });

  test("a schema still being created, or already being deleted, cannot be deleted (DBS.300130)", async () => {
    await create(schema("fresh"));
    const response = await call(sim, "DELETE", path("/fresh"));
    expect(response.status).toBe(400);
    expect(response.data.errCode).toBe("DBS.300130");
    clock.advance(FAST.createSchema);
    expect((await call(sim, "DELETE", path("/fresh"))).status).toBe(200);
    expect((await call(sim, "DELETE", path("/fresh"))).data.errCode).toBe("DBS.300130");
  });

  test("an unknown schema answers 400 DBS.300129; delete_rds_data must be true or false", async () => {
    const unknown = await call(sim, "DELETE", path("/nothing"));
    expect(unknown.status).toBe(400);
    expect(unknown.data.errCode).toBe("DBS.300129");
    expect((await call(sim, "DELETE", path("/orders"), { query: { delete_rds_data: 1 } })).status).toBe(400);
  });
});

test("a schema whose creation fails is CREATE_FAILED, with the reason in used_rds[].error_msg", async () => {
  sim.control.setFaults({ failJobs: { createSchema: true } });
  try {
    await create(schema("broken"));
    clock.advance(FAST.createSchema);
    const { database } = (await call(sim, "GET", path("/broken"))).data;
    expect(database.status).toBe("CREATE_FAILED");
    expect(database.used_rds[0].error_msg).toEqual(expect.any(String));
  } finally {
    sim.control.setFaults({});
  }
  expect((await call(sim, "DELETE", path("/broken"))).status).toBe(200);
});
