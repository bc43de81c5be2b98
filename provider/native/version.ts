import * as fs from "fs";
import * as path from "path";

/**
 * The package's version, which the plugin reports and its schema carries: from pulumi-ddm's
 * package.json, found above this file in the sources, in dist/ and in the plugin's tarball alike.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (manifest.name === "pulumi-ddm" && manifest.version) return manifest.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json of pulumi-ddm above ${from}`);
  }
}
