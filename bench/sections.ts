import * as fs from "fs";
import * as path from "path";

/** bench/results.md, whatever the compiled file's depth. */
export const RESULTS_FILE = path.resolve(__dirname, "..", "..", "bench", "results.md");

/**
 * Replaces (or appends) the section that starts with `marker` in the results file, so the
 * benchmark and the soak each keep their own part of it up to date.
 */
export function writeSection(marker: string, lines: readonly string[], file = RESULTS_FILE): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
  const start = text.indexOf(marker);
  const end = start < 0 ? -1 : text.indexOf("\n<!-- end -->", start);
  const section = `${marker}\n${lines.join("\n")}\n<!-- end -->`;
  const next = start < 0 ? `${text.trimEnd()}\n\n${section}\n` : `${text.slice(0, start)}${section}${text.slice(end + "\n<!-- end -->".length)}`;
  fs.writeFileSync(file, next);
}
