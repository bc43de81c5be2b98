import * as fs from "fs";
import { RUN_DIR_VARIABLE } from "./shared-run";

/** jest's globalTeardown: removes what the run's test files shared (shared-run.ts). */
export default function teardown(): void {
  const dir = process.env[RUN_DIR_VARIABLE];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
