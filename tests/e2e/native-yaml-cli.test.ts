import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cacheProvider } from "../../provider/dcs/cache";
import { accountProvider } from "../../provider/ddm/account";
import { instanceProvider } from "../../provider/ddm/instance";
import { schemaProvider } from "../../provider/ddm/schema";
import { obServerProvider } from "../../provider/obshell/server";
import { packageVersion } from "../../provider/native/version";
import { packPlugin } from "../../plugin/pack";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, DEFAULT_SHARED_RDS, startObshellSimulator, type ObshellSimulator, type Simulator } from "../../simulator";
import { builtYamlHostDir, CliError, CliStack, describeWithCli, planSummary } from "../engine";
import { simulatorConfig, startTestSimulator, withEnv } from "../support/simulator";
import { liveInstance, topologyConfig, writes } from "./topology-stack";

/**
 * The native provider plugin (pulumi-resource-ddm, installed from its tarball) through the real
 * Pulumi CLI and its YAML language host, against the simulators: examples/native-yaml's lifecycle
 * (create, scale out and in, class change, a cache resize, an OceanBase server joining, drift
 * through preview --refresh, destroy); `pulumi import` of an instance, a schema, an account, a
 * cache and an OceanBase server made outside Pulumi, after which the program declaring them has no
 * changes; two explicit providers (two regions) in one program. One stack, and beside it, started
 * first and run meanwhile, a second stack whose create outlives its customTimeouts of a minute.
 */
jest.setTimeout(900_000);

const EXAMPLE = path.resolve(__dirname, "..", "..", "examples", "native-yaml", "Pulumi.yaml");
const SECRETS = { "ddm:secretKey": DEFAULT_SECRET_KEY, rdsPassword: "Rds#Yaml2024", appPassword: "App#Yaml2024", cachePassword: "Cache#Yaml2024" };
const yamlHost = builtYamlHostDir();

/** A Provider resource's inputs for a simulator, as YAML properties: the secret key in plain text, which the provider makes secret. */
function providerYaml(name: string, sim: Simulator): string {
  return `  ${name}:
    type: pulumi:providers:ddm
    properties:
      region: ${sim.region}
      endpoint: ${sim.url}
      dcsEndpoint: ${sim.dcs.url}
      authUrl: ${sim.url}
      accessKey: ${DEFAULT_ACCESS_KEY}
      secretKey: ${DEFAULT_SECRET_KEY}
      maxRequestsPerMinute: 6000
`;
}

function cacheYaml(name: string, options: string): string {
  return `  ${name}:
    type: ddm:index:DcsInstance
    properties:
      name: ${name}
      engine: Redis
      engineVersion: "5.0"
      capacity: 1
      specCode: redis.single.xu1.large.1
      availabilityZones: [az1]
      vpcId: vpc-yaml
      subnetId: subnet-yaml
      password: \${cachePassword}
    options:
${options}
`;
}

/** An ObServer's import id: an agent of the cluster, then the server. */
const obImportId = (ob: ObshellSimulator) => `${ob.host}:${ob.members[0].port}/${ob.singles[1].host}:${ob.singles[1].port}`;

/** The OceanBase server joining outside Pulumi, as the program declares it. */
const legacyObServer = (ob: ObshellSimulator) => ({
  clusterAgent: { host: ob.host, port: ob.members[0].port },
  ip: ob.singles[1].host,
  port: ob.singles[1].port,
  zone: "zone2",
  obConfigs: { mysql_port: String(ob.singles[1].port + 1), rpc_port: String(ob.singles[1].port + 2) },
});

/**
 * The resources made outside Pulumi, declared as they are; the schema and the account refer to
 * the instance, so that a destroy removes them before it.
 */
const IMPORTED = (ob: ObshellSimulator) => `  legacy:
    type: ddm:index:DdmInstance
    properties:
      name: legacy-ddm
      flavor: ddm.c6.xlarge.2
      nodeNum: 2
      availabilityZones: [az1]
      vpcId: vpc-yaml
      subnetId: subnet-yaml
      securityGroupId: sg-yaml
  legacySchema:
    type: ddm:index:DdmSchema
    properties:
      instanceId: \${legacy.instanceId}
      name: legacy
      shardMode: single
      shardNumber: 1
      dataNodes:
        - id: ${DEFAULT_SHARED_RDS[1].id}
          adminUser: root
          adminPassword: \${rdsPassword}
  legacyAccount:
    type: ddm:index:DdmAccount
    properties:
      instanceId: \${legacy.instanceId}
      name: legacy_ro
      password: \${appPassword}
      permissions: [SELECT]
      schemas: [legacy]
${cacheYaml("legacy-cache", "      protect: false")}  legacyOb:
    type: ddm:index:ObServer
    properties:
      clusterAgent:
        host: ${legacyObServer(ob).clusterAgent.host}
        port: ${legacyObServer(ob).clusterAgent.port}
      password: \${obPassword}
      ip: ${legacyObServer(ob).ip}
      port: ${legacyObServer(ob).port}
      zone: zone2
      obConfigs:
        mysql_port: "${legacyObServer(ob).obConfigs.mysql_port}"
        rpc_port: "${legacyObServer(ob).obConfigs.rpc_port}"
`;

const program = (resources: string) => `name: ddm-native-yaml
runtime: yaml
config:
  rdsPassword: { type: string, secret: true }
  appPassword: { type: string, secret: true }
  cachePassword: { type: string, secret: true }
  obPassword: { type: string, secret: true }
resources:${resources ? `\n${resources}` : " {}"}
`;

/** One DDM instance whose create outlives its customTimeouts, on the default provider. */
const SLOW_PROGRAM = `name: ddm-native-slow
runtime: yaml
resources:
  slow:
    type: ddm:index:DdmInstance
    properties:
      name: slow-ddm
      flavor: ddm.c6.large.2
      nodeNum: 1
      availabilityZones: [az1]
      vpcId: vpc-yaml
      subnetId: subnet-yaml
      securityGroupId: sg-yaml
    options:
      customTimeouts:
        create: 1m
`;

/** A command's outcome and how long it took, awaited later: a failure is an outcome, never an unhandled rejection. */
function timed(command: () => Promise<string>): Promise<{ error?: unknown; elapsedMs: number }> {
  const started = Date.now();
  return command().then(
    () => ({ elapsedMs: Date.now() - started }),
    (error: unknown) => ({ error, elapsedMs: Date.now() - started }),
  );
}

const NO_YAML_HOST = "no YAML language host: run `npm run build:yaml` (tools/pulumi-yaml/build.sh)";

/** Like describeWithCli, for the YAML language host too: skipped without it, a failure in CI. */
function describeWithYaml(name: string, body: Parameters<typeof describeWithCli>[1]): void {
  if (yamlHost) describeWithCli(name, body);
  else if (process.env.CI === "true") test(name, () => { throw new Error(`${NO_YAML_HOST}; CI must build it`); });
  else test.skip(`${name}: skipped, ${NO_YAML_HOST}`, () => undefined);
}

describeWithYaml("the native provider plugin with YAML programs and the real pulumi CLI", (cli) => {
  let sim: Simulator;
  let east: Simulator;
  let ob: ObshellSimulator;
  let stack: CliStack;
  let dir: string;
  /** The second stack, its simulator (a 5-minute create), and its `up` under way since beforeAll. */
  let slowSim: Simulator;
  let slowStack: CliStack;
  let slowDir: string;
  let slowUp: Promise<{ error?: unknown; elapsedMs: number }>;
  /** The slow simulator's clock runs ahead by this much, to end its job without waiting for it. */
  let slowSkew = 0;
  /** The imported resources as the program declares them, kept by the tests that follow. */
  let importedResources = "";
  const write = (text: string) => fs.writeFileSync(path.join(dir, "Pulumi.yaml"), text);

  beforeAll(async () => {
    sim = await startTestSimulator({ rateLimit: false });
    east = await startTestSimulator({ rateLimit: false, region: "eu-west-0", projectId: "0e2e000000000000000000000000ea57" });
    ob = await startObshellSimulator({ stageMs: 60, singles: 2 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-native-yaml-"));
    fs.copyFileSync(EXAMPLE, path.join(dir, "Pulumi.yaml"));
    const single = ob.singles[0];
    // The example topology's settings and network; the YAML program names one data node, not a list.
    const { rdsIds: _rdsIds, ...defaultProvider } = topologyConfig(sim);
    stack = new CliStack({
      projectDir: dir,
      stack: `native-yaml-${process.pid}`,
      cli,
      binDirs: [yamlHost!],
      config: {
        ...defaultProvider,
        rdsId: DEFAULT_SHARED_RDS[0].id,
        cacheCapacity: "2",
        cacheSpecCode: "redis.single.xu1.large.2",
        obClusterHost: ob.host,
        obClusterPort: String(ob.members[0].port),
        obServerIp: single.host,
        obServerPort: String(single.port),
        obMysqlPort: String(single.port + 1),
        obRpcPort: String(single.port + 2),
      },
      secretConfig: { ...SECRETS, obPassword: ob.password, "ddm:obshellPassword": ob.password },
      env: { DDM_PROGRESS_INTERVAL_MS: "600000" },
    });
    const plugin = packPlugin(dir);
    await stack.installPlugin("ddm", packageVersion(), plugin);

    // customTimeouts {create: 1m} against a 5-minute create: a minute of waiting, spent while the
    // other tests run (the last one awaits it).
    slowSim = await startTestSimulator({ durations: { createInstance: 300_000, deleteInstance: 100 }, now: () => Date.now() + slowSkew });
    slowDir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-native-slow-"));
    fs.writeFileSync(path.join(slowDir, "Pulumi.yaml"), SLOW_PROGRAM);
    const { rdsIds: _ids, vpcId: _vpc, subnetId: _subnet, securityGroupId: _sg, ...slowProvider } = topologyConfig(slowSim);
    slowStack = new CliStack({
      projectDir: slowDir,
      stack: `native-slow-${process.pid}`,
      cli,
      binDirs: [yamlHost!],
      config: slowProvider,
      secretConfig: { "ddm:secretKey": DEFAULT_SECRET_KEY },
      env: { DDM_PROGRESS_INTERVAL_MS: "600000" },
    });
    await slowStack.installPlugin("ddm", packageVersion(), plugin);
    slowUp = timed(() => slowStack.up());
  });
  afterAll(async () => {
    await slowUp;
    await Promise.all([stack?.dispose(), slowStack?.dispose()]);
    await Promise.all([sim?.close(), east?.close(), ob?.close(), slowSim?.close()]);
    for (const folder of [dir, slowDir]) if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  test("lifecycle: create, scale out and in, class change, cache resize, ObServer join, drift, destroy", async () => {
    await stack.up();
    expect(liveInstance(sim)).toMatchObject({ status: "RUNNING", nodeCount: 2, flavorCode: "ddm.c6.2xlarge.2" });
    expect(sim.dcs.control.snapshot().instances[0]).toMatchObject({ status: "RUNNING", capacity: 2 });
    expect(ob.control.snapshot().servers).toHaveLength(4);
    expect(await stack.outputs()).toMatchObject({ nodeCount: 2, cacheCapacity: 2, obServerStatus: "ACTIVE", firstFlavor: expect.stringMatching(/^ddm\./) });

    const step = async (config: Record<string, string>) => {
      for (const [key, value] of Object.entries(config)) stack.setConfig(key, value);
      sim.control.resetCalls();
      sim.dcs.control.resetCalls();
      await stack.up();
      return [...writes(sim.control.calls()), ...writes(sim.dcs.control.calls())];
    };
    expect(await step({ nodeNum: "3" })).toContain("POST …/action/enlarge");
    expect(liveInstance(sim).nodeCount).toBe(3);
    expect(await step({ nodeNum: "2" })).toContain("POST …/action/reduce");
    expect(liveInstance(sim).nodeCount).toBe(2);
    expect((await step({ flavor: "ddm.c6.4xlarge.2" })).filter((call) => call.includes("flavor"))).toHaveLength(1);
    expect(liveInstance(sim).flavorCode).toBe("ddm.c6.4xlarge.2");
    expect((await step({ cacheCapacity: "1", cacheSpecCode: "redis.single.xu1.large.1" })).filter((call) => call.endsWith("/resize"))).toHaveLength(1);
    expect(sim.dcs.control.snapshot().instances[0]).toMatchObject({ capacity: 1 });

    sim.control.driftInstance(liveInstance(sim).id, { nodeCount: 3 });
    const drift = await stack.preview({ refresh: true });
    expect(drift).toMatch(/~\s+ddm:index:DdmInstance\s+orders\s+update/);
    expect(drift).toMatch(/nodeNum/);

    const state = await stack.exportState();
    for (const secret of [...Object.values(SECRETS), ob.password]) expect(state).not.toContain(secret);
    await stack.destroy();
    expect(sim.control.snapshot().instances).toEqual([]);
    expect(sim.dcs.control.snapshot().instances).toEqual([]);
    expect(ob.control.snapshot().servers).toHaveLength(3);
  });

  test("pulumi import of an instance, a schema, an account, a cache and an ObServer made outside Pulumi; then no changes", async () => {
    const restore = withEnv({ DDM_PROGRESS_INTERVAL_MS: "600000" });
    let instanceId: string;
    let cacheId: string;
    try {
      for (const provider of [instanceProvider, schemaProvider, accountProvider, cacheProvider]) await provider.configure({ config: simulatorConfig(sim) } as never);
      const network = { availabilityZones: ["az1"], vpcId: "vpc-yaml", subnetId: "subnet-yaml" };
      ({ id: instanceId } = await instanceProvider.create({ name: "legacy-ddm", flavor: "ddm.c6.xlarge.2", nodeNum: 2, securityGroupId: "sg-yaml", ...network }));
      const dataNodes = [{ id: DEFAULT_SHARED_RDS[1].id, adminUser: "root", adminPassword: SECRETS.rdsPassword }];
      await schemaProvider.create({ instanceId, name: "legacy", shardMode: "single", shardNumber: 1, dataNodes });
      await accountProvider.create({ instanceId, name: "legacy_ro", password: SECRETS.appPassword, permissions: ["SELECT"], schemas: ["legacy"] });
      ({ id: cacheId } = await cacheProvider.create({ name: "legacy-cache", engine: "Redis", engineVersion: "5.0", capacity: 1, specCode: "redis.single.xu1.large.1", password: SECRETS.cachePassword, ...network }));
      await obServerProvider.create({ ...legacyObServer(ob), password: ob.password });
    } finally {
      restore();
    }

    write(program(""));
    const importFile = path.join(dir, "import.json");
    fs.writeFileSync(
      importFile,
      JSON.stringify({
        resources: [
          { type: "ddm:index:DdmInstance", name: "legacy", id: instanceId },
          { type: "ddm:index:DdmSchema", name: "legacySchema", id: `${instanceId}/legacy` },
          { type: "ddm:index:DdmAccount", name: "legacyAccount", id: `${instanceId}/legacy_ro` },
          { type: "ddm:index:DcsInstance", name: "legacy-cache", id: cacheId },
          // The cluster's agent and the server; the password is the provider's obshellPassword.
          { type: "ddm:index:ObServer", name: "legacyOb", id: obImportId(ob) },
        ],
      }),
    );
    sim.control.resetCalls();
    sim.dcs.control.resetCalls();
    const dags = ob.control.snapshot().dags.length;
    const imported = await stack.importFile(importFile);
    expect(imported).toMatch(/= 5 imported/);
    expect(writes(sim.control.calls())).toEqual([]);
    // The import's state: the server as read, without the password it was read with.
    const legacyOb = (await stack.exportedResources()).find((resource) => resource.urn.endsWith("::legacyOb"))!;
    expect(legacyOb).toMatchObject({ id: `${ob.singles[1].host}:${ob.singles[1].port}`, outputs: { status: "ACTIVE", zone: "zone2" } });
    expect(legacyOb.outputs!.password).toBeUndefined();

    write(program(IMPORTED(ob)));
    const preview = await stack.preview();
    expect(planSummary(preview)).toEqual({ create: 0, update: 0, delete: 0, replace: 0, same: 6 });
    await stack.up();
    expect(writes(sim.control.calls())).toEqual([]);
    expect(writes(sim.dcs.control.calls())).toEqual([]);
    expect(ob.control.snapshot().dags).toHaveLength(dags);
    importedResources = IMPORTED(ob);
  });

  test("two explicit providers (two regions) in one program; the imported ObServer leaves the cluster on destroy", async () => {
    const explicit = `${providerYaml("west", sim)}${providerYaml("east", east)}${cacheYaml("west-cache", "      provider: ${west}")}${cacheYaml("east-cache", "      provider: ${east}")}`;
    write(program(`${importedResources}${explicit}`));
    await stack.up();
    const names = (s: Simulator) => s.dcs.control.snapshot().instances.map((cache) => cache.name).sort();
    expect(names(sim)).toEqual(["legacy-cache", "west-cache"]);
    expect(names(east)).toEqual(["east-cache"]);
    expect(await stack.exportState()).not.toContain(DEFAULT_SECRET_KEY);

    // A new name is changed in place, unless replaceOnChanges names it: the provider's diff says which properties change.
    const renamed = explicit.replace("      name: west-cache\n", "      name: west-cache-renamed\n");
    write(program(`${importedResources}${renamed}`));
    expect(planSummary(await stack.preview())).toMatchObject({ update: 1, replace: 0 });
    write(program(`${importedResources}${renamed.replace("      provider: ${west}\n", "      provider: ${west}\n      replaceOnChanges: [name]\n")}`));
    expect(planSummary(await stack.preview())).toMatchObject({ update: 0, replace: 1 });

    // The provider's settings: another region replaces the provider and its cache; a new rate limit
    // updates the provider only; a malformed one is refused by name before any call.
    const eastRegion = explicit.replace(`      region: ${east.region}\n`, "      region: eu-west-101\n");
    write(program(`${importedResources}${eastRegion}`));
    const moved = await stack.preview();
    expect(moved).toMatch(/\+-\s+pulumi:providers:ddm\s+east\s+replace\s+\[diff: ~region\]/);
    expect(moved).toMatch(/\+-\s+ddm:index:DcsInstance\s+east-cache\s+replace/);
    expect(planSummary(moved)).toMatchObject({ replace: 2, update: 0 });
    const westLimit = explicit.replace("      maxRequestsPerMinute: 6000\n", "      maxRequestsPerMinute: 3000\n");
    write(program(`${importedResources}${westLimit}`));
    const limited = await stack.preview();
    expect(limited).toMatch(/~\s+pulumi:providers:ddm\s+west\s+update\s+\[diff: ~maxRequestsPerMinute\]/);
    expect(planSummary(limited)).toMatchObject({ replace: 0, update: 1 });
    write(program(`${importedResources}${explicit.replace("      maxRequestsPerMinute: 6000\n", "      maxRequestsPerMinute: 0\n")}`));
    const refused = await stack.preview().then(() => "", (error: unknown) => (error as CliError).output);
    expect(refused).toMatch(/maxRequestsPerMinute must be a positive integer, got "0"/);
    write(program(`${importedResources}${explicit}`));

    // The imported ObServer's state holds no password: the scale-in takes the provider's obshellPassword.
    await stack.destroy();
    expect(sim.control.snapshot().instances).toEqual([]);
    expect(east.control.snapshot().instances).toEqual([]);
    expect(ob.control.snapshot().servers).toHaveLength(3);
    expect([...sim.dcs.control.snapshot().instances, ...east.dcs.control.snapshot().instances]).toEqual([]);

    // Nothing any command printed, import's generated code included, holds a credential.
    for (const secret of [...Object.values(SECRETS), ob.password]) expect(stack.transcript()).not.toContain(secret);
  });

  test("customTimeouts {create: 1m} against a 5-minute create fail at about a minute, saying so, the instance kept in state", async () => {
    const { error, elapsedMs } = await slowUp;
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).output).toMatch(/slow-ddm: create did not finish: creating 1 × ddm\.c6\.large\.2 nodes did not finish within (59s|1m0\ds).*; raise the resource.s timeouts/);
    // The minute counts from the create's request (hence "59s" in the message); the CLI's own start comes before it.
    expect(elapsedMs).toBeGreaterThanOrEqual(60_000);
    expect(elapsedMs).toBeLessThan(90_000);
    const [instance] = slowSim.control.snapshot().instances;
    expect(instance).toMatchObject({ name: "slow-ddm" });
    expect(await slowStack.exportState()).toContain(instance.id);

    // Let the job end (the simulator's clock moves on five minutes), then remove it.
    slowSkew += 300_000;
    await slowStack.destroy();
    expect(slowSim.control.snapshot().instances).toEqual([]);
    expect(slowStack.transcript()).not.toContain(DEFAULT_SECRET_KEY);
  });
});
