import { spawnSync, type SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The repository, its generated SDKs (sdks/<language>) and the schema they come from. */
export const REPO = path.resolve(__dirname, "..", "..");
export const SDKS = path.join(REPO, "sdks");
export const SCHEMA = path.join(REPO, "plugin", "schema.json");

/** Runs a command to its end; a failure says what ran and everything it printed. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? REPO,
    env: options.env ?? process.env,
    input: options.input,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited with ${result.status ?? result.signal}:\n${result.stdout}${result.stderr}`);
  }
  return result;
}

export function onPath(command: string): boolean {
  return spawnSync(command, ["--version"], { stdio: "ignore" }).error === undefined;
}

/**
 * `describe` for tests that need a tool on PATH: without it they are skipped, saying why; with
 * CI=true, when `requiredInCi`, the missing tool fails the run instead.
 */
export function describeWithTool(tool: string, reason: string, name: string, body: () => void, requiredInCi = true): void {
  if (onPath(tool)) {
    describe(name, body);
  } else if (requiredInCi && process.env.CI === "true") {
    test(name, () => {
      throw new Error(`${tool} is not on PATH: ${reason}; CI must provide it`);
    });
  } else {
    test.skip(`${name}: skipped, ${tool} is not on PATH (${reason})`, () => undefined);
  }
}

/** Every file under `dir`, as sorted paths relative to it. */
export function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** tools/sdkgen/gen.sh: the three SDKs from plugin/schema.json into `outDir`. */
export function generateSdks(outDir: string): void {
  run("bash", [path.join(REPO, "tools", "sdkgen", "gen.sh"), outDir]);
}

/**
 * The README's example in `language` on the generated SDK: its first code block in that language
 * that imports the SDK (`pulumi_ddm`, `…/sdks/go/ddm`), wherever the section holding it is.
 */
export function readmeExample(language: "python" | "go"): string {
  const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
  const sdk = language === "python" ? "import pulumi_ddm" : '"github.com/pulumi-ddm/pulumi-ddm/sdks/go/ddm"';
  const blocks = [...readme.matchAll(new RegExp("^```" + language + "\\n([\\s\\S]*?)^```", "gm"))].map((match) => match[1]);
  const example = blocks.find((block) => block.includes(sdk));
  if (!example) throw new Error(`README.md has no ${language} example importing ${sdk}`);
  return example;
}
