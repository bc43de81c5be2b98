/**
 * The committed record of how long each test file took in a whole run, in seconds, which the
 * sequencer orders a fresh clone's run by. The slowest-files reporter refreshes it when
 * `JEST_RECORD_DURATIONS=true`: the files that ran get their new times, the others keep theirs,
 * and files that no longer exist are dropped.
 */
const fs = require("fs");
const path = require("path");

const RECORD_FILE = "tests/support/file-durations.json";

function updateRecord(rootDir, files) {
  const recordPath = path.join(rootDir, RECORD_FILE);
  let record = {};
  try {
    record = JSON.parse(fs.readFileSync(recordPath, "utf8"));
  } catch {
    // No record yet: this run starts it.
  }
  for (const { file, seconds } of files) record[file] = Math.round(seconds * 10) / 10;
  const kept = Object.entries(record)
    .filter(([file]) => fs.existsSync(path.join(rootDir, file)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  fs.writeFileSync(recordPath, JSON.stringify(Object.fromEntries(kept), null, 2) + "\n");
}

module.exports = { RECORD_FILE, updateRecord };
