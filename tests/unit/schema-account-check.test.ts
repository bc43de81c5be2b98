import { checkAccount, planAccountChange, liveAccountInputs, type AccountInputs } from "../../provider/ddm/account";
import { checkSchema, liveSchemaInputs, schemaProvider, type SchemaInputs } from "../../provider/ddm/schema";

const schema = {
  instanceId: "abcin09",
  name: "orders",
  shardMode: "cluster",
  shardNumber: 8,
  shardUnit: 8,
  dataNodes: [{ id: "rds1in01", adminUser: "root", adminPassword: "Rds#Pass123" }],
};

describe("schema check", () => {
  test("valid schemas pass", () => {
    expect(checkSchema(schema)).toEqual([]);
    expect(checkSchema({ ...schema, shardUnit: undefined, shardNumber: 16 })).toEqual([]);
    expect(checkSchema({ ...schema, shardMode: "single", shardNumber: 1, shardUnit: undefined })).toEqual([]);
  });

  test.each([
    [{ name: "o" }, "name", /2 to 48/],
    [{ name: "Orders" }, "name", /lowercase letter/],
    [{ name: "orders-db" }, "name", /lowercase letters, digits and underscores/],
    [{ name: "mysql" }, "name", /reserved/],
    [{ name: "information_schema" }, "name", /reserved/],
    [{ shardMode: "sharded" }, "shardMode", /cluster, single/],
    [{ shardUnit: 65 }, "shardUnit", /between 1 and 64/],
    [{ shardNumber: 9 }, "shardNumber", /8 × 1 = 8/],
    [{ shardUnit: undefined, shardNumber: 1 }, "shardNumber", /more than the number of data nodes/],
    [{ shardUnit: undefined, shardNumber: 65 }, "shardNumber", /at most 64/],
    [{ shardMode: "single", shardNumber: 2, shardUnit: undefined }, "shardNumber", /one shard per data node/],
    [{ shardMode: "single", shardNumber: 1, shardUnit: 2 }, "shardUnit", /must be 1/],
    [{ dataNodes: [] }, "dataNodes", /at least one/],
    [{ dataNodes: [schema.dataNodes[0], schema.dataNodes[0]] }, "dataNodes", /twice/],
    [{ dataNodes: [{ id: "../x", adminUser: "root", adminPassword: "p" }] }, "dataNodes", /may contain only/],
    [{ dataNodes: [{ id: "r", adminUser: "", adminPassword: "p" }] }, "dataNodes", /adminUser/],
    [{ instanceId: "a/b" }, "instanceId", /may contain only/],
  ])("%j fails on %s", (change, property, reason) => {
    expect(checkSchema({ ...schema, ...change })).toContainEqual({ property, reason: expect.stringMatching(reason) });
  });

  test("data-node passwords never appear in failures", () => {
    const failures = checkSchema({ ...schema, name: "X", dataNodes: [{ id: "r", adminUser: "root", adminPassword: "Leak#Me123" }, { id: "r", adminUser: "root", adminPassword: "Leak#Me123" }] });
    expect(JSON.stringify(failures)).not.toContain("Leak#Me123");
  });

  test("any change but deleteRdsData replaces, old one first", async () => {
    const olds = { ...schema, status: "RUNNING", shards: [] };
    expect(await schemaProvider.diff("i/orders", olds, { ...schema, deleteRdsData: true })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await schemaProvider.diff("i/orders", olds, { ...schema, shardNumber: 16, shardUnit: 16 })).toEqual({
      changes: true,
      replaces: ["shardNumber", "shardUnit"],
      deleteBeforeReplace: true,
    });
    expect(await schemaProvider.diff("i/orders", olds, schema)).toMatchObject({ changes: false });
  });

  test("refresh reports drift in data nodes without wiping declared credentials", () => {
    const inputs = schema as SchemaInputs;
    const same = liveSchemaInputs(inputs, { name: "orders", shard_mode: "cluster", shard_number: 8, shard_unit: 8, used_rds: [{ id: "rds1in01" }] });
    expect(same.dataNodes).toEqual(inputs.dataNodes);
    const drifted = liveSchemaInputs(inputs, { name: "orders", shard_number: 16, shard_unit: 8, used_rds: [{ id: "rds1in01" }, { id: "rds2in01" }] });
    expect(drifted.dataNodes).toEqual([inputs.dataNodes[0], { id: "rds2in01", adminUser: "", adminPassword: "" }]);
    expect(drifted.shardNumber).toBe(16);
  });
});

const account: AccountInputs = {
  instanceId: "abcin09",
  name: "app_rw",
  password: "App#Pass2024",
  permissions: ["SELECT", "INSERT"],
  schemas: ["orders"],
  description: "orders service",
};

describe("account check and plan", () => {
  test("valid accounts pass", () => {
    expect(checkAccount({ ...account })).toEqual([]);
  });

  test.each([
    [{ name: "" }, "name", /1 to 32/],
    [{ name: "_app" }, "name", /start with a letter/],
    [{ name: "app-rw" }, "name", /letters, digits and underscores/],
    [{ permissions: [] }, "permissions", /must not be empty/],
    [{ permissions: ["SELECT", "GRANT"] }, "permissions", /must be one of/],
    [{ permissions: ["SELECT", "SELECT"] }, "permissions", /must not repeat/],
    [{ description: "d".repeat(257) }, "description", /0 to 256/],
    [{ password: "short" }, "password", /8 to 32/],
    [{ schemas: "orders" }, "schemas", /must be a list/],
  ])("%j fails on %s", (change, property, reason) => {
    expect(checkAccount({ ...account, ...change })).toContainEqual({ property, reason: expect.stringMatching(reason) });
  });

  test("permissions and schemas compare as sets", () => {
    expect(planAccountChange(account, { ...account, permissions: ["INSERT", "SELECT"] }).changes).toBe(false);
  });

  test("permissions, schemas and description modify in place; the password is reset on its own", () => {
    const plan = planAccountChange(account, { ...account, permissions: ["SELECT"], description: "ro", password: "New#Pass2025" });
    expect(plan).toEqual({
      replaces: [],
      modify: { user: { base_authority: ["SELECT"], description: "ro" } },
      password: "New#Pass2025",
      changes: true,
    });
  });

  test("a new name or instance replaces the account", () => {
    expect(planAccountChange(account, { ...account, name: "app_ro" }).replaces).toEqual(["name"]);
    expect(planAccountChange(account, { ...account, instanceId: "other" }).replaces).toEqual(["instanceId"]);
  });

  test("values not known yet change in place, and replace only when the name or instance is unknown", () => {
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    for (const key of ["schemas", "permissions", "description", "password"]) {
      expect(planAccountChange(account, { ...account, [key]: UNKNOWN })).toEqual({ replaces: [], changes: true });
    }
    expect(planAccountChange(account, { ...account, name: UNKNOWN }).replaces).toEqual(["name"]);
  });

  test("refresh reports drift but never the password", () => {
    const live = liveAccountInputs(account, { name: "app_rw", base_authority: ["SELECT", "DELETE"], databases: [], description: "orders service" });
    expect(live.permissions).toEqual(["SELECT", "DELETE"]);
    expect(live.schemas).toEqual([]);
    expect(live.password).toBe(account.password);
  });
});
