import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packageRoot, packageVersion } from "../provider/native/version";

/**
 * Packs the `ddm` resource provider plugin as a tarball that installs offline:
 *
 *   pulumi plugin install resource ddm <version> -f pulumi-resource-ddm-v<version>.tar.gz
 *
 * It holds the launcher, the compiled provider and plugin (from dist/, so build first), a
 * package.json naming the version, and the runtime dependencies the provider loads, copied from
 * node_modules: axios, p-retry, gRPC and protobuf, and only the protocol stubs of @pulumi/pulumi.
 */
const ROOT = packageRoot(__dirname);
const RUNTIME = ["axios", "p-retry", "@grpc/grpc-js", "google-protobuf"];
/** Of @pulumi/pulumi the plugin needs the generated stubs alone, not the SDK and its dependencies. */
const STUBS = { name: "@pulumi/pulumi", keep: ["package.json", "proto"] };
const BUILT = ["dist/provider", "dist/plugin"];
const TOOLS = new Set(["pack.js", "gen-schema.js"]);

function packageDir(name: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed (needed from ${from}): run npm ci`);
  }
}

/** The package folders `names` need at run time, dependencies of dependencies included. */
export function runtimeClosure(names: readonly string[], from: string = ROOT): string[] {
  const found = new Set<string>();
  const visit = (name: string, requiredFrom: string) => {
    const dir = packageDir(name, requiredFrom);
    if (found.has(dir)) return;
    found.add(dir);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, dir);
  };
  for (const name of names) visit(name, from);
  return [...found].sort();
}

/** Source maps, type declarations and TypeScript sources are not needed to run. */
const runs = (file: string) => !/\.([cm]?ts|map)$/.test(file);

function copyTree(from: string, to: string, keep: (relative: string) => boolean = () => true): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      // A package's own node_modules are in the closure, each copied as its own package.
      if (entry.name === "node_modules") continue;
      copyTree(source, target, keep);
    } else if (keep(path.relative(ROOT, source)) && runs(entry.name)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(source, target);
    }
  }
}

export function packPlugin(outDir: string): string {
  const version = packageVersion(ROOT);
  for (const built of BUILT) if (!fs.existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run npm run build first`);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-plugin-"));
  try {
    fs.copyFileSync(path.join(ROOT, "plugin", "pulumi-resource-ddm"), path.join(staging, "pulumi-resource-ddm"));
    fs.chmodSync(path.join(staging, "pulumi-resource-ddm"), 0o755);
    fs.writeFileSync(path.join(staging, "package.json"), `${JSON.stringify({ name: "pulumi-ddm", version, private: true }, null, 2)}\n`);
    for (const built of BUILT) copyTree(path.join(ROOT, built), path.join(staging, built), (file) => !TOOLS.has(path.basename(file)));
    for (const dir of runtimeClosure(RUNTIME)) copyTree(dir, path.join(staging, path.relative(ROOT, dir)));
    const stubs = packageDir(STUBS.name, ROOT);
    for (const item of STUBS.keep) {
      const source = path.join(stubs, item);
      const target = path.join(staging, path.relative(ROOT, source));
      if (fs.statSync(source).isDirectory()) {
        copyTree(source, target, (file) => !file.includes(`${path.sep}codegen${path.sep}`));
      } else {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(source, target);
      }
    }
    fs.mkdirSync(outDir, { recursive: true });
    const tarball = path.join(path.resolve(outDir), `pulumi-resource-ddm-v${version}.tar.gz`);
    execFileSync("tar", ["-czf", tarball, "-C", staging, "."]);
    return tarball;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

if (require.main === module) console.log(packPlugin(process.argv[2] ?? path.join(ROOT, "dist")));
