/**
 * jest's order, slowest files first, so that no long file starts last and leaves the other
 * workers idle, from a fresh clone too. jest's own sequencer knows how long each file took from
 * its cache of earlier runs, and runs files it has no time for first, largest first. Without that
 * cache (a fresh clone, CI), this puts the kinds of files known to be slow first: those that drive
 * the real `pulumi` CLI, then those that run programs through the test engine or a benchmark.
 */
const fs = require("fs");
const Sequencer = require("@jest/test-sequencer").default;

/** What makes a file slow, by what it calls, heaviest first. */
const SLOW_KINDS = [/\b(describeWithCli|cliScenarios)\(/, /\b(TestStack|topologyStack|productionStack|obClusterStack|runSoak|measure[A-Z]\w*)\b/];

function kindWeight(file) {
  const text = fs.readFileSync(file, "utf8");
  const kind = SLOW_KINDS.findIndex((pattern) => pattern.test(text));
  return kind < 0 ? 0 : SLOW_KINDS.length - kind;
}

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const byJest = super.sort(tests);
    if (byJest.every((test) => test.duration != null)) return byJest;
    const weights = new Map(byJest.map((test) => [test.path, kindWeight(test.path)]));
    // A stable sort: within a kind, jest's order (its times where it has them, else size).
    return [...byJest].sort((a, b) => weights.get(b.path) - weights.get(a.path));
  }
}

module.exports = SlowFirstSequencer;
