import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findPulumiCli, NO_CLI_REASON, type PulumiCli } from "./pulumi-cli";

/**
 * The same operations as TestStack, run by the real `pulumi` CLI: a local file backend and a
 * passphrase secrets manager in a directory of its own, so nothing touches the user's login.
 * Config set in between operations is applied before the next one, as TestStack does.
 * Secrets go to `pulumi config set --secret` on standard input, never on a command line.
 */
export interface CliStackOptions {
  /** The directory holding Pulumi.yaml. */
  projectDir: string;
  stack: string;
  config?: Record<string, string>;
  secretConfig?: Record<string, string>;
  env?: Record<string, string>;
  /** Every line the CLI prints, as it prints it. */
  onOutput?: (line: string) => void;
  /** Which CLI to run; found by `findPulumiCli` when omitted. */
  cli?: PulumiCli;
  /** A directory whose `node` the language host and the dynamic provider run instead of PATH's. */
  nodeBinDir?: string;
}

export class CliError extends Error {
  constructor(
    readonly command: string,
    readonly output: string,
  ) {
    super(`pulumi ${command} failed:\n${output.trim()}`);
    this.name = "CliError";
  }
}

export class CliStack {
  private readonly home = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-cli-"));
  private readonly pending: Array<{ args: string[]; stdin?: string }> = [];
  private initialized = false;
  private readonly cli: PulumiCli;

  constructor(private readonly options: CliStackOptions) {
    const cli = options.cli ?? findPulumiCli();
    if (!cli) throw new Error(NO_CLI_REASON);
    this.cli = cli;
    fs.mkdirSync(path.join(this.home, "state"));
    for (const [key, value] of Object.entries(options.config ?? {})) this.setConfig(key, value);
    for (const [key, value] of Object.entries(options.secretConfig ?? {})) this.setConfig(key, value, { secret: true });
  }

  setConfig(key: string, value: string, options: { secret?: boolean } = {}): void {
    this.pending.push(options.secret ? { args: ["config", "set", "--secret", key], stdin: value } : { args: ["config", "set", key, value] });
  }

  removeConfig(key: string): void {
    this.pending.push({ args: ["config", "rm", key] });
  }

  up(options: { refresh?: boolean } = {}): Promise<string> {
    return this.operation(["up", "--yes", "--skip-preview", ...(options.refresh ? ["--refresh"] : [])]);
  }

  preview(options: { refresh?: boolean } = {}): Promise<string> {
    return this.operation(["preview", ...(options.refresh ? ["--refresh"] : [])]);
  }

  refresh(): Promise<string> {
    return this.operation(["refresh", "--yes", "--skip-preview"]);
  }

  destroy(): Promise<string> {
    return this.operation(["destroy", "--yes", "--skip-preview"]);
  }

  /** Stack outputs; secret ones come back as "[secret]". */
  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse(await this.operation(["stack", "output", "--json"], { quiet: true }));
  }

  /** The state as `pulumi stack export` gives it (secrets encrypted). */
  exportState(): Promise<string> {
    return this.operation(["stack", "export"], { quiet: true });
  }

  /** Removes the stack and everything this driver wrote. */
  async dispose(): Promise<void> {
    if (this.initialized) await this.run(["stack", "rm", "--yes", "--force"], { quiet: true }).catch(() => undefined);
    fs.rmSync(this.home, { recursive: true, force: true });
  }

  private async operation(args: string[], options: { quiet?: boolean } = {}): Promise<string> {
    if (!this.initialized) {
      await this.run(["stack", "init", this.options.stack], { quiet: true });
      this.initialized = true;
    }
    for (const change of this.pending.splice(0)) await this.run(change.args, { quiet: true, stdin: change.stdin });
    return this.run(args, options);
  }

  /**
   * The CLI's directory (its language host beside it), the dynamic-provider plugin script that
   * ships in the program's own @pulumi/pulumi, and the chosen Node.js, ahead of the caller's PATH.
   */
  private searchPath(): string {
    const dirs = [this.options.nodeBinDir, this.cli.binDir, dynamicProviderPluginDir(this.options.projectDir)];
    return [...dirs.filter((dir): dir is string => dir !== undefined), process.env.PATH ?? ""].join(path.delimiter);
  }

  private run(args: string[], options: { quiet?: boolean; stdin?: string }): Promise<string> {
    const argv = [...args, "--cwd", this.options.projectDir, "--non-interactive", ...(args[0] === "stack" && args[1] === "init" ? [] : ["--stack", this.options.stack])];
    const env = {
      ...process.env,
      ...this.options.env,
      PATH: this.searchPath(),
      PULUMI_HOME: path.join(this.home, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(this.home, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "pulumi-ddm-cli-stack",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    return new Promise((resolve, reject) => {
      const child = spawn(path.join(this.cli.binDir, "pulumi"), argv, { env, stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let all = "";
      let partial = "";
      const collect = (chunk: Buffer, isStdout: boolean) => {
        const text = chunk.toString();
        if (isStdout) stdout += text;
        all += text;
        if (options.quiet || !this.options.onOutput) return;
        const lines = (partial + text).split("\n");
        partial = lines.pop()!;
        for (const line of lines) this.options.onOutput(line);
      };
      child.stdout.on("data", (chunk: Buffer) => collect(chunk, true));
      child.stderr.on("data", (chunk: Buffer) => collect(chunk, false));
      child.on("error", reject);
      child.on("close", (code) => {
        if (partial && !options.quiet) this.options.onOutput?.(partial);
        if (code === 0) resolve(stdout);
        else reject(new CliError(args.slice(0, 2).filter((arg) => !arg.startsWith("-")).join(" "), all));
      });
      child.stdin.end(options.stdin ?? "");
    });
  }
}

/** Where `pulumi-resource-pulumi-nodejs` is: the package root of the program's @pulumi/pulumi. */
function dynamicProviderPluginDir(projectDir: string): string | undefined {
  try {
    return path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [projectDir] }));
  } catch {
    return undefined;
  }
}
