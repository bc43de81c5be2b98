import * as fs from "fs";
import * as path from "path";

/**
 * pulumi-ddm's own folder: the nearest above `from` whose package.json is pulumi-ddm's, in the
 * sources, in dist/ and in the plugin's tarball alike.
 */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string }).name === "pulumi-ddm") return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json of pulumi-ddm above ${from}`);
  }
}

/** The package's version, which the plugin reports and its schema carries. */
export function packageVersion(from: string = __dirname): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(from), "package.json"), "utf8")) as { version: string }).version;
}
