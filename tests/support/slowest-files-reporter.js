/**
 * A jest reporter printing, at the end of the run, the test files that took longest (wall time
 * from the file's start to its end in its worker, and the CPU it cost with the processes it ran,
 * cpu-measured-environment.js) and the run's own wall time, so a slow file is seen in every CI
 * log. `JEST_SLOWEST_FILES` sets how many (default 15); `JEST_DURATIONS_FILE` also writes every
 * file's times there as JSON, to compare two runs; `JEST_RECORD_DURATIONS=true` refreshes the
 * committed record the sequencer orders a fresh clone's run by (file-durations.js).
 */
const fs = require("fs");
const path = require("path");
const { updateRecord } = require("./file-durations");
const { recordedCpuSeconds } = require("./cpu-measured-environment");

class SlowestFilesReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.count = Number(process.env.JEST_SLOWEST_FILES ?? 15);
  }

  onRunStart() {
    this.started = Date.now();
  }

  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((file) => ({
        file: path.relative(this.rootDir, file.testFilePath),
        seconds: (file.perfStats.end - file.perfStats.start) / 1000,
        cpuSeconds: recordedCpuSeconds(file.testFilePath),
        tests: file.numPassingTests + file.numFailingTests + file.numPendingTests + file.numTodoTests,
      }))
      .sort((a, b) => b.seconds - a.seconds);
    const wall = (Date.now() - this.started) / 1000;
    const cpu = (f) => (f.cpuSeconds === undefined ? "" : `, ${f.cpuSeconds.toFixed(0)} s CPU`);
    const lines = files.slice(0, this.count).map((f) => `  ${f.seconds.toFixed(1).padStart(7)} s  ${f.file} (${f.tests} tests${cpu(f)})`);
    const total = files.reduce((sum, f) => sum + f.seconds, 0);
    const measured = files.filter((f) => f.cpuSeconds !== undefined);
    const totalCpu = measured.length ? `, ${measured.reduce((sum, f) => sum + f.cpuSeconds, 0).toFixed(0)} s of CPU` : "";
    process.stderr.write(
      [
        "",
        `Slowest ${Math.min(this.count, files.length)} of ${files.length} test files (${results.numTotalTests} tests; ${wall.toFixed(0)} s wall, ${total.toFixed(0)} s in files${totalCpu}):`,
        ...lines,
        "",
      ].join("\n"),
    );
    if (process.env.JEST_DURATIONS_FILE) {
      fs.writeFileSync(process.env.JEST_DURATIONS_FILE, JSON.stringify({ wallSeconds: wall, tests: results.numTotalTests, files }, null, 2));
    }
    if (process.env.JEST_RECORD_DURATIONS === "true") updateRecord(this.rootDir, files);
  }
}

module.exports = SlowestFilesReporter;
