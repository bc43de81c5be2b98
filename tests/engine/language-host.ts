/**
 * What the CLI's Node.js language host does: run the program with the SDK's own entry point,
 * `@pulumi/pulumi/cmd/run`, in a child process, with the stack config in PULUMI_CONFIG and the
 * secure keys in PULUMI_CONFIG_SECRET_KEYS.
 */
import { spawn } from "child_process";
import * as path from "path";
import * as readline from "readline";

export interface ProgramOptions {
  sdkDir: string;
  /** The program file, or "." for the package in `cwd` (package.json main / index.js). */
  entry: string;
  /** The project directory: working directory and --pwd, as for the CLI. */
  cwd: string;
  organization: string;
  project: string;
  stack: string;
  monitorAddress: string;
  dryRun: boolean;
  parallel: number;
  /** Plain-text values (secure ones decrypted), keys namespaced `project:key`. */
  config: Record<string, string>;
  secretKeys: string[];
  typescript: boolean;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  onOutput: (line: string, stream: "stdout" | "stderr") => void;
}

export interface ProgramExit {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunningProgram {
  exit: Promise<ProgramExit>;
  /** Stops the program, as the CLI stops the language host when a deployment fails. */
  kill(): void;
}

export function runProgram(options: ProgramOptions): RunningProgram {
  const args = [
    path.join(options.sdkDir, "cmd", "run"),
    `--monitor=${options.monitorAddress}`,
    `--engine=${options.monitorAddress}`,
    `--organization=${options.organization}`,
    `--project=${options.project}`,
    `--stack=${options.stack}`,
    `--pwd=${options.cwd}`,
    `--root-directory=${options.cwd}`,
    `--parallel=${options.parallel}`,
    ...(options.dryRun ? ["--dry-run"] : []),
    options.entry,
  ];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: {
      ...options.env,
      PULUMI_CONFIG: JSON.stringify(options.config),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(options.secretKeys),
      ...(options.typescript ? { PULUMI_NODEJS_TYPESCRIPT: "true" } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = { stdout: "", stderr: "" };
  for (const stream of ["stdout", "stderr"] as const) {
    readline.createInterface({ input: child[stream]! }).on("line", (line) => {
      out[stream] += `${line}\n`;
      options.onOutput(line, stream);
    });
  }
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, options.timeoutMs);
  const exit = new Promise<ProgramExit>((resolve, reject) => {
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, ...out, timedOut });
    });
  });
  return { exit, kill: () => child.kill() };
}
