/**
 * `npm run demo`: the example topology on the built-in simulator, the way a pipeline would run
 * it: up, a scale-out, a node-class change, a drift check, and destroy. It uses the real `pulumi`
 * CLI when one is on PATH (Pulumi.yaml at the root runs the same program), and the project's
 * test engine otherwise, which runs the unmodified program through the SDK's own runtime.
 * DDM_DEMO_ENGINE=test picks the test engine even where the CLI is installed.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, DEFAULT_SHARED_RDS, startSimulator, type Simulator } from "pulumi-ddm/simulator";
import { CliStack, findPulumiCli, TestStack, type EngineEvent } from "../tests/engine";

const ROOT = path.resolve(__dirname, "..", "..");
const PROGRAM = path.join(__dirname, "topology", "index.js");
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

function heading(text: string): void {
  console.log(`\n${bold(`━━ ${text}`)}`);
}

/** Provider progress lines and the plan summaries, as the CLI shows them. */
function show(event: EngineEvent): void {
  if (event.type === "log" && event.entry.source !== "engine") console.log(`   ${event.entry.message}`);
  if (event.type === "summary") console.log(event.text.replace(/^/gm, "   "));
}

/** What the demo does with a stack, whichever engine runs it. */
interface DemoStack {
  setConfig(key: string, value: string): void;
  up(options?: { refresh?: boolean }): Promise<unknown>;
  preview(options?: { refresh?: boolean }): Promise<unknown>;
  destroy(): Promise<unknown>;
}

function stackFor(sim: Simulator, dir: string): { stack: DemoStack; engine: string; dispose(): Promise<void> } {
  const settings = {
    config: {
      "ddm:endpoint": sim.url,
      "ddm:authUrl": sim.url,
      "ddm:region": sim.region,
      "ddm:accessKey": DEFAULT_ACCESS_KEY,
      vpcId: "vpc-demo",
      subnetId: "subnet-demo",
      securityGroupId: "sg-demo",
      rdsIds: DEFAULT_SHARED_RDS.map((rds) => rds.id).join(","),
    },
    secretConfig: {
      "ddm:secretKey": DEFAULT_SECRET_KEY,
      ddmAdminPassword: "Admin#Demo2024",
      rdsPassword: "Rds#Demo2024",
      appPassword: "App#Demo2024",
      reportingPassword: "Report#Demo2024",
      migrationPassword: "Migrate#Demo2024",
    },
    env: { DDM_PROGRESS_INTERVAL_MS: "2000" },
  };
  const cli = process.env.DDM_DEMO_ENGINE === "test" ? undefined : findPulumiCli();
  if (cli) {
    const stack = new CliStack({ projectDir: ROOT, stack: `demo-${process.pid}`, cli, ...settings, onOutput: (line) => console.log(`   ${line}`) });
    const where = cli.source === "built" ? `built by npm run build:cli (${cli.binDir})` : `on PATH (${cli.binDir})`;
    return { stack, engine: `the pulumi CLI ${where}, with a local file backend of its own`, dispose: () => stack.dispose() };
  }
  const stack = new TestStack({ program: PROGRAM, project: "ddm-topology", stack: "demo", stateFile: path.join(dir, "state.json"), ...settings, onEvent: show });
  return {
    stack,
    engine: "no pulumi CLI (npm run build:cli builds one): the program runs through the SDK's own language runtime and dynamic-provider server, driven by the project's test engine",
    dispose: async () => undefined,
  };
}

async function main(): Promise<void> {
  const sim = await startSimulator({
    durations: { createInstance: 6_000, enlarge: 5_000, reduce: 3_000, resize: 5_000, createSchema: 1_500, deleteInstance: 2_000 },
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-demo-"));
  const { stack, engine, dispose } = stackFor(sim, dir);
  console.log(`DDM simulator at ${sim.url} (project ${sim.projectId}); engine: ${engine}`);
  try {
    heading("pulumi up: one instance (2 × ddm.c6.2xlarge.2), two schemas, three accounts");
    await stack.up();

    heading("nodeNum 2 → 4: pulumi preview, then pulumi up (scale-out)");
    stack.setConfig("nodeNum", "4");
    await stack.preview();
    await stack.up();

    heading("flavor ddm.c6.2xlarge.2 → ddm.c6.4xlarge.2: pulumi up (node class change)");
    stack.setConfig("flavor", "ddm.c6.4xlarge.2");
    await stack.up();

    heading("someone adds a node and renames the instance in the console; pulumi preview --refresh");
    const [instance] = sim.control.snapshot().instances;
    sim.control.driftInstance(instance.id, { nodeCount: 5, name: "renamed-in-console" });
    await stack.preview({ refresh: true });

    heading("pulumi up --refresh: back to the declaration");
    await stack.up({ refresh: true });

    heading("pulumi destroy");
    await stack.destroy();
    const left = sim.control.snapshot().instances.length;
    console.log(`\nDone. Instances left in the simulator: ${left}. API calls made: ${sim.control.calls().length}.`);
    if (left !== 0) process.exitCode = 1;
  } finally {
    await dispose();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
