import { accountProvider } from "../../provider/ddm/account";
import { instanceProvider } from "../../provider/ddm/instance";
import { schemaProvider } from "../../provider/ddm/schema";
import type { Simulator } from "../../simulator";
import { simulatorConfig, simulatorEnv, startTestSimulator, withEnv } from "../support/simulator";

/**
 * The `import` option (passed by the SDK as `importId`): create adopts the named resource as it
 * is, or refuses with a reason and changes nothing. And a schema declared where one of that name
 * already exists is refused, never cleaned up as if the failed create had made it.
 */

let sim: Simulator;
let restoreEnv: () => void;
let instanceId: string;
let rdsIds: string[];

const P = { __provider: "serialized-provider" };
const instanceInputs = (overrides: Record<string, unknown> = {}) => ({
  ...P,
  name: "adopted-ddm",
  flavor: "ddm.c6.2xlarge.2",
  nodeNum: 2,
  availabilityZones: ["az1"],
  vpcId: "vpc-1",
  subnetId: "subnet-1",
  securityGroupId: "sg-1",
  ...overrides,
});
const schemaInputs = (overrides: Record<string, unknown> = {}) => ({
  ...P,
  instanceId,
  name: "orders",
  shardMode: "single",
  shardNumber: 1,
  dataNodes: [{ id: rdsIds[0], adminUser: "root", adminPassword: "Rds#Pass1234" }],
  ...overrides,
});
const accountInputs = (overrides: Record<string, unknown> = {}) => ({
  ...P,
  instanceId,
  name: "app_rw",
  password: "App#Pass1234",
  permissions: ["SELECT", "INSERT"],
  ...overrides,
});

const writes = () => sim.control.calls().filter((call) => call.method !== "GET");

beforeAll(async () => {
  sim = await startTestSimulator();
  restoreEnv = withEnv({ ...simulatorEnv(sim), DDM_PROGRESS_INTERVAL_MS: "600000" });
  await instanceProvider.configure({ config: simulatorConfig(sim) } as never);
  instanceId = (await instanceProvider.create(instanceInputs())).id;
  rdsIds = sim.control.snapshot().instances[0].rds.map((rds) => rds.id);
  await schemaProvider.create(schemaInputs());
  await accountProvider.create(accountInputs());
});
afterAll(async () => {
  restoreEnv();
  await sim.close();
});
beforeEach(() => sim.control.resetCalls());

describe("DdmInstance import", () => {
  test("adopts the instance as it is: no write, the same outputs a create reports", async () => {
    const adopted = await instanceProvider.create({ ...instanceInputs(), importId: instanceId });
    expect(adopted.id).toBe(instanceId);
    expect(adopted.outs).toMatchObject({ instanceId, status: "RUNNING", nodeCount: 2, flavorCode: "ddm.c6.2xlarge.2" });
    expect(adopted.outs.nodes).toHaveLength(2);
    expect(writes()).toEqual([]);
    expect(sim.control.snapshot().instances).toHaveLength(1);
  });

  test("an instance that differs from the declaration is refused, naming every difference", async () => {
    const refused = instanceProvider.create({ ...instanceInputs({ nodeNum: 3, vpcId: "vpc-2" }), importId: instanceId });
    await expect(refused).rejects.toThrow(`import instance ${instanceId}: it differs from the declaration (vpcId cannot be changed)`);
    const scaled = instanceProvider.create({ ...instanceInputs({ nodeNum: 3 }), importId: instanceId });
    await expect(scaled).rejects.toThrow("scaling out 2 → 3 nodes");
    expect(writes()).toEqual([]);
  });

  test("an id that names no instance is refused", async () => {
    await expect(instanceProvider.create({ ...instanceInputs(), importId: "no-such-instance" })).rejects.toThrow(
      "import instance no-such-instance: no such DDM instance in this project",
    );
    expect(writes()).toEqual([]);
  });

  test("creating where an instance already has the name says so, and how to adopt it instead", async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => written.push(String(chunk)) > 0);
    let second: Awaited<ReturnType<typeof instanceProvider.create>>;
    try {
      second = await instanceProvider.create(instanceInputs());
    } finally {
      spy.mockRestore();
    }
    expect(written.join("")).toContain(`warning: adopted-ddm: instance ${instanceId} already has this name; creating another. If an interrupted run created it, adopt it with the import option instead`);
    await instanceProvider.delete(second.id, second.outs);
    expect(sim.control.snapshot().instances.map((i) => i.id)).toEqual([instanceId]);
  });

  test("check validates the import id like any other id", async () => {
    const { failures } = await instanceProvider.check({}, { ...instanceInputs(), importId: "../other" });
    expect(failures).toEqual([expect.objectContaining({ property: "importId" })]);
  });
});

describe("DdmSchema import and an existing schema", () => {
  test("a schema that already exists is refused and left as it is", async () => {
    const before = sim.control.snapshot().instances[0].schemas;
    await expect(schemaProvider.create(schemaInputs())).rejects.toThrow(
      `schema orders already exists on instance ${instanceId}; nothing was changed. To manage it with Pulumi, import it: resource option import: "${instanceId}/orders"`,
    );
    expect(writes()).toEqual([]);
    expect(sim.control.snapshot().instances[0].schemas).toEqual(before);
  });

  test("adopts the schema as it is", async () => {
    const adopted = await schemaProvider.create({ ...schemaInputs(), importId: `${instanceId}/orders` });
    expect(adopted.id).toBe(`${instanceId}/orders`);
    expect(adopted.outs).toMatchObject({ status: "RUNNING", shardNumber: 1, usedRds: [{ id: rdsIds[0] }] });
    expect(writes()).toEqual([]);
  });

  test("differences and an id of another schema are refused, without showing credentials", async () => {
    const differs = schemaProvider.create({ ...schemaInputs({ shardMode: "cluster", shardNumber: 8 }), importId: `${instanceId}/orders` });
    await expect(differs).rejects.toThrow("it differs from the declaration (shardMode differs; shardNumber differs)");
    const other = schemaProvider.create({ ...schemaInputs(), importId: `${instanceId}/billing` });
    await expect(other).rejects.toThrow(`this resource declares ${instanceId}/orders`);
    const error = await schemaProvider.create({ ...schemaInputs({ dataNodes: [{ id: rdsIds[1], adminUser: "root", adminPassword: "Rds#Pass1234" }] }), importId: `${instanceId}/orders` }).catch((e: Error) => e);
    expect(String(error)).toContain("dataNodes differs");
    expect(String(error)).not.toContain("Rds#Pass1234");
    expect(writes()).toEqual([]);
  });
});

describe("DdmAccount import", () => {
  test("adopts the account as it is; the password is recorded as declared", async () => {
    const adopted = await accountProvider.create({ ...accountInputs(), importId: `${instanceId}/app_rw` });
    expect(adopted.id).toBe(`${instanceId}/app_rw`);
    expect(adopted.outs).toMatchObject({ status: expect.any(String), permissions: ["SELECT", "INSERT"], password: "App#Pass1234" });
    expect(writes()).toEqual([]);
  });

  test("different permissions, or a missing account, are refused", async () => {
    const differs = accountProvider.create({ ...accountInputs({ permissions: ["SELECT"] }), importId: `${instanceId}/app_rw` });
    await expect(differs).rejects.toThrow("it differs from the declaration (permissions differs)");
    const missing = accountProvider.create({ ...accountInputs({ name: "ghost" }), importId: `${instanceId}/ghost` });
    await expect(missing).rejects.toThrow(`import account ${instanceId}/ghost: no such account on the instance`);
    expect(writes()).toEqual([]);
  });

  test("an account that already exists is refused, with the way to adopt it", async () => {
    await expect(accountProvider.create(accountInputs({ permissions: ["SELECT"] }))).rejects.toThrow(
      `account app_rw already exists on instance ${instanceId}; nothing was changed. To manage it with Pulumi, import it: resource option import: "${instanceId}/app_rw"`,
    );
    expect(writes().map((call) => call.method)).toEqual(["POST"]);
  });

  test("check asks for {instanceId}/{name}", async () => {
    const { failures } = await accountProvider.check({}, { ...accountInputs(), importId: "app_rw" });
    expect(failures).toEqual([{ property: "importId", reason: "importId must be {instanceId}/{name}, as in the resource's id" }]);
  });
});
