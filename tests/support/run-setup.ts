import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RUN_DIR_VARIABLE } from "./shared-run";

/** jest's globalSetup: the directory the run's test files share (shared-run.ts), before any worker starts. */
export default function setup(): void {
  process.env[RUN_DIR_VARIABLE] = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-run-"));
}
