import type { Simulator } from "../../simulator";
import { call, createInstance, FAST, manualClock, simulator } from "./helpers";

/** §4.3 DDM accounts. */

const clock = manualClock();
let sim: Simulator;
let instanceId: string;
const PASSWORD = "Str0ng-Passw0rd";

beforeAll(async () => {
  sim = await simulator({ now: clock.now });
  instanceId = (await createInstance(sim, {}, false)).id;
  clock.advance(FAST.createInstance);
  const [rds] = (await call(sim, "GET", `/v1/{p}/instances/${instanceId}/rds`)).data.instances;
  await call(sim, "POST", `/v1/{p}/instances/${instanceId}/databases`, {
    body: { databases: [{ name: "orders", shard_mode: "cluster", shard_number: 2, used_rds: [{ id: rds.id, adminUser: "root", adminPassword: "x" }] }] },
  });
  clock.advance(FAST.createSchema);
});

afterAll(() => sim.close());

const users = (suffix = "") => `/v1/{p}/instances/${instanceId}/users${suffix}`;

function account(name: string, overrides: Record<string, unknown> = {}) {
  return { name, password: PASSWORD, base_authority: ["SELECT"], ...overrides };
}

async function create(...accounts: unknown[]) {
  return call(sim, "POST", users(), { body: { users: accounts } });
}

async function listed(name: string) {
  const { data } = await call(sim, "GET", users());
  return data.users.find((user: { name: string }) => user.name === name);
}

test("create answers the names; the list shows each account in full, permissions in the reference's order", async () => {
  const response = await create(account("app_rw", { base_authority: ["SELECT", "INSERT", "UPDATE"], description: "the app", databases: [{ name: "ORDERS" }] }));
  expect(response.data).toEqual({ users: [{ name: "app_rw" }] });
  expect(await listed("app_rw")).toEqual({
    name: "app_rw",
    status: "RUNNING",
    base_authority: ["INSERT", "UPDATE", "SELECT"],
    extend_authority: [],
    password_last_changed: clock.now(),
    description: "the app",
    created: clock.now(),
    databases: [{ name: "orders", description: "" }],
  });
});

test("the list is paged with page_no, page_size, total_record and total_page", async () => {
  await create(account("paged_a"), account("paged_b"));
  const total = (await call(sim, "GET", users())).data.total_record;
  const { data } = await call(sim, "GET", users(), { query: { offset: 1, limit: 1 } });
  expect(data).toMatchObject({ page_no: 2, page_size: 1, total_record: total, total_page: total });
  expect(data.users).toHaveLength(1);
});

describe("rules", () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["a name starting with a digit", { name: "1app" }, "DBS.300305"],
    ["a 33-character name", { name: `a${"b".repeat(32)}` }, "DBS.300305"],
    ["a name with a hyphen", { name: "app-rw" }, "DBS.300305"],
    ["a 7-character password", { password: "Sh0rt-p" }, "DBS.300306"],
    ["a 33-character password", { password: `Aa1-${"x".repeat(29)}` }, "DBS.300306"],
    ["a password of two kinds", { password: "lowercase123" }, "DBS.300306"],
    ["a password with a character outside the set", { password: "Str0ng Passw0rd" }, "DBS.300306"],
    ["an unknown permission", { base_authority: ["SELECT", "GRANT"] }, "DBS.300309"],
    ["no permission", { base_authority: [] }, "DBS.300309"],
    ["a 257-character description", { description: "d".repeat(257) }, "DBS.300307"],
    ["an unknown schema", { databases: [{ name: "nowhere" }] }, "DBS.300129"],
    ["a field the API does not take", { extend_authority: [] }, "DBS.280001"],
  ];

  test.each(cases)("%s is refused", async (_what, overrides, code) => {
    const response = await create(account("rule_check", overrides));
    expect(response.status).toBe(400);
    expect(response.data).toEqual({ errCode: code, externalMessage: expect.any(String) });
    expect(await listed("rule_check")).toBeUndefined();
  });

  test("passwords of three kinds out of four, with the specials ~!@#%^*-_=+?, are accepted", async () => {
    expect((await create(account("three_kinds", { password: "no-upper-1" }))).status).toBe(200);
    expect((await create(account("specials", { password: "Aa~!@#%^*-_=+?" }))).status).toBe(200);
  });

  test("names are unique, against existing accounts and within the request (DBS.300311)", async () => {
    expect((await create(account("app_rw"))).data.errCode).toBe("DBS.300311");
    expect((await create(account("twin"), account("twin"))).data.errCode).toBe("DBS.300311");
  });

  test("an instance holds at most 100 accounts (DBS.300300)", async () => {
    const existing = (await call(sim, "GET", users())).data.total_record;
    const fill = Array.from({ length: 100 - existing }, (_, i) => account(`filler_${i}`));
    expect((await create(...fill)).status).toBe(200);
    expect((await create(account("one_too_many"))).data.errCode).toBe("DBS.300300");
    for (const { name } of fill) await call(sim, "DELETE", users(`/${name}`));
  });
});

describe("modify, reset the password, delete", () => {
  test("modify answers {name} and changes what it names; nothing else", async () => {
    await create(account("editor", { description: "before" }));
    const response = await call(sim, "PUT", users("/editor"), { body: { user: { base_authority: ["DELETE", "CREATE"], databases: [{ name: "orders" }] } } });
    expect(response.data).toEqual({ name: "editor" });
    expect(await listed("editor")).toMatchObject({ base_authority: ["CREATE", "DELETE"], description: "before", databases: [{ name: "orders" }] });
    await call(sim, "PUT", users("/editor"), { body: { user: { description: "", databases: [] } } });
    expect(await listed("editor")).toMatchObject({ description: "", databases: [] });
  });

  test("modify needs at least one field, and valid ones", async () => {
    expect((await call(sim, "PUT", users("/editor"), { body: { user: {} } })).data.errCode).toBe("DBS.280001");
    expect((await call(sim, "PUT", users("/editor"), { body: { user: { base_authority: ["ALL"] } } })).data.errCode).toBe("DBS.300309");
  });

  test("an unknown account answers 400 DBS.300327 to modify, reset and delete", async () => {
    for (const [method, suffix, body] of [
      ["PUT", "/ghost", { user: { description: "x" } }],
      ["DELETE", "/ghost", undefined],
    ] as const) {
      const response = await call(sim, method, users(suffix), { body });
      expect(response.status).toBe(400);
      expect(response.data.errCode).toBe("DBS.300327");
    }
    const reset = await call(sim, "POST", `/v2/{p}/instances/${instanceId}/users/ghost/password`, { body: { password: PASSWORD } });
    expect(reset.data.errCode).toBe("DBS.300327");
  });

  test("reset answers {success, instance_id, user_name} and moves password_last_changed", async () => {
    await create(account("rotating"));
    clock.advance(1_000);
    const response = await call(sim, "POST", `/v2/{p}/instances/${instanceId}/users/rotating/password`, { body: { password: "N3w-Passw0rd" } });
    expect(response.data).toEqual({ success: true, instance_id: instanceId, user_name: "rotating" });
    const user = await listed("rotating");
    expect(user.password_last_changed - user.created).toBe(1_000);
    const weak = await call(sim, "POST", `/v2/{p}/instances/${instanceId}/users/rotating/password`, { body: { password: "weak" } });
    expect(weak.data.errCode).toBe("DBS.300306");
  });

  test("delete answers {name}; the account is gone", async () => {
    await create(account("leaving"));
    expect((await call(sim, "DELETE", users("/leaving"))).data).toEqual({ name: "leaving" });
    expect(await listed("leaving")).toBeUndefined();
  });

  test("no password ever appears in a response or in the call log", async () => {
    const everything = JSON.stringify([(await call(sim, "GET", users())).data, sim.control.calls(), sim.control.snapshot()]);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain("N3w-Passw0rd");
    expect(sim.control.calls().find((c) => c.path.endsWith("/password"))?.body).toEqual({ password: "***" });
  });
});
