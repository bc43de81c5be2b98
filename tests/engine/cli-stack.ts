import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Summary } from "./plan-summary";
import { findPulumiCli, NO_CLI_REASON, type PulumiCli } from "./pulumi-cli";

/**
 * The same operations as TestStack, run by the real `pulumi` CLI: a local file backend and a
 * passphrase secrets manager in a directory of its own, so nothing touches the user's login.
 * Config set in between operations is applied before the next one, as TestStack does.
 * Secrets go to `pulumi config set --secret` on standard input, never on a command line; plain
 * values set together go in one `pulumi config set-all`.
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
  /** More directories ahead of PATH: other language hosts (pulumi-language-yaml). */
  binDirs?: string[];
}

/** A resource as `pulumi stack export` gives it (secrets encrypted). */
export interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
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
  private readonly home: string;
  private readonly pending: Array<{ args: string[]; stdin?: string }> = [];
  private initialized = false;
  private readonly cli: PulumiCli;
  private readonly printed: string[] = [];
  private running?: ChildProcess;

  constructor(private readonly options: CliStackOptions) {
    const cli = options.cli ?? findPulumiCli();
    if (!cli) throw new Error(NO_CLI_REASON);
    this.cli = cli;
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-cli-"));
    fs.mkdirSync(path.join(this.home, "state"));
    for (const [key, value] of Object.entries(options.config ?? {})) this.setConfig(key, value);
    for (const [key, value] of Object.entries(options.secretConfig ?? {})) this.setConfig(key, value, { secret: true });
  }

  setConfig(key: string, value: string, options: { secret?: boolean } = {}): void {
    if (options.secret) {
      this.pending.push({ args: ["config", "set", "--secret", key], stdin: value });
      return;
    }
    const last = this.pending.at(-1);
    if (last?.args[1] === "set-all") last.args.push("--plaintext", `${key}=${value}`);
    else this.pending.push({ args: ["config", "set-all", "--plaintext", `${key}=${value}`] });
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

  /** `clearPendingCreates` drops the creates an interrupted `pulumi up` left pending (README, "If a deployment is interrupted"). */
  refresh(options: { clearPendingCreates?: boolean } = {}): Promise<string> {
    return this.operation(["refresh", "--yes", "--skip-preview", ...(options.clearPendingCreates ? ["--clear-pending-creates"] : [])]);
  }

  /** `pulumi import --file <file>`: adopts resources made outside Pulumi into the stack, unprotected. */
  importFile(file: string): Promise<string> {
    return this.operation(["import", "--file", file, "--yes", "--protect=false"]);
  }

  /** `pulumi plugin install resource <name> <version> -f <file>` into this stack's own PULUMI_HOME. */
  installPlugin(name: string, version: string, file: string): Promise<string> {
    return this.run(["plugin", "install", "resource", name, version, "-f", file], { quiet: true });
  }

  /** This stack's PULUMI_HOME, where installed plugins live. */
  pulumiHome(): string {
    return path.join(this.home, "home");
  }

  /** `pulumi cancel`: releases the stack a killed `pulumi` left locked. */
  cancel(): Promise<string> {
    return this.operation(["cancel", "--yes"]);
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

  /** The state's resources, from `pulumi stack export` (which transcript() then holds too). */
  async exportedResources(): Promise<ExportedResource[]> {
    const state = JSON.parse(await this.exportState()) as { deployment: { resources?: ExportedResource[] } };
    return state.deployment.resources ?? [];
  }

  /** Everything every command printed so far (standard output and error), to scan for secrets. */
  transcript(): string {
    return this.printed.join("");
  }

  /**
   * The dynamic-provider processes the running command started: `node …/@pulumi/pulumi/cmd/dynamic-provider`
   * descendants of this stack's `pulumi` process (Linux, from /proc). Empty when nothing runs.
   */
  dynamicProviderPids(): number[] {
    return this.descendants().filter((pid) => /@pulumi\/pulumi\/cmd\/dynamic-provider/.test(readProc(`/proc/${pid}/cmdline`) ?? ""));
  }

  /** SIGKILL to the running `pulumi` and every process it started, as when a pipeline is cancelled (Linux). */
  killRunning(): void {
    const root = this.running?.pid;
    if (root === undefined) return;
    for (const pid of [root, ...this.descendants()]) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }

  /** Every process below the running `pulumi`, from /proc. */
  private descendants(): number[] {
    const root = this.running?.pid;
    if (root === undefined) return [];
    const parents = new Map<number, number>();
    for (const entry of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      // The parent pid is the second field after the command name, which may itself hold spaces.
      const stat = readProc(`/proc/${entry}/stat`);
      const ppid = stat && Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid) parents.set(Number(entry), ppid);
    }
    const descends = (pid: number): boolean => {
      for (let p = parents.get(pid); p !== undefined; p = parents.get(p)) if (p === root) return true;
      return false;
    };
    return [...parents.keys()].filter(descends);
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
   * The chosen Node.js, the CLI's directory (its language host beside it, and the dynamic-provider
   * plugin where the CLI bundles it, as Pulumi's releases and build.sh do; else the copy of the
   * plugin script in the program's own @pulumi/pulumi), ahead of the caller's PATH.
   */
  private searchPath(): string {
    const bundled = fs.existsSync(path.join(this.cli.binDir, DYNAMIC_PROVIDER_PLUGIN));
    const dirs = [this.options.nodeBinDir, ...(this.options.binDirs ?? []), this.cli.binDir, bundled ? undefined : dynamicProviderPluginDir(this.options.projectDir)];
    return [...dirs.filter((dir): dir is string => dir !== undefined), process.env.PATH ?? ""].join(path.delimiter);
  }

  private run(args: string[], options: { quiet?: boolean; stdin?: string }): Promise<string> {
    const stackless = (args[0] === "stack" && args[1] === "init") || args[0] === "plugin";
    const argv = [...args, "--cwd", this.options.projectDir, "--non-interactive", ...(stackless ? [] : ["--stack", this.options.stack])];
    const env = {
      ...process.env,
      ...this.options.env,
      PATH: this.searchPath(),
      PULUMI_HOME: this.pulumiHome(),
      PULUMI_BACKEND_URL: `file://${path.join(this.home, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "pulumi-ddm-cli-stack",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    return new Promise((resolve, reject) => {
      const child = spawn(path.join(this.cli.binDir, "pulumi"), argv, { env, stdio: ["pipe", "pipe", "pipe"] });
      this.running = child;
      let stdout = "";
      let all = "";
      let partial = "";
      const collect = (chunk: Buffer, isStdout: boolean) => {
        const text = chunk.toString();
        this.printed.push(text);
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
        this.running = undefined;
        if (partial && !options.quiet) this.options.onOutput?.(partial);
        if (code === 0) resolve(stdout);
        else reject(new CliError(args.slice(0, 2).filter((arg) => !arg.startsWith("-")).join(" "), all));
      });
      child.stdin.end(options.stdin ?? "");
    });
  }
}

/**
 * The counts of the CLI's closing "Resources:" block (`+ 7 created`, `~ 1 to update`,
 * `+-1 replaced`, `6 unchanged`), in the test engine's terms.
 */
export function planSummary(output: string): Summary {
  const counts: Summary = { create: 0, update: 0, delete: 0, replace: 0, same: 0 };
  const block = output.slice(Math.max(0, output.lastIndexOf("Resources:\n")));
  const words: Record<string, keyof Summary> = {
    created: "create", "to create": "create", updated: "update", "to update": "update",
    deleted: "delete", "to delete": "delete", replaced: "replace", "to replace": "replace", unchanged: "same",
  };
  for (const [, count, word] of block.matchAll(/^\s+(?:[-+~]+\s*)?(\d+) (created|updated|deleted|replaced|unchanged|to create|to update|to delete|to replace)$/gm)) {
    counts[words[word]] = Number(count);
  }
  return counts;
}

function readProc(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

const DYNAMIC_PROVIDER_PLUGIN = "pulumi-resource-pulumi-nodejs";

/** Where `pulumi-resource-pulumi-nodejs` is: the package root of the program's @pulumi/pulumi. */
function dynamicProviderPluginDir(projectDir: string): string | undefined {
  try {
    return path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [projectDir] }));
  } catch {
    return undefined;
  }
}
