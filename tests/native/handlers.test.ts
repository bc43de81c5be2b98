import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, startObshellSimulator, type ObshellSimulator, type Simulator } from "../../simulator";
import { obServerProvider } from "../../provider/obshell/server";
import { adoptUnread, changedProperties, NativeProvider, secretProperties, withTimeout } from "../../provider/native/handlers";
import { resourceSpec } from "../../provider/native/resources";
import { SECRET_SIG, SIG_KEY, secretValue } from "../../provider/native/secrets";
import { ResourceInitError } from "../../provider/resource/context";
import { startTestSimulator, withEnv } from "../support/simulator";

/**
 * What the native provider adds to the dynamic providers it delegates to: secrets in and out,
 * customTimeouts onto the waiters, the changed properties for replaceOnChanges, and credentials
 * an import could not read. The provider against the simulator over HTTP, in-process.
 */
const INSTANCE = "ddm:index:DdmInstance";
const instance = resourceSpec(INSTANCE)!;
const isSecret = (value: unknown) => typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;

test("customTimeouts in seconds become the timeouts input in minutes, over the declared ones", () => {
  expect(withTimeout({ name: "a" }, "create", 90)).toEqual({ name: "a", timeouts: { create: 1.5 } });
  expect(withTimeout({ timeouts: { create: 45, update: 90 } }, "update", 30)).toEqual({ timeouts: { create: 45, update: 0.5 } });
  expect(withTimeout({ timeouts: { create: 45 } }, "delete", 0)).toEqual({ timeouts: { create: 45 } });
});

test("an import's unread credentials take the declared ones; known ones are kept", () => {
  expect(adoptUnread(undefined, "declared")).toBe("declared");
  expect(adoptUnread("known", "declared")).toBe("known");
  const imported = [{ id: "rds1", adminUser: "", adminPassword: "" }];
  const declared = [{ id: "rds1", adminUser: "root", adminPassword: "pw" }];
  expect(adoptUnread(imported, declared)).toEqual(declared);
  const rotated = [{ id: "rds1", adminUser: "root", adminPassword: "old" }];
  expect(adoptUnread(rotated, declared)).toEqual(rotated);
  expect(adoptUnread([{ id: "rds2", adminUser: "" }], declared)).toEqual([{ id: "rds2", adminUser: "" }]);
});

test("the changed properties and how, for replaceOnChanges and the CLI's display", () => {
  const olds = { name: "a", nodeNum: 2, vpcId: "v1", adminUsername: "root" };
  const news = { name: "b", nodeNum: 2, vpcId: "v2", engine: "3.0.8" };
  expect(changedProperties(instance, olds, news, ["vpcId", "engine"])).toEqual({
    diffs: ["name", "engine", "vpcId", "adminUsername"],
    detailed: { name: "update", engine: "add-replace", vpcId: "update-replace", adminUsername: "delete" },
  });
});

test("credentials are the secret properties, nested ones included", () => {
  expect(secretProperties(instance)).toEqual(["adminPassword"]);
  expect(secretProperties(resourceSpec("ddm:index:DdmSchema")!)).toEqual(["dataNodes"]);
  expect(secretProperties(resourceSpec("ddm:index:ObServer")!)).toEqual(["password", "targetAgentPassword"]);
});

test("a Provider's credentials are secret in its state even when given in plain text", () => {
  const { inputs } = new NativeProvider().checkConfig({ region: "r1", accessKey: "AK", secretKey: "SK", maxRequestsPerMinute: "60" });
  expect(isSecret(inputs.secretKey)).toBe(true);
  expect(inputs.accessKey).toBe("AK");
  expect(inputs.maxRequestsPerMinute).toBe("60");
});

describe("against the simulator", () => {
  let sim: Simulator;
  let restore: () => void;
  const provider = new NativeProvider();
  const declared = {
    name: "native-ddm",
    flavor: "ddm.c6.large.2",
    nodeNum: 1,
    availabilityZones: ["az1"],
    vpcId: "vpc-1",
    subnetId: "subnet-1",
    securityGroupId: "sg-1",
    adminUsername: "root",
    adminPassword: secretValue("Admin#Native2024"),
  };

  beforeAll(async () => {
    sim = await startTestSimulator({ durations: { createInstance: 300_000 } });
    restore = withEnv({ DDM_PROGRESS_INTERVAL_MS: "600000" });
    await provider.configure({
      region: sim.region,
      endpoint: sim.url,
      dcsEndpoint: sim.dcs.url,
      authUrl: sim.url,
      accessKey: DEFAULT_ACCESS_KEY,
      secretKey: secretValue(DEFAULT_SECRET_KEY),
      maxRequestsPerMinute: 100000,
    });
  });
  afterAll(async () => {
    restore();
    await sim.close();
  });

  test("check takes secrets wrapped and gives them back wrapped; failures name the property", async () => {
    const { inputs, failures } = await provider.check(INSTANCE, {}, declared);
    expect(failures).toEqual([]);
    expect(isSecret(inputs.adminPassword)).toBe(true);
    expect(inputs.name).toBe("native-ddm");
    const bad = await provider.check(INSTANCE, {}, { ...declared, nodeNum: 0 });
    expect(bad.failures.map((failure) => failure.property)).toEqual(["nodeNum"]);
  });

  test("a 5-minute create under a 2-second customTimeout fails at the timeout, kept in state with its password secret", async () => {
    const started = Date.now();
    const error = await provider.create(INSTANCE, declared, 2).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(ResourceInitError);
    const failure = error as ResourceInitError;
    expect(failure.message).toMatch(/native-ddm: create did not finish: .* did not finish within [12]s.*; raise the resource.s timeouts/);
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(10_000);
    expect(failure.id).toBe(sim.control.snapshot().instances[0].id);
    // The state keeps what was declared (no timeouts), and the password stays secret.
    expect(failure.properties.timeouts).toBeUndefined();
    expect(isSecret(failure.properties.adminPassword)).toBe(true);
    expect(JSON.stringify(failure.properties)).not.toMatch(/"adminPassword":"Admin#Native2024"/);
  });

  test("a lookup is a function: the list under its name, on the provider's settings", async () => {
    const result = await provider.invoke("ddm:index:getFlavors", {});
    expect((result.flavors as Array<{ code: string }>).map((flavor) => flavor.code)).toContain("ddm.c6.large.2");
    await expect(provider.invoke("ddm:index:getSchemas", {})).rejects.toThrow(/instanceId/);
  });

  test("a read strategy imported by its instance id has no changes once declared (the weights cannot be read)", async () => {
    const [live] = sim.control.snapshot().instances;
    const type = "ddm:index:DdmReadStrategy";
    const read = await provider.read(type, live.id, {}, {});
    expect(read.inputs).toEqual({ instanceId: live.id });
    const declared = { instanceId: live.id, readWeights: { rds1: 60 } };
    expect(await provider.diff(type, live.id, read.props, declared, read.inputs!)).toMatchObject({ changes: false, diffs: [] });
    expect(await provider.diff(type, live.id, read.props, { ...declared, instanceId: "other" }, read.inputs!)).toMatchObject({ changes: true, diffs: ["instanceId"] });
  });

  test("read with only an id (an import) gives inputs the program can declare", async () => {
    const [live] = sim.control.snapshot().instances;
    const read = await provider.read(INSTANCE, live.id, {}, {});
    expect(read.id).toBe(live.id);
    expect(read.inputs).toMatchObject({ name: "native-ddm", flavor: "ddm.c6.large.2", nodeNum: 1, vpcId: "vpc-1", subnetId: "subnet-1", securityGroupId: "sg-1" });
  });
});

describe("an ObServer imported by id, against the OBShell simulator", () => {
  const OBSERVER = "ddm:index:ObServer";
  let ob: ObshellSimulator;
  let restore: () => void;
  let importId: string;
  let declared: Record<string, unknown>;
  const provider = new NativeProvider();

  beforeAll(async () => {
    ob = await startObshellSimulator({ stageMs: 20, singles: 1 });
    // OBSHELL_PASSWORD unset: the tests say where the password comes from.
    restore = withEnv({ DDM_PROGRESS_INTERVAL_MS: "600000", OBSHELL_PASSWORD: "" });
    const [agent] = ob.members;
    const [single] = ob.singles;
    declared = {
      clusterAgent: { host: agent.host, port: agent.port },
      password: ob.password,
      ip: single.host,
      port: single.port,
      zone: "zone2",
      obConfigs: { mysql_port: String(single.port + 1), rpc_port: String(single.port + 2) },
    };
    // Joined outside Pulumi.
    await obServerProvider.create(declared);
    importId = `${agent.host}:${agent.port}/${single.host}:${single.port}`;
  });
  afterAll(async () => {
    restore();
    await ob.close();
  });

  test("a malformed id is refused, saying the format, before any call", async () => {
    await provider.configure({ obshellPassword: secretValue(ob.password) });
    const calls = ob.control.calls().length;
    for (const id of [`${ob.singles[0].host}:${ob.singles[0].port}`, "agent/10.0.0.4:2886", "10.0.0.1:2886/not-an-ip:2886"]) {
      await expect(provider.read(OBSERVER, id, {}, {})).rejects.toThrow(new RegExp(`ObServer import id .*${id.replace(/[.]/g, "\\.")}`));
    }
    await expect(provider.read(OBSERVER, "x", {}, {})).rejects.toThrow(/must be \{agentHost\}:\{agentPort\}\/\{ip\}:\{port\}.*e\.g\. 10\.0\.0\.1:2886\/10\.0\.0\.4:2886/);
    await expect(provider.read(OBSERVER, "10.0.0.1:2886/10.0.0.4:99", {}, {})).rejects.toThrow(/port must be/);
    expect(ob.control.calls()).toHaveLength(calls);
  });

  test("without the provider's obshellPassword the import says which setting to give", async () => {
    const bare = new NativeProvider();
    await bare.configure({});
    await expect(bare.read(OBSERVER, importId, {}, {})).rejects.toThrow(/state has no password .*obshellPassword setting .*OBSHELL_PASSWORD/);
  });

  test("read by id with the provider's password: the server as it is, the password nowhere in what is returned", async () => {
    await provider.configure({ obshellPassword: secretValue(ob.password) });
    const read = await provider.read(OBSERVER, importId, {}, {});
    const [single] = ob.singles;
    expect(read.id).toBe(`${single.host}:${single.port}`);
    expect(read.props).toMatchObject({ status: "ACTIVE", ip: single.host, port: single.port, zone: "zone2", clusterAgent: declared.clusterAgent });
    expect(read.inputs).toEqual({ clusterAgent: declared.clusterAgent, ip: single.host, port: single.port, zone: "zone2" });
    expect(JSON.stringify(read)).not.toContain(ob.password);

    // Declared as it is (password and obConfigs, which cannot be read, included): no changes.
    const checked = await provider.check(OBSERVER, {}, { ...declared, password: secretValue(ob.password) });
    expect(checked.failures).toEqual([]);
    expect(await provider.diff(OBSERVER, read.id, read.props, checked.inputs, read.inputs!)).toMatchObject({ changes: false, diffs: [] });
    expect(await provider.diff(OBSERVER, read.id, read.props, { ...checked.inputs, zone: "zone3" }, read.inputs!)).toMatchObject({ changes: true, replaces: ["zone"] });

    // The same with the password from OBSHELL_PASSWORD instead of the setting.
    const fromEnv = new NativeProvider();
    await fromEnv.configure({});
    const undo = withEnv({ OBSHELL_PASSWORD: ob.password });
    try {
      expect((await fromEnv.read(OBSERVER, importId, {}, {})).id).toBe(read.id);
    } finally {
      undo();
    }

    // Refresh and delete of the imported state (no password in it) use the setting too.
    expect((await provider.read(OBSERVER, read.id, read.props, read.inputs!)).props).toMatchObject({ status: "ACTIVE" });
    const members = ob.control.snapshot().servers.length;
    await provider.delete(OBSERVER, read.id, read.props, 0);
    expect(ob.control.snapshot().servers).toHaveLength(members - 1);
  });
});
