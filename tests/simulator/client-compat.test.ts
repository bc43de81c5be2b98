import { DdmClient, resolveSettings } from "../../provider/ddm/client";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, DEFAULT_USER, type Simulator } from "../../simulator";
import { simulator, waitFor } from "./helpers";

/** The project's own client against the simulator: every typed operation, both auth methods. */

let sim: Simulator;

beforeAll(async () => {
  sim = await simulator();
});

afterAll(() => sim.close());

/** Settings as a user would give them: stack config pointing at the simulator. */
function settings(config: Record<string, string>) {
  const all: Record<string, string> = { "ddm:region": sim.region, "ddm:endpoint": sim.url, "ddm:authUrl": sim.url, "ddm:maxRequestsPerMinute": "6000", ...config };
  return resolveSettings({ get: (key) => all[key] }, {});
}

test("AK/SK client: catalog, instance lifecycle, schema and account, through the typed operations", async () => {
  const client = new DdmClient(settings({ "ddm:accessKey": DEFAULT_ACCESS_KEY, "ddm:secretKey": DEFAULT_SECRET_KEY }));
  expect(await client.projectId()).toBe(sim.projectId);

  const engine = (await client.listEngines()).find((e) => e.version === "3.1.0")!;
  const flavors = await client.listFlavors(engine.id);
  expect(flavors.map((f) => f.code)).toEqual(expect.arrayContaining(["ddm.c6.2xlarge.2", "ddm.kc1.2xlarge.2"]));
  const flavor = flavors.find((f) => f.code === "ddm.c6.2xlarge.2")!;

  const { id, jobId } = await client.createInstance({
    instance: {
      name: "compat-ddm",
      flavor_id: flavor.id,
      node_num: 2,
      engine_id: engine.id,
      available_zones: ["az1"],
      vpc_id: "vpc",
      subnet_id: "subnet",
      security_group_id: "sg",
      admin_user_name: "root",
      admin_user_password: "Str0ng-Passw0rd",
    },
  });
  expect(jobId).toBeDefined();
  await waitFor(async () => ((await client.getJob(jobId!)).status === "Completed" ? true : undefined));
  const instance = await client.getInstance(id);
  expect(instance).toMatchObject({ status: "RUNNING", node_count: 2, flavor_ref: "ddm.c6.2xlarge.2", admin_user_name: "root" });
  expect((await client.listInstances()).map((i) => i.id)).toContain(id);
  expect(await client.listNodes(id)).toHaveLength(2);
  expect(await client.listGroups(id)).toHaveLength(1);

  const scaled = await client.enlarge(id, { flavor_id: flavor.id, node_number: 1 });
  await waitFor(async () => ((await client.getJob(scaled.jobId!)).status === "Completed" ? true : undefined));
  expect((await client.getInstance(id)).node_count).toBe(3);

  const [rds] = await client.listAvailableRds(id);
  await client.createSchema(id, {
    databases: [{ name: "orders", shard_mode: "cluster", shard_number: 8, shard_unit: 8, used_rds: [{ id: rds.id, adminUser: "root", adminPassword: "x" }] }],
  });
  await waitFor(async () => ((await client.getSchema(id, "orders")).status === "RUNNING" ? true : undefined));
  await client.createAccount(id, { users: [{ name: "app", password: "Str0ng-Passw0rd", base_authority: ["SELECT"], databases: [{ name: "orders" }] }] });
  expect(await client.findAccount(id, "app")).toMatchObject({ base_authority: ["SELECT"], databases: [{ name: "orders" }] });

  await client.deleteAccount(id, "app");
  await client.deleteSchema(id, "orders");
  const deletion = await client.deleteInstance(id, true);
  await waitFor(async () => ((await client.getJob(deletion.jobId!)).status === "Completed" ? true : undefined));
  expect(await client.findInstance(id)).toBeUndefined();
});

test("password client: IAM token and project id discovered from the region", async () => {
  const client = new DdmClient(
    settings({ "ddm:userName": DEFAULT_USER.userName, "ddm:password": DEFAULT_USER.password, "ddm:domainName": DEFAULT_USER.domainName }),
  );
  expect(await client.projectId()).toBe(sim.projectId);
  expect(await client.listEngines()).toHaveLength(2);
  expect(sim.control.calls().some((c) => c.path === "/v3/auth/tokens" && c.status === 201)).toBe(true);
});
