import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Where the real `pulumi` CLI is: the one tools/pulumi-cli/build.sh built from Go modules into
 * its cache, else one on PATH. Tests that need it skip when there is none, except in CI, where a
 * missing CLI is a failure.
 */
export interface PulumiCli {
  /** The directory holding `pulumi` (and, when built here, `pulumi-language-nodejs`). */
  binDir: string;
  source: "built" | "PATH";
}

/** tools/pulumi-cli of the repository, from the sources (tests/engine) or compiled (dist/tests/engine). */
const TOOLS = [path.resolve(__dirname, "..", ".."), path.resolve(__dirname, "..", "..", "..")]
  .map((root) => path.join(root, "tools", "pulumi-cli"))
  .find((dir) => fs.existsSync(dir));

function requiredVersion(module: "cli" | "language-nodejs", modulePath: string): string | undefined {
  if (!TOOLS) return undefined;
  try {
    const goMod = fs.readFileSync(path.join(TOOLS, module, "go.mod"), "utf8");
    const escaped = modulePath.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    return new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, "m").exec(goMod)?.[1];
  } catch {
    return undefined;
  }
}

/** Where the build scripts of tools/ cache what they build; keep in step with them. */
function cacheRoot(env: NodeJS.ProcessEnv): string {
  return env.PULUMI_DDM_CACHE ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-ddm");
}

/** The directory build.sh builds into; keep in step with it. */
export function builtCliDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const cli = requiredVersion("cli", "github.com/pulumi/pulumi/pkg/v3");
  const host = requiredVersion("language-nodejs", "github.com/pulumi/pulumi/sdk/v3");
  if (!cli || !host) return undefined;
  const cache = cacheRoot(env);
  return path.join(cache, `pulumi-${cli}-nodejs-${host}`, "bin");
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findPulumiCli(env: NodeJS.ProcessEnv = process.env): PulumiCli | undefined {
  const built = builtCliDir(env);
  if (built && executable(path.join(built, "pulumi")) && executable(path.join(built, "pulumi-language-nodejs"))) {
    return { binDir: built, source: "built" };
  }
  const onPath = (env.PATH ?? "").split(path.delimiter).find((dir) => dir && executable(path.join(dir, "pulumi")));
  return onPath ? { binDir: onPath, source: "PATH" } : undefined;
}

export const NO_CLI_REASON =
  "no Pulumi CLI: run `npm run build:cli` (builds it from Go modules; needs Go) or put `pulumi` on PATH";

/**
 * `describe` for tests of the real CLI. Without one they are skipped, saying why; with CI=true
 * the missing CLI fails the run instead.
 */
export function describeWithCli(name: string, body: (cli: PulumiCli) => void): void {
  const cli = findPulumiCli();
  if (cli) {
    describe(name, () => body(cli));
  } else if (process.env.CI === "true") {
    test(name, () => {
      throw new Error(`${NO_CLI_REASON}; CI must build it (tools/pulumi-cli/build.sh) before npm test`);
    });
  } else {
    test.skip(`${name}: skipped, ${NO_CLI_REASON}`, () => undefined);
  }
}

/** The directory tools/pulumi-yaml/build.sh builds the YAML language host into, at the version it pins. */
export function builtYamlHostDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!TOOLS) return undefined;
  const script = path.join(path.dirname(TOOLS), "pulumi-yaml", "build.sh");
  const version = fs.existsSync(script) ? /^version=(v\S+)/m.exec(fs.readFileSync(script, "utf8"))?.[1] : undefined;
  if (!version) return undefined;
  const cache = cacheRoot(env);
  const dir = path.join(cache, `pulumi-language-yaml-${version}`, "bin");
  return executable(path.join(dir, "pulumi-language-yaml")) ? dir : undefined;
}
