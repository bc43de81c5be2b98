import * as path from "path";

/** The repository root, whether this file runs compiled (dist/bench) or from source (bench). */
const ROOT = path.basename(path.dirname(__dirname)) === "dist" ? path.resolve(__dirname, "..", "..") : path.resolve(__dirname, "..");

/** Pulumi programs run compiled, as `npm install` builds them. */
export function compiledProgram(...parts: string[]): string {
  return path.join(ROOT, "dist", ...parts, "index.js");
}
