import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliStack, describeWithCli, TestStack } from "../engine";

/**
 * The test engine prints the `Outputs:` block the real CLI prints, operation by operation, for a
 * program whose outputs are known, known only after an update, secret, added and removed.
 */
jest.setTimeout(300_000);

const PROGRAM_DIR = path.join(__dirname, "..", "engine", "fixtures", "outputs");

/** The lines of the Outputs block (empty when there is none), trailing spaces removed. */
function outputsBlock(text: string): string[] {
  const lines = text.split("\n").map((line) => line.trimEnd());
  const start = lines.indexOf("Outputs:");
  if (start < 0) return [];
  const end = lines.indexOf("", start);
  return lines.slice(start, end < 0 ? undefined : end);
}

type Step = { name: string; config?: Record<string, string>; remove?: string[]; run: (stack: CliStack | TestStack) => Promise<string> };

const text = async (result: Promise<string | { text: string }>) => {
  const value = await result;
  return typeof value === "string" ? value : value.text;
};

const STEPS: Step[] = [
  { name: "preview of a new stack", run: (s) => text(s.preview()) },
  { name: "first up", run: (s) => text(s.up()) },
  { name: "preview: an update makes w unknown", config: { v: "2" }, run: (s) => text(s.preview()) },
  { name: "up of the update", run: (s) => text(s.up()) },
  { name: "preview with nothing to change", run: (s) => text(s.preview()) },
  { name: "preview: an output added", config: { extra: "yes" }, run: (s) => text(s.preview()) },
  { name: "up adding it", run: (s) => text(s.up()) },
  { name: "preview: one removed, two changed", config: { v: "3" }, remove: ["extra"], run: (s) => text(s.preview()) },
  { name: "refresh", run: (s) => text(s.refresh()) },
  { name: "preview --refresh", run: (s) => text(s.preview({ refresh: true })) },
  { name: "destroy", run: (s) => text(s.destroy()) },
];

describeWithCli("the Outputs block, test engine against the real CLI", (cli) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "outputs-engine-"));
  const cliStack = new CliStack({ projectDir: PROGRAM_DIR, stack: `outputs-${process.pid}`, cli });
  const engineConfig: Record<string, string> = {};
  const engine = () =>
    new TestStack({ program: path.join(PROGRAM_DIR, "index.js"), project: "outputs", stack: "dev", stateFile: path.join(dir, "state.json"), config: engineConfig });
  const seen: Array<{ step: string; cli: string[]; engine: string[] }> = [];

  afterAll(async () => {
    await cliStack.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("every operation prints the same block", async () => {
    for (const step of STEPS) {
      for (const [key, value] of Object.entries(step.config ?? {})) {
        cliStack.setConfig(key, value);
        engineConfig[key] = value;
      }
      for (const key of step.remove ?? []) {
        cliStack.removeConfig(key);
        delete engineConfig[key];
      }
      // The two stacks share nothing but the config, so each step runs on both at once.
      const [cliText, engineText] = await Promise.all([step.run(cliStack), step.run(engine())]);
      seen.push({ step: step.name, cli: outputsBlock(cliText), engine: outputsBlock(engineText) });
    }
    expect(seen.map(({ step, engine }) => ({ step, block: engine }))).toEqual(seen.map(({ step, cli }) => ({ step, block: cli })));
    // The comparison means something only if the CLI showed each case.
    const cliBlock = (name: string) => seen.find((s) => s.step === name)!.cli;
    expect(cliBlock("preview of a new stack")).toContain("    w         : [unknown]");
    expect(cliBlock("preview: an update makes w unknown")).toEqual(["Outputs:", '  ~ fromConfig: "1" => "2"', '  ~ v         : "1" => "2"']);
    expect(cliBlock("preview with nothing to change")).toEqual([]);
    expect(cliBlock("first up")).toContain("    token     : [secret]");
    expect(cliBlock("preview: one removed, two changed")[1]).toBe('  - extra     : "w-2"');
    expect(cliBlock("destroy")).toEqual([]);
  });
});
