import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliError, CliStack, planSummary } from "./cli-stack";

/**
 * CliStack's side of the contract with the `pulumi` CLI, checked against a recording stand-in on
 * PATH: the commands, their order, the isolated backend, and secrets only ever on stdin. Whether
 * the real CLI then deploys is for tests/e2e/cli-scenarios.ts, which needs the real binary.
 */

let bin: string;
let log: string;
let restorePath: string | undefined;

beforeAll(() => {
  bin = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
  log = path.join(bin, "calls.log");
  fs.writeFileSync(
    path.join(bin, "pulumi"),
    `#!/bin/sh
input=$(cat)
printf 'argv: %s\\n' "$*" >> "${log}"
[ -n "$input" ] && printf 'stdin: %s\\n' "$input" >> "${log}"
printf 'env: %s %s\\n' "$PULUMI_BACKEND_URL" "$PULUMI_HOME" >> "${log}"
case "$1 $2" in
  "stack output") echo '{"nodeCount":2}' ;;
  "destroy --yes") [ -n "$FAIL_DESTROY" ] && { echo "error: resource busy" >&2; exit 255; } ;;
esac
if [ "$1" = "up" ] && [ -n "$SPAWN_PROVIDER" ]; then
  node -e "setTimeout(() => undefined, 30000)" "$SPAWN_PROVIDER/node_modules/@pulumi/pulumi/cmd/dynamic-provider" &
  wait $! || { echo "error: the provider exited" >&2; exit 255; }
fi
[ "$1" = "up" ] && printf 'Updating (demo)\\n + 6 created\\n'
exit 0
`,
    { mode: 0o755 },
  );
  restorePath = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${process.env.PATH}`;
});
afterAll(() => {
  process.env.PATH = restorePath;
  fs.rmSync(bin, { recursive: true, force: true });
});
beforeEach(() => fs.rmSync(log, { force: true }));

const calls = () => fs.readFileSync(log, "utf8").split("\n").filter(Boolean);

test("stack init, then config, then the operation; secrets only on stdin; a backend of its own", async () => {
  const lines: string[] = [];
  const stack = new CliStack({
    projectDir: "/project",
    stack: "demo",
    cli: { binDir: bin, source: "PATH" },
    config: { "ddm:region": "ap-southeast-1", "ddm:endpoint": "http://127.0.0.1:8080" },
    secretConfig: { "ddm:secretKey": "Very#Secret1" },
    onOutput: (line) => lines.push(line),
  });
  stack.setConfig("nodeNum", "4");
  await stack.up({ refresh: true });
  const argv = calls().filter((line) => line.startsWith("argv:"));
  expect(argv).toEqual([
    "argv: stack init demo --cwd /project --non-interactive",
    "argv: config set-all --plaintext ddm:region=ap-southeast-1 --plaintext ddm:endpoint=http://127.0.0.1:8080 --cwd /project --non-interactive --stack demo",
    "argv: config set --secret ddm:secretKey --cwd /project --non-interactive --stack demo",
    "argv: config set-all --plaintext nodeNum=4 --cwd /project --non-interactive --stack demo",
    "argv: up --yes --skip-preview --refresh --cwd /project --non-interactive --stack demo",
  ]);
  expect(calls()).toContain("stdin: Very#Secret1");
  expect(argv.join("\n")).not.toContain("Very#Secret1");
  const backends = new Set(calls().filter((line) => line.startsWith("env:")));
  expect(backends.size).toBe(1);
  expect([...backends][0]).toMatch(/^env: file:\/\/\S+ \S+$/);
  expect(lines).toEqual(["Updating (demo)", " + 6 created"]);

  await stack.preview({ refresh: true });
  stack.removeConfig("nodeNum");
  await expect(stack.outputs()).resolves.toEqual({ nodeCount: 2 });
  expect(calls().filter((line) => line.startsWith("argv:")).slice(-3)).toEqual([
    "argv: preview --refresh --cwd /project --non-interactive --stack demo",
    "argv: config rm nodeNum --cwd /project --non-interactive --stack demo",
    "argv: stack output --json --cwd /project --non-interactive --stack demo",
  ]);
  await stack.dispose();
  expect(calls().at(-2)).toBe("argv: stack rm --yes --force --cwd /project --non-interactive --stack demo");
});

test("a plugin installs into the stack's own PULUMI_HOME, with no stack; an import file is imported into the stack", async () => {
  const stack = new CliStack({ projectDir: "/project", stack: "demo", cli: { binDir: bin, source: "PATH" } });
  await stack.installPlugin("ddm", "0.1.0", "/tmp/ddm.tar.gz");
  await stack.importFile("/tmp/import.json");
  expect(calls().filter((line) => line.startsWith("argv:"))).toEqual([
    "argv: plugin install resource ddm 0.1.0 -f /tmp/ddm.tar.gz --cwd /project --non-interactive",
    "argv: stack init demo --cwd /project --non-interactive",
    "argv: import --file /tmp/import.json --yes --protect=false --cwd /project --non-interactive --stack demo",
  ]);
  expect(calls().filter((line) => line.startsWith("env:")).every((line) => line.endsWith(` ${stack.pulumiHome()}`))).toBe(true);
  await stack.dispose();
});

test("a failing command rejects with what the CLI printed", async () => {
  const stack = new CliStack({ projectDir: "/project", stack: "demo", cli: { binDir: bin, source: "PATH" }, env: { FAIL_DESTROY: "1" } });
  const error = await stack.destroy().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CliError);
  expect((error as CliError).message).toBe("pulumi destroy failed:\nerror: resource busy");
  await stack.dispose();
});

test("refresh can clear pending creates; the transcript holds everything printed, quiet commands too", async () => {
  const stack = new CliStack({ projectDir: "/project", stack: "demo", cli: { binDir: bin, source: "PATH" } });
  await stack.refresh({ clearPendingCreates: true });
  expect(calls().filter((line) => line.startsWith("argv:")).at(-1)).toBe(
    "argv: refresh --yes --skip-preview --clear-pending-creates --cwd /project --non-interactive --stack demo",
  );
  await stack.up();
  await stack.outputs();
  expect(stack.transcript()).toContain("+ 6 created");
  expect(stack.transcript()).toContain('{"nodeCount":2}');
  await stack.dispose();
});

const linux = process.platform === "linux" ? test : test.skip;

linux("finds the dynamic-provider process the running command started, and only while it runs", async () => {
  const stack = new CliStack({ projectDir: "/project", stack: "demo", cli: { binDir: bin, source: "PATH" }, env: { SPAWN_PROVIDER: bin } });
  expect(stack.dynamicProviderPids()).toEqual([]);
  const up = stack.up();
  let pids: number[] = [];
  for (let tries = 0; pids.length === 0 && tries < 200; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    pids = stack.dynamicProviderPids();
  }
  expect(pids).toHaveLength(1);
  process.kill(pids[0], "SIGKILL");
  await expect(up).rejects.toThrow("the provider exited");
  expect(stack.dynamicProviderPids()).toEqual([]);
  await stack.dispose();
});

test("planSummary reads the counts of the CLI's Resources block", () => {
  const update = "Updating (dev):\n...\nResources:\n    + 1 created\n    ~ 1 updated\n    +-1 replaced\n    - 2 deleted\n    4 unchanged\n\nDuration: 8s\n";
  expect(planSummary(update)).toEqual({ create: 1, update: 1, replace: 1, delete: 2, same: 4 });
  const preview = "Previewing update (dev):\nResources:\n    ~ 1 to update\n    6 unchanged\n";
  expect(planSummary(preview)).toEqual({ create: 0, update: 1, replace: 0, delete: 0, same: 6 });
  expect(planSummary("Resources:\n    7 unchanged\n")).toEqual({ create: 0, update: 0, replace: 0, delete: 0, same: 7 });
});
