import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Each test file's provider processes share credentials' recent calls in a directory of their own,
 * not the user's cache: test files run side by side with the same simulator credentials, and one's
 * calls are nothing to another's simulator.
 */
if (!process.env.DDM_SHARED_LIMIT_DIR) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-limits-"));
  process.env.DDM_SHARED_LIMIT_DIR = dir;
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
}
