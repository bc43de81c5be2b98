import * as fs from "fs";
import * as os from "os";
import * as path from "path";
// The run's own order and record (plain JS: jest loads them before any transform).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SlowFirstSequencer = require("../support/slow-first-sequencer");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RECORD_FILE, updateRecord } = require("../support/file-durations");

/** A checkout with test files of the given contents, and jest's view of each file (no cache of earlier runs). */
function checkout(files: Record<string, string>, record?: Record<string, number>) {
  const rootDir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-order-"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(rootDir, file)), { recursive: true });
    fs.writeFileSync(path.join(rootDir, file), text);
  }
  if (record) {
    fs.mkdirSync(path.dirname(path.join(rootDir, RECORD_FILE)), { recursive: true });
    fs.writeFileSync(path.join(rootDir, RECORD_FILE), JSON.stringify(record));
  }
  const context = { config: { rootDir, cache: false, cacheDirectory: rootDir }, hasteFS: { getSize: () => 0 } };
  const tests = Object.keys(files).map((file) => ({ path: path.join(rootDir, file), context }));
  return { rootDir, tests, cleanup: () => fs.rmSync(rootDir, { recursive: true, force: true }) };
}

const order = (rootDir: string, sorted: Array<{ path: string }>) => sorted.map((test) => path.relative(rootDir, test.path));

describe("the order of a run without jest's times (a fresh clone)", () => {
  test("longest first by the committed record; files it does not know are guessed by kind", () => {
    const { rootDir, tests, cleanup } = checkout(
      {
        "tests/a.test.ts": "test('x', () => {});",
        "tests/b.test.ts": "test('x', () => {});",
        "tests/c.test.ts": "test('x', () => {});",
        "tests/new-cli.test.ts": "describeWithCli('x', () => {});",
        "tests/new-engine.test.ts": "new TestStack({});",
      },
      { "tests/a.test.ts": 5, "tests/b.test.ts": 300, "tests/c.test.ts": 90 },
    );
    try {
      const sorted = new SlowFirstSequencer({}).sort(tests);
      expect(order(rootDir, sorted)).toEqual(["tests/b.test.ts", "tests/new-cli.test.ts", "tests/c.test.ts", "tests/new-engine.test.ts", "tests/a.test.ts"]);
    } finally {
      cleanup();
    }
  });

  test("without a record, the kinds alone: CLI files, then engine files, then the rest", () => {
    const { rootDir, tests, cleanup } = checkout({
      "tests/unit.test.ts": "test('x', () => {});",
      "tests/engine.test.ts": "productionStack(sim);",
      "tests/cli.test.ts": "cliScenarios('x');",
    });
    try {
      expect(order(rootDir, new SlowFirstSequencer({}).sort(tests))).toEqual(["tests/cli.test.ts", "tests/engine.test.ts", "tests/unit.test.ts"]);
    } finally {
      cleanup();
    }
  });
});

describe("refreshing the record", () => {
  test("the files that ran get their new times, the others keep theirs, files gone are dropped", () => {
    const { rootDir, cleanup } = checkout(
      { "tests/a.test.ts": "", "tests/b.test.ts": "", "tests/c.test.ts": "" },
      { "tests/a.test.ts": 5, "tests/b.test.ts": 300, "tests/gone.test.ts": 40 },
    );
    try {
      updateRecord(rootDir, [
        { file: "tests/b.test.ts", seconds: 120.04 },
        { file: "tests/c.test.ts", seconds: 7.26 },
      ]);
      expect(JSON.parse(fs.readFileSync(path.join(rootDir, RECORD_FILE), "utf8"))).toEqual({ "tests/a.test.ts": 5, "tests/b.test.ts": 120, "tests/c.test.ts": 7.3 });
    } finally {
      cleanup();
    }
  });

  test("a first run starts the record", () => {
    const { rootDir, cleanup } = checkout({ "tests/a.test.ts": "", "tests/support/slowest-files-reporter.js": "" });
    try {
      updateRecord(rootDir, [{ file: "tests/a.test.ts", seconds: 2 }]);
      expect(JSON.parse(fs.readFileSync(path.join(rootDir, RECORD_FILE), "utf8"))).toEqual({ "tests/a.test.ts": 2 });
    } finally {
      cleanup();
    }
  });
});
