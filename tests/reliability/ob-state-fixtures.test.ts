import * as fs from "fs";
import * as path from "path";
import { obServerProvider } from "../../provider/obshell/server";
import { SCALE_IN, startObshellSimulator, type ObshellSimulator } from "../../simulator";

/**
 * ObServer state written by an earlier version stays readable and deletable: each frozen
 * fixture's stored provider is loaded as the dynamic-provider host loads it (from the
 * serialized `__provider` text, resolving `pulumi-ddm/provider` from the repository), then
 * refreshes and scales in a live server. Guards the kind name `obServer` and the state's shape.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString = require("require-from-string") as (code: string) => { handler(): Record<string, (...args: unknown[]) => Promise<any>> };

const FIXTURES = path.join(__dirname, "..", "fixtures", "obshell-state");
const REPO = path.resolve(__dirname, "..", "..");

let sim: ObshellSimulator;
beforeAll(async () => {
  process.env.DDM_PROGRESS_INTERVAL_MS = "600000";
  sim = await startObshellSimulator({ stageMs: 20, singles: 1 });
});
afterAll(() => sim.close());

describe.each(fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json")))("ObServer state fixture %s", (file) => {
  /** The fixture with the simulator's values, and its stored provider loaded as the dynamic-provider host loads it. */
  async function load() {
    const agent = sim.singles[0];
    const values: Record<string, string | number> = {
      host: sim.host,
      clusterAgentPort: sim.members[0].port,
      password: sim.password,
      ip: agent.host,
      port: agent.port,
      mysqlPortSetting: String(agent.port + 1),
      mysqlPort: agent.port + 1,
      rpcPortSetting: String(agent.port + 2),
      rpcPort: agent.port + 2,
    };
    let raw = fs.readFileSync(path.join(FIXTURES, file), "utf8");
    for (const [key, value] of Object.entries(values)) raw = raw.split(`"{{${key}}}"`).join(JSON.stringify(value)).split(`{{${key}}}`).join(String(value));
    const { server } = JSON.parse(raw);
    // The live server, joined as any version would have joined it.
    await obServerProvider.create(server.outputs);
    const provider = requireFromString(server.outputs.__provider).handler();
    await provider.configure({ config: { get: () => undefined, require: () => undefined } });
    return { server, provider, agent };
  }

  async function inRepo<T>(run: () => Promise<T>): Promise<T> {
    const cwd = process.cwd();
    process.chdir(REPO);
    try {
      return await run();
    } finally {
      process.chdir(cwd);
    }
  }

  test("refresh finds the server; destroy scales it in", async () => {
    await inRepo(async () => {
      const { server, provider, agent } = await load();
      const read = await provider.read(server.id, server.outputs);
      expect(read.id).toBe(server.id);
      expect(read.props).toMatchObject({ status: "ACTIVE", zone: "zone2", __provider: server.outputs.__provider });
      await provider.delete(server.id, server.outputs);
      expect(sim.control.snapshot().servers.find((s) => s.agentPort === agent.port)).toBeUndefined();
    });
  });

  test("a scale-in failed past its first node: the next destroy from the same old state retries its DAG", async () => {
    await inRepo(async () => {
      const { server, provider, agent } = await load();
      sim.control.setFaults([{ dag: SCALE_IN, node: "Wait delete observer success" }]);
      await expect(provider.delete(server.id, server.outputs)).rejects.toThrow(/DAG \d+ is left failed/);
      sim.control.resetCalls();
      await provider.delete(server.id, server.outputs);
      expect(sim.control.calls().filter((c) => c.method !== "GET").map((c) => c.path)).toEqual([expect.stringMatching(/^\/api\/v1\/task\/dag\/\d+$/)]);
      expect(sim.control.snapshot().servers.find((s) => s.agentPort === agent.port)).toBeUndefined();
    });
  });
});
