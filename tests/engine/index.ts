/**
 * A small Pulumi engine for tests, speaking Pulumi's real protocol.
 *
 * It runs an unmodified Pulumi JavaScript/TypeScript program with the SDK's own language runtime
 * (`@pulumi/pulumi/cmd/run`), serves the ResourceMonitor and Engine the program talks to, and
 * drives each dynamic resource through the SDK's real dynamic-provider server
 * (`@pulumi/pulumi/cmd/dynamic-provider`), as `pulumi up`, `preview`, `refresh`, `destroy` and
 * `--refresh` would. State is kept in a checkpoint file with secrets encrypted.
 *
 *     const stack = new TestStack({ program, project: "demo", stack: "dev", stateFile, config: {...} });
 *     const r = await stack.up();      // rejects with DeploymentError (carrying .result) on failure
 *     r.summary; r.steps; r.outputs; r.text; stack.state(); stack.resources();
 *
 * Only dynamic resources (`pulumi.dynamic.Resource`, package `pulumi-nodejs`) and component
 * resources are supported; other packages' resources, invokes, transforms, hooks, imports,
 * deletedWith and resource references are refused with a clear error.
 */
import * as fs from "fs";
import * as path from "path";
import { Deployment, refreshResources, STACK_TYPE } from "./deployment";
import { runProgram, type ProgramExit } from "./language-host";
import { MonitorServer } from "./monitor";
import { Reporter, type EngineEvent, type LogEntry, type OperationKind, type Step, type Summary } from "./plan-summary";
import { ProviderRegistry } from "./provider-registry";
import { containsSecrets, makeSecret, removeSecrets, type PropertyMap } from "./secrets";
import { loadState, readStateFile, saveState, type ResourceState, type StateFile } from "./state";

export { CliError, CliStack, planSummary, type CliStackOptions, type ExportedResource } from "./cli-stack";
export { builtCliDir, builtYamlHostDir, describeWithCli, findPulumiCli, NO_CLI_REASON, type PulumiCli } from "./pulumi-cli";
export { isSecret, UNKNOWN } from "./secrets";
export type { EngineEvent, LogEntry, OperationKind, Step, StepOp, Summary } from "./plan-summary";
export type { StateFile } from "./state";

export interface TestStackOptions {
  /** A program file (.js or .ts), or a project directory (package.json `main`, else index.js / index.ts). */
  program: string;
  project: string;
  stack: string;
  /** Where the stack's state (checkpoint) lives between operations. */
  stateFile: string;
  /** Stack config; keys without a namespace get the project's (`pulumi config set` does the same). */
  config?: Record<string, string>;
  /** Secure stack config (`pulumi config set --secret`). */
  secretConfig?: Record<string, string>;
  /** Extra environment for the program and the provider processes. */
  env?: Record<string, string>;
  /** Passphrase of the stack's secrets; default PULUMI_CONFIG_PASSPHRASE or "test-engine". */
  passphrase?: string;
  organization?: string;
  /** Passed to the program as --parallel (the CLI's -p). Default 16. */
  parallel?: number;
  /** The CLI's `typescript` runtime option (PULUMI_NODEJS_TYPESCRIPT: .ts programs run through ts-node). Default true, as in the CLI. */
  typescript?: boolean;
  /** Kill the program and fail when it runs longer than this. Default 10 minutes. */
  timeoutMs?: number;
  /** Every step, log line and the final plan text, as they happen. */
  onEvent?: (event: EngineEvent) => void;
  /** Keep the program's debug-level log messages too. */
  debug?: boolean;
}

export interface OperationResult {
  kind: OperationKind;
  ok: boolean;
  /** The failure, with the provider's (or program's) message. */
  error?: string;
  summary: Summary;
  steps: Step[];
  /** Stack outputs, secrets unwrapped (preview: unknown values are the string UNKNOWN). */
  outputs: Record<string, unknown>;
  /** Which stack outputs are secret. */
  secretOutputs: string[];
  /** Program log messages (Engine.Log) and provider plugin output, in order. */
  log: LogEntry[];
  stdout: string;
  stderr: string;
  /** The plan/summary text, as the CLI prints it. */
  text: string;
}

/** How every operation fails: the message is the provider's (or program's); `result` has the rest. */
export class DeploymentError extends Error {
  constructor(readonly result: OperationResult) {
    super(result.error);
    this.name = "DeploymentError";
  }
}

/** A resource from the state file, secrets decrypted and unwrapped. */
export interface StackResource {
  urn: string;
  type: string;
  name: string;
  id?: string;
  custom: boolean;
  parent?: string;
  dependencies: string[];
  provider?: string;
  protect?: boolean;
  /** Replaced, waiting to be deleted by the next update. */
  pendingDelete: boolean;
  initErrors?: string[];
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /** Top-level input/output keys whose values are (or contain) secrets. */
  secretInputs: string[];
  secretOutputs: string[];
}

export class TestStack {
  private readonly config: Record<string, { value: string; secret: boolean }> = {};
  private running = false;

  constructor(private readonly options: TestStackOptions) {
    for (const [key, value] of Object.entries(options.config ?? {})) this.setConfig(key, value);
    for (const [key, value] of Object.entries(options.secretConfig ?? {})) this.setConfig(key, value, { secret: true });
  }

  up(options: { refresh?: boolean } = {}): Promise<OperationResult> {
    return this.run("update", options.refresh ?? false);
  }

  preview(options: { refresh?: boolean } = {}): Promise<OperationResult> {
    return this.run("preview", options.refresh ?? false);
  }

  refresh(): Promise<OperationResult> {
    return this.run("refresh", true);
  }

  destroy(): Promise<OperationResult> {
    return this.run("destroy", false);
  }

  setConfig(key: string, value: string, options: { secret?: boolean } = {}): void {
    this.config[this.qualify(key)] = { value, secret: options.secret ?? false };
  }

  removeConfig(key: string): void {
    delete this.config[this.qualify(key)];
  }

  /** The state file as written (secrets sealed), or undefined before the first update. */
  state(): StateFile | undefined {
    return readStateFile(this.options.stateFile);
  }

  /** The resources in the state file, secrets decrypted. */
  resources(): StackResource[] {
    return loadState(this.options.stateFile, this.passphrase()).resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.urn.split("::").slice(3).join("::"),
      id: r.id,
      custom: r.custom,
      parent: r.parent,
      dependencies: r.dependencies,
      provider: r.provider,
      protect: r.protect,
      pendingDelete: r.delete ?? false,
      initErrors: r.initErrors,
      inputs: removeSecrets(r.inputs),
      outputs: removeSecrets(r.outputs),
      secretInputs: Object.keys(r.inputs).filter((k) => containsSecrets(r.inputs[k])),
      secretOutputs: Object.keys(r.outputs).filter((k) => containsSecrets(r.outputs[k])),
    }));
  }

  private async run(kind: OperationKind, refresh: boolean): Promise<OperationResult> {
    if (this.running) throw new Error("another operation is running on this stack");
    this.running = true;
    try {
      return await this.operate(kind, refresh);
    } finally {
      this.running = false;
    }
  }

  private async operate(kind: OperationKind, refresh: boolean): Promise<OperationResult> {
    const { project, stack, stateFile } = this.options;
    const reporter = new Reporter(kind, stack, this.options.onEvent);
    const loaded = loadState(stateFile, this.passphrase());
    const program = this.locateProgram();
    const env = childEnv(this.options.env);
    // The monitor must be listening before any plugin starts (its address is the plugins'
    // argument); the deployment it serves exists once the state is refreshed.
    let deployment: Deployment | undefined;
    const monitor = await MonitorServer.start({
      registerResource: (goal) => deployment!.registerResource(goal),
      registerResourceOutputs: (urn, outputs) => deployment!.registerResourceOutputs(urn, outputs),
      readResource: (goal) => deployment!.readResource(goal),
      // Like the CLI without -v, debug messages are dropped unless asked for.
      log: (entry) => (entry.severity !== "debug" || this.options.debug ? reporter.message(entry) : undefined),
    });
    const providers = new ProviderRegistry({
      sdkDir: program.sdkDir,
      cwd: program.cwd,
      // The CLI hands a plugin only its own namespace's config in PULUMI_CONFIG ("pulumi-nodejs:*",
      // usually none): a dynamic provider gets the stack config through configure() alone.
      env: { ...env, PULUMI_CONFIG: JSON.stringify(this.namespaceConfig("pulumi-nodejs")) },
      project,
      engineAddress: monitor.address,
      onOutput: (line) => reporter.message({ severity: "info", message: line, source: "provider" }),
    });
    providers.prewarm();
    let resources = loaded.resources;
    const previousOutputs = stackOutputsOf(resources);
    let outputs = previousOutputs ?? {};
    let exit: ProgramExit | undefined;
    let error: string | undefined;
    try {
      if (refresh) {
        const refreshed = await refreshResources(resources, providers, reporter);
        resources = refreshed.resources;
        error = refreshed.error?.message;
      }
      if (!error && kind !== "refresh") {
        deployment = new Deployment({
          project,
          stack,
          preview: kind === "preview",
          olds: resources,
          providerConfig: this.providerConfig(),
          providers,
          reporter,
        });
        if (kind !== "destroy") {
          exit = await this.execute(deployment, program, monitor.address, env, reporter, kind === "preview");
          error = deployment.error?.message ?? programError(exit, reporter.log, this.timeoutMs());
        }
        // Deletes only follow a program that ran to the end, as in the CLI.
        if (!error) {
          await deployment.finish();
          error = deployment.error?.message;
        }
        resources = deployment.snapshot();
        outputs = kind === "destroy" ? {} : deployment.stackOutputs();
      }
      // Written even after a failure: what succeeded (or partly succeeded) must not be forgotten.
      if (kind !== "preview") {
        const name = `${this.options.organization ?? "organization"}/${project}/${stack}`;
        saveState(stateFile, name, { ...loaded, resources }, engineVersion(program.sdkDir));
      }
    } finally {
      await providers.close();
      monitor.close();
    }
    const result: OperationResult = {
      kind,
      ok: !error,
      error,
      summary: reporter.summary(),
      steps: reporter.steps,
      outputs: removeSecrets(outputs),
      secretOutputs: Object.keys(outputs).filter((k) => containsSecrets(outputs[k])),
      log: reporter.log,
      stdout: exit?.stdout ?? "",
      stderr: exit?.stderr ?? "",
      text: reporter.finish(outputs, previousOutputs, error),
    };
    if (error) throw new DeploymentError(result);
    return result;
  }

  /** Runs the program against the deployment; returns once it has exited and its registrations are done. */
  private async execute(
    deployment: Deployment,
    program: ReturnType<TestStack["locateProgram"]>,
    monitorAddress: string,
    env: NodeJS.ProcessEnv,
    reporter: Reporter,
    dryRun: boolean,
  ): Promise<ProgramExit> {
    const child = runProgram({
      sdkDir: program.sdkDir,
      entry: program.entry,
      cwd: program.cwd,
      organization: this.options.organization ?? "organization",
      project: this.options.project,
      stack: this.options.stack,
      monitorAddress,
      dryRun,
      parallel: this.options.parallel ?? 16,
      config: Object.fromEntries(Object.entries(this.config).map(([k, v]) => [k, v.value])),
      secretKeys: Object.keys(this.config).filter((k) => this.config[k].secret),
      typescript: program.typescript,
      env,
      timeoutMs: this.timeoutMs(),
      // The CLI shows what the program prints as diagnostics.
      onOutput: (line) => reporter.message({ severity: "info", message: line, source: "program" }),
    });
    // After a failed step the CLI lets the steps in flight finish, then stops the program (which
    // would otherwise wait forever for the failed resource's outputs).
    void deployment.failed.then(() => deployment.settle()).then(() => child.kill());
    const exit = await child.exit;
    await deployment.settle();
    return exit;
  }

  /** Where and how to run the program, as the CLI does from a project directory. */
  private locateProgram() {
    const program = path.resolve(this.options.program);
    const isDirectory = fs.statSync(program).isDirectory();
    const cwd = isDirectory ? program : path.dirname(program);
    const entry = isDirectory ? "." : program;
    // The program loads @pulumi/pulumi from its own node_modules; the runtime and plugin must be that copy.
    const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [cwd] }));
    return { cwd, entry, sdkDir, typescript: this.options.typescript ?? true };
  }

  /** The default provider's inputs: all config, namespaced keys, secure values as secrets. */
  private providerConfig(): PropertyMap {
    return Object.fromEntries(
      Object.entries(this.config).map(([k, v]) => [k, v.secret ? makeSecret(v.value) : v.value]),
    );
  }

  private namespaceConfig(namespace: string): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.config)
        .filter(([k]) => k.startsWith(`${namespace}:`))
        .map(([k, v]) => [k.slice(namespace.length + 1), v.value]),
    );
  }

  private qualify(key: string): string {
    return key.includes(":") ? key : `${this.options.project}:${key}`;
  }

  private timeoutMs(): number {
    return this.options.timeoutMs ?? 600_000;
  }

  private passphrase(): string {
    return this.options.passphrase ?? process.env.PULUMI_CONFIG_PASSPHRASE ?? "test-engine";
  }
}

/** The caller's environment minus anything that would make a child think it is in another deployment. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^PULUMI_(NODEJS_|CONFIG|TEST_MODE|PROJECT|STACK)/.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

/** The stack's recorded outputs; undefined for a stack that has none yet. */
function stackOutputsOf(resources: ResourceState[]): PropertyMap | undefined {
  return resources.find((r) => r.type === STACK_TYPE && !r.delete)?.outputs;
}

/** Why the program failed: what it logged as errors, else its stderr, else its exit code. */
function programError(program: ProgramExit, log: LogEntry[], timeoutMs: number): string | undefined {
  if (program.timedOut) return `the program did not finish within ${timeoutMs} ms`;
  if (program.code === 0) return undefined;
  const logged = log.filter((e) => e.source === "program" && e.severity === "error").map((e) => e.message);
  if (logged.length > 0) return logged.join("\n");
  return program.stderr.trim() || `the program exited with code ${program.code}`;
}

function engineVersion(sdkDir: string): string {
  const { version } = JSON.parse(fs.readFileSync(path.join(sdkDir, "package.json"), "utf8")) as { version: string };
  return `pulumi-ddm test engine (@pulumi/pulumi ${version})`;
}
