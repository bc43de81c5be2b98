import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cacheProvider } from "../../provider/dcs/cache";
import { accountProvider } from "../../provider/ddm/account";
import { instanceProvider } from "../../provider/ddm/instance";
import { schemaProvider } from "../../provider/ddm/schema";
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
 * through preview --refresh, destroy); `pulumi import` of an instance, a schema, an account and a
 * cache made outside Pulumi, after which the program declaring them has no changes; two explicit
 * providers (two regions) in one program; and customTimeouts reaching the waiter. One stack.
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

/** The resources made outside Pulumi, declared as they are. */
const IMPORTED = (instanceId: string) => `  legacy:
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
      instanceId: ${instanceId}
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
      instanceId: ${instanceId}
      name: legacy_ro
      password: \${appPassword}
      permissions: [SELECT]
      schemas: [legacy]
${cacheYaml("legacy-cache", "      protect: false")}`;

const program = (resources: string) => `name: ddm-native-yaml
runtime: yaml
config:
  rdsPassword: { type: string, secret: true }
  appPassword: { type: string, secret: true }
  cachePassword: { type: string, secret: true }
resources:${resources ? `\n${resources}` : " {}"}
`;

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
  /** The simulators' clock runs ahead by this much, to end a long job without waiting for it. */
  let skew = 0;
  /** The imported resources as the program declares them, kept by the tests that follow. */
  let importedResources = "";
  const now = () => Date.now() + skew;
  const write = (text: string) => fs.writeFileSync(path.join(dir, "Pulumi.yaml"), text);

  beforeAll(async () => {
    sim = await startTestSimulator({ rateLimit: false, now });
    east = await startTestSimulator({ rateLimit: false, region: "eu-west-0", projectId: "0e2e000000000000000000000000ea57", now });
    ob = await startObshellSimulator({ stageMs: 60, singles: 1 });
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
      secretConfig: { ...SECRETS, obPassword: ob.password },
      env: { DDM_PROGRESS_INTERVAL_MS: "600000" },
    });
    await stack.installPlugin("ddm", packageVersion(), packPlugin(dir));
  });
  afterAll(async () => {
    await stack?.dispose();
    await Promise.all([sim?.close(), east?.close(), ob?.close()]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
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

  test("pulumi import of an instance, a schema, an account and a cache made outside Pulumi; then no changes", async () => {
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
        ],
      }),
    );
    sim.control.resetCalls();
    sim.dcs.control.resetCalls();
    const imported = await stack.importFile(importFile);
    expect(imported).toMatch(/= 4 imported/);
    expect(writes(sim.control.calls())).toEqual([]);

    write(program(IMPORTED(instanceId)));
    const preview = await stack.preview();
    expect(planSummary(preview)).toEqual({ create: 0, update: 0, delete: 0, replace: 0, same: 5 });
    await stack.up();
    expect(writes(sim.control.calls())).toEqual([]);
    expect(writes(sim.dcs.control.calls())).toEqual([]);
    importedResources = IMPORTED(instanceId);
  });

  test("two explicit providers (two regions) in one program; customTimeouts fail a long create at the timeout", async () => {
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

    // A 5-minute create under customTimeouts of 10 s: the waiter gives up at the timeout, saying
    // so, and the instance stays in state (a partial failure) rather than being lost.
    east.control.setDurations({ createInstance: 300_000 });
    const slow = `  slow:
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
      provider: \${east}
      customTimeouts:
        create: 10s
`;
    write(program(`${importedResources}${explicit}${slow}`));
    const started = Date.now();
    const failed = await stack.up().then(
      () => undefined,
      (error: unknown) => error,
    );
    const elapsed = Date.now() - started;
    expect(failed).toBeInstanceOf(CliError);
    expect((failed as CliError).output).toMatch(/slow-ddm: create did not finish: creating 1 × ddm\.c6\.large\.2 nodes did not finish within \d+s.*; raise the resource.s timeouts/);
    expect(elapsed).toBeGreaterThanOrEqual(10_000);
    expect(elapsed).toBeLessThan(60_000);
    expect(east.control.snapshot().instances).toHaveLength(1);

    // Let the job end (the simulators' clock moves on five minutes), then remove everything.
    skew += 300_000;
    await stack.destroy();
    expect(sim.control.snapshot().instances).toEqual([]);
    expect(east.control.snapshot().instances).toEqual([]);
    expect([...sim.dcs.control.snapshot().instances, ...east.dcs.control.snapshot().instances]).toEqual([]);

    // Nothing any command printed, import's generated code included, holds a credential.
    for (const secret of [...Object.values(SECRETS), ob.password]) expect(stack.transcript()).not.toContain(secret);
  });
});
