import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * What the test files of one jest run share across jest's workers: things that are expensive to
 * make and the same for every file (the packed package, a program with it installed), made once,
 * by whichever file first asks. jest's globalSetup (run-setup.ts) makes the run's directory and
 * names it in DDM_TEST_RUN_DIR; globalTeardown (run-teardown.ts) removes it. Anything else (a
 * script, a single file run without the config) gets a directory of its own, removed at exit.
 */
export const RUN_DIR_VARIABLE = "DDM_TEST_RUN_DIR";

let ownDir: string | undefined;

function runDir(): string {
  const shared = process.env[RUN_DIR_VARIABLE];
  if (shared) return shared;
  if (!ownDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-run-"));
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    ownDir = dir;
  }
  return ownDir;
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Nobody builds for this long: a lock older than this was left by a worker that died. */
const BUILD_LIMIT_MS = 15 * 60_000;

/**
 * The directory `name` of this run: made by `build` on the first call, in whichever worker makes
 * it; a call from another worker meanwhile waits for it (a lock directory, as only one creates
 * it). A build that throws leaves nothing, and the next caller tries again.
 */
export function sharedOnce(name: string, build: (dir: string) => void): string {
  const dir = path.join(runDir(), name);
  const ready = path.join(dir, ".ready");
  const lock = `${dir}.lock`;
  for (;;) {
    if (fs.existsSync(ready)) return dir;
    try {
      fs.mkdirSync(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const since = fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > BUILD_LIMIT_MS) fs.rmSync(lock, { recursive: true, force: true });
      sleepSync(250);
      continue;
    }
    try {
      if (!fs.existsSync(ready)) {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir);
        build(dir);
        fs.writeFileSync(ready, "");
      }
      return dir;
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}
