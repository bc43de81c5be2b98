import { spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { describeWithCli, planSummary, type PulumiCli } from "../engine";

/**
 * The README's "With the Pulumi CLI" block, word for word: taken from README.md and run by bash
 * at the repository root, with the built CLI on PATH and a PULUMI_HOME of its own (so the
 * `pulumi login` it does leaves the user's untouched), as a user would type it. Its state goes
 * where the block says, ./.pulumi; a `dev` stack already there (the user's own, from following
 * the README) is never touched: the test refuses to run. The simulator the block starts in the
 * background listens on the README's ports, 8080 (DDM) and 8081 (DCS).
 */
jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, "..", "..");
const SIMULATOR = "http://127.0.0.1:8080";

/** The first sh block after the README's CLI heading. */
function readmeCliBlock(readme: string): string {
  const section = readme.slice(readme.indexOf("### With the Pulumi CLI"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no sh block under "### With the Pulumi CLI"');
  return block;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

interface Shell {
  done: Promise<{ code: number | null; output: string }>;
  /** Ends what the script left running in the background (its process group). */
  stop(): void;
}

function bash(script: string, env: NodeJS.ProcessEnv): Shell {
  const child = spawn("bash", ["-e", "-c", script], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return {
    done: new Promise((resolve, reject) => {
      child.on("error", reject);
      // Not "close": what the script left in the background holds its output open.
      child.on("exit", (code) => setImmediate(() => resolve({ code, output })));
    }),
    stop: () => {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // Nothing left.
      }
    },
  };
}

async function simulatorState(): Promise<{ instances: Array<{ name: string; schemas: unknown[]; accounts: unknown[] }> }> {
  const response = await fetch(`${SIMULATOR}/_sim/state`);
  return (await response.json()) as { instances: Array<{ name: string; schemas: unknown[]; accounts: unknown[] }> };
}

describeWithCli("the README's CLI section, as a user runs it", (cli: PulumiCli) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-readme-"));
  const stackConfig = path.join(ROOT, "Pulumi.dev.yaml");
  const stateDir = path.join(ROOT, ".pulumi");
  const stackState = path.join(stateDir, "stacks", "ddm-topology", "dev.json");
  const stateDirExisted = fs.existsSync(stateDir);
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("PULUMI_"))),
    PULUMI_HOME: home,
    PATH: `${cli.binDir}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_CONFIG_PASSPHRASE: "readme-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  let shell: Shell | undefined;
  let ours = false;

  afterAll(async () => {
    // Not part of the README: leave nothing behind, and touch nothing that was there before.
    if (ours) {
      await bash("pulumi destroy --yes --stack dev; pulumi stack rm --yes dev", env).done;
      fs.rmSync(stackConfig, { force: true });
      if (!stateDirExisted) fs.rmSync(stateDir, { recursive: true, force: true });
    }
    shell?.stop();
    fs.rmSync(home, { recursive: true, force: true });
  });

  test("the block runs to the end and deploys the example on the simulator it starts", async () => {
    if (fs.existsSync(stackConfig) || fs.existsSync(stackState)) {
      throw new Error(`a dev stack exists already (${stackConfig} or ${stackState}): yours? The README test will not touch it; remove it to run the test`);
    }
    for (const port of [8080, 8081]) {
      if (!(await portFree(port))) throw new Error(`port ${port} is in use; the README's simulator needs it`);
    }
    ours = true;
    const block = readmeCliBlock(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
    expect(block).toMatch(/^pulumi up --yes$/m);
    shell = bash(block, env);
    const { code, output } = await shell.done;
    // On failure, the message shows what the block printed.
    expect(`exit ${code}\n${output}`).toMatch(/^exit 0\n/);
    expect(planSummary(output)).toMatchObject({ create: 7, update: 0, delete: 0, replace: 0 });
    expect(output).not.toContain("Chang3#Me2024");

    const [instance, ...others] = (await simulatorState()).instances;
    expect(others).toEqual([]);
    expect(instance).toMatchObject({ name: "orders-ddm" });
    expect(instance.schemas).toHaveLength(2);
    expect(instance.accounts).toHaveLength(3);
    // The stack lives where the block's `pulumi login` put it.
    expect(fs.existsSync(stackState)).toBe(true);

    const destroy = await bash("pulumi destroy --yes", env).done;
    expect(destroy.code).toBe(0);
    expect((await simulatorState()).instances).toEqual([]);
  });
});
