import * as fs from "fs";
import * as path from "path";
import { DEFAULT_SHARED_RDS, type Simulator } from "../../simulator";
import { settleInstance } from "../../provider/ddm/wait";
import { pickEngine } from "../../provider/ddm/instance";
import { clientFor, simulatorConfig, withProviderSimulator } from "../support/simulator";

/**
 * State written by an earlier version must stay readable, refreshable and deletable: each frozen
 * fixture's stored provider is loaded exactly as the dynamic-provider host loads it (from the
 * serialized `__provider` text, resolving `pulumi-ddm/provider` from the program directory, here
 * the repository and its compiled output), then used to refresh and destroy live resources.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString = require("require-from-string") as (code: string) => { handler(): Record<string, (...args: unknown[]) => Promise<any>> };

const FIXTURES = path.join(__dirname, "..", "fixtures", "state");
const REPO = path.resolve(__dirname, "..", "..");

let sim: Simulator;
withProviderSimulator([], (started) => (sim = started));

describe.each(fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json")))("state fixture %s", (file) => {
  test("refresh finds every resource; destroy removes them all", async () => {
    const client = clientFor(sim);
    const raw = fs.readFileSync(path.join(FIXTURES, file), "utf8");
    const stored = JSON.parse(raw);
    // Live resources matching the stored ones, made through the API as another version would have.
    const engine = pickEngine(await client.listEngines(), stored.instance.outputs.engineVersion);
    const flavor = (await client.listFlavors(engine.id)).find((f) => f.code === stored.instance.outputs.flavorCode)!;
    const created = await client.createInstance({
      instance: {
        name: stored.instance.outputs.name,
        flavor_id: flavor.id,
        node_num: stored.instance.outputs.nodeNum,
        engine_id: engine.id,
        available_zones: stored.instance.outputs.availabilityZones,
        vpc_id: stored.instance.outputs.vpcId,
        subnet_id: stored.instance.outputs.subnetId,
        security_group_id: stored.instance.outputs.securityGroupId,
      },
    });
    await settleInstance(client, { label: "fixture", instanceId: created.id, jobId: created.jobId, timeoutMs: 20_000, startedAt: Date.now() });
    const state = JSON.parse(raw.split("{{instanceId}}").join(created.id).split("{{projectId}}").join(sim.projectId));
    const schemaOut = state.schema.outputs;
    await client.createSchema(created.id, {
      databases: [{ name: schemaOut.name, shard_mode: schemaOut.shardMode, shard_number: schemaOut.shardNumber, shard_unit: schemaOut.shardUnit, used_rds: [{ id: DEFAULT_SHARED_RDS[0].id, adminUser: "root", adminPassword: "Any#Pass2024" }] }],
    });
    for (let i = 0; i < 100 && (await client.getSchema(created.id, schemaOut.name)).status !== "RUNNING"; i++) await new Promise((r) => setTimeout(r, 50));
    const accountOut = state.account.outputs;
    await client.createAccount(created.id, { users: [{ name: accountOut.name, password: accountOut.password, base_authority: accountOut.permissions, databases: accountOut.schemas.map((name: string) => ({ name })) }] });

    const cwd = process.cwd();
    process.chdir(REPO);
    try {
      // The engine hands every provider the stack config through configure(), as here.
      const stackConfig = simulatorConfig(sim);
      const load = async (resource: { outputs: { __provider: string } }) => {
        const provider = requireFromString(resource.outputs.__provider).handler();
        await provider.configure({ config: stackConfig });
        return provider;
      };
      for (const kind of ["instance", "schema", "account"] as const) {
        const read = await (await load(state[kind])).read(state[kind].id, state[kind].outputs);
        expect(read.id).toBe(state[kind].id);
        expect(read.props.__provider).toBe(state[kind].outputs.__provider);
      }
      for (const kind of ["account", "schema", "instance"] as const) await (await load(state[kind])).delete(state[kind].id, state[kind].outputs);
    } finally {
      process.chdir(cwd);
    }
    expect(sim.control.snapshot().instances).toEqual([]);
  });
});
