/**
 * jest's order, longest files first, so that no long file starts last and leaves the other
 * workers idle, from a fresh clone too. A file's expected length is, first, jest's own time for
 * it (from its cache of earlier runs on this machine), else its time in the committed record of a
 * whole run (tests/support/file-durations.json, which `JEST_RECORD_DURATIONS=true` refreshes),
 * else a guess from the kind of file: those that drive the real `pulumi` CLI, then those that run
 * programs through the test engine or a benchmark.
 */
const fs = require("fs");
const path = require("path");
const Sequencer = require("@jest/test-sequencer").default;
const { RECORD_FILE } = require("./file-durations");

/** What makes a file slow, by what it calls, heaviest first, with a guess of its length in seconds. */
const SLOW_KINDS = [
  { pattern: /\b(describeWithCli|cliScenarios)\(/, seconds: 120 },
  { pattern: /\b(TestStack|topologyStack|productionStack|obClusterStack|runSoak|measure[A-Z]\w*)\b/, seconds: 60 },
];

function guessSeconds(file) {
  const text = fs.readFileSync(file, "utf8");
  return SLOW_KINDS.find((kind) => kind.pattern.test(text))?.seconds ?? 0;
}

function recordedSeconds(rootDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(rootDir, RECORD_FILE), "utf8"));
  } catch {
    return {};
  }
}

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const byJest = super.sort(tests);
    if (byJest.every((test) => test.duration != null)) return byJest;
    const recorded = byJest.length > 0 ? recordedSeconds(byJest[0].context.config.rootDir) : {};
    const expected = new Map(
      byJest.map((test) => {
        const file = path.relative(test.context.config.rootDir, test.path).split(path.sep).join("/");
        const seconds = test.duration != null ? test.duration / 1000 : (recorded[file] ?? guessSeconds(test.path));
        return [test.path, seconds];
      }),
    );
    // A stable sort: files of equal length keep jest's order.
    return [...byJest].sort((a, b) => expected.get(b.path) - expected.get(a.path));
  }
}

module.exports = SlowFirstSequencer;
