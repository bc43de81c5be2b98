/**
 * jest's node environment, which also measures the CPU a test file costs: its worker's own and
 * that of every process the file started and waited for (the CLI, language hosts, programs,
 * providers), from /proc (Linux). Set up before the file's first hook and torn down after its
 * last, so nothing the file does escapes it. The slowest-files reporter prints it beside the wall
 * time: on a machine of few cores, CPU, not waiting, is what a run's length is made of.
 */
const fs = require("fs");
const path = require("path");
const { TestEnvironment } = require("jest-environment-node");

const TICKS_PER_SECOND = 100;

/** utime + stime + cutime + cstime of this process, in seconds; undefined off Linux. */
function cpuSeconds() {
  let stat;
  try {
    stat = fs.readFileSync("/proc/self/stat", "utf8");
  } catch {
    return undefined;
  }
  // Fields after the command name, which may itself hold spaces: utime is the 12th of them.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / TICKS_PER_SECOND;
}

/** Where a worker leaves each file's CPU for the reporter: a directory of the run's shared one. */
function cpuRecordDir() {
  // shared-run.ts's RUN_DIR_VARIABLE, set by the run's globalSetup (this file is plain JS, loaded untransformed).
  const run = process.env.DDM_TEST_RUN_DIR;
  return run && path.join(run, "file-cpu");
}

function cpuRecordPath(dir, testPath) {
  return path.join(dir, Buffer.from(testPath).toString("base64url"));
}

class CpuMeasuredEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
  }

  async setup() {
    this.cpuAtStart = cpuSeconds();
    await super.setup();
  }

  async teardown() {
    await super.teardown();
    const dir = cpuRecordDir();
    const end = cpuSeconds();
    if (!dir || end === undefined || this.cpuAtStart === undefined) return;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(cpuRecordPath(dir, this.testPath), String(end - this.cpuAtStart));
  }
}

/** The CPU seconds the file at `testPath` cost, as its environment recorded; undefined if none did. */
function recordedCpuSeconds(testPath) {
  const dir = cpuRecordDir();
  if (!dir) return undefined;
  try {
    return Number(fs.readFileSync(cpuRecordPath(dir, testPath), "utf8"));
  } catch {
    return undefined;
  }
}

module.exports = CpuMeasuredEnvironment;
module.exports.cpuSeconds = cpuSeconds;
module.exports.recordedCpuSeconds = recordedCpuSeconds;
