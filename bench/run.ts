/**
 * `npm run bench`: every measurement against the simulator, written to bench/results.md.
 * `npm run bench -- --quick` runs a small version (seconds) for trying things out.
 * `npm run bench -- --real-limit` runs only the settling runs under the service's real limit
 * (about a minute) and rewrites only their section.
 */
import { execFile, execSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { measureFleet, type FleetResult } from "./fleet";
import { obshellSection } from "./obshell";
import { terraformCost } from "./fixed-strategy";
import { writeSection } from "./sections";
import { modelSettle, type SettleSample, type SettledOperation } from "./settle";
import { formatSpread, spread } from "./stats";
import { capturedClientBytes, serializedProviderBytes, startupToFirstCallMs } from "./weight";

const quick = process.argv.includes("--quick");
const realLimitOnly = process.argv.includes("--real-limit");
const SETTLE_RUNS: Array<[jobMs: number, reps: number]> = quick ? [[2_000, 2]] : [[2_000, 5], [20_000, 5], [120_000, 3]];
/** Job lengths a limit of 60 calls a minute makes short: a few seconds is a few calls. */
const REAL_LIMIT_RUNS: Array<[jobMs: number, reps: number]> = quick ? [[1_500, 1]] : [[1_500, 3], [6_000, 3], [20_000, 2]];
const MODELED_MS = [2_000, 20_000, 120_000, 600_000];

async function settleSamples(runs: Array<[jobMs: number, reps: number]>, realLimit = false): Promise<SettleSample[]> {
  const worker = path.join(__dirname, "settle-worker.js");
  // One process per duration: the provider's settings are process-wide, and the runs overlap in time.
  const outputs = await Promise.all(
    runs.map(([jobMs, reps]) =>
      promisify(execFile)(process.execPath, [worker, String(jobMs), String(reps), ...(realLimit ? ["real-limit"] : [])], { maxBuffer: 1 << 24 }),
    ),
  );
  return outputs.flatMap((run) => JSON.parse(run.stdout.trim().split("\n").pop()!) as SettleSample[]);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const overshootTarget = (jobMs: number) => 1_000 + 0.02 * jobMs;
const yes = (ok: boolean) => (ok ? "yes" : "**no**");

function settleTable(samples: SettleSample[], runs: Array<[jobMs: number, reps: number]>): string[] {
  const rows = ["| operation | job | overshoot, median (range) | target ≤ | calls, median (range) | target ≤ 12 | Terraform's fixed strategy: overshoot, calls |", "|---|---|---|---|---|---|---|"];
  const operations: SettledOperation[] = ["create", "enlarge", "resize"];
  for (const [jobMs] of runs) {
    for (const operation of operations) {
      const group = samples.filter((s) => s.operation === operation && Math.abs(s.jobMs - jobMs) < 50);
      if (!group.length) continue;
      const over = spread(group.map((s) => s.overshootMs));
      const calls = spread(group.map((s) => s.calls));
      const tf = terraformCost(jobMs);
      rows.push(
        `| ${operation} | ${seconds(jobMs)} | ${formatSpread(over, " ms")} | ${seconds(overshootTarget(jobMs))} ${yes(over.median <= overshootTarget(jobMs))} | ${formatSpread(calls)} | ${yes(calls.max <= 12)} | ${seconds(tf.overshootMs)}, ${tf.calls} |`,
      );
    }
  }
  return rows;
}

async function modeledTable(): Promise<string[]> {
  const rows = ["| job | overshoot | calls | Terraform: overshoot, calls |", "|---|---|---|---|"];
  for (const jobMs of MODELED_MS) {
    const ours = await modelSettle(jobMs);
    const tf = terraformCost(jobMs);
    rows.push(`| ${seconds(jobMs)} | ${seconds(ours.overshootMs)} | ${ours.calls} | ${seconds(tf.overshootMs)}, ${tf.calls} |`);
  }
  return rows;
}

function fleetRows(fleet: FleetResult, limit: number, windowMs: number): string[] {
  return [
    `One \`up\` of ${fleet.resources} resources (1 instance, ${fleet.schemas} schemas, ${fleet.accounts} accounts) against a limit of ${limit} calls per ${windowMs / 1000} s (the service's 60 per minute, ten times faster), the client told the same limit:`,
    "",
    "| measure | result | target |",
    "|---|---|---|",
    `| failed operations | ${fleet.upOk ? 0 : `up failed: ${fleet.upError}`} | 0 ${yes(fleet.upOk)} |`,
    `| 429s answered by the service | ${fleet.throttled} (none reached the user: the up ${fleet.upOk ? "succeeded" : "failed"}) | 0 surfacing ${yes(fleet.upOk)} |`,
    `| request rate while schemas and accounts were created | ${(fleet.fanOutRate * 100).toFixed(1)} % of the limit | ≥ 90 % ${yes(fleet.fanOutRate >= 0.9)} |`,
    `| request rate over the whole up (includes waiting for the instance) | ${(fleet.wholeRunRate * 100).toFixed(1)} % | — |`,
    `| calls, time | ${fleet.calls} calls in ${fleet.upSeconds.toFixed(1)} s | — |`,
    `| \`preview\` (no refresh): API calls | ${fleet.previewCalls} | 0 ${yes(fleet.previewCalls === 0)} |`,
    `| \`preview --refresh\`: API calls per resource | ${fleet.refreshCalls} / ${fleet.resources} = ${(fleet.refreshCalls / fleet.resources).toFixed(2)} | ≤ 1 ${yes(fleet.refreshCalls <= fleet.resources)} |`,
    `| destroy, instances left | ${fleet.destroyOk ? "ok" : "failed"}, ${fleet.leftInstances} | 0 ${yes(fleet.destroyOk && fleet.leftInstances === 0)} |`,
  ];
}

/** The real limit's section: its own marker, so `--real-limit` can rewrite it alone. */
const REAL_LIMIT_MARKER = "<!-- settle-real-limit -->";

function realLimitLines(samples: SettleSample[]): string[] {
  return [
    "## Settling long operations under the service's real limit",
    "",
    `${machine()} Produced by \`npm run bench\` (or \`npm run bench -- --real-limit\` alone).`,
    "",
    "The same measures with the service's real limit of 60 calls a minute on both sides (the simulator enforcing it, the client's limiter at its default), at job lengths a few calls long, one instance at a time: each preliminary lookup and each poll then takes about a second of the limiter's pacing, as against the service.",
    "",
    ...settleTable(samples, REAL_LIMIT_RUNS),
  ];
}

function machine(): string {
  return `Machine: ${os.cpus()[0]?.model ?? "unknown"}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}. Date: ${new Date().toISOString().slice(0, 10)}. Commit: ${commit()}.${quick ? " **Quick run.**" : ""}`;
}

function commit(): string {
  try {
    return execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`settling under the real limit: ${REAL_LIMIT_RUNS.map(([ms, n]) => `${n} × ${ms / 1000} s`).join(", ")}…`);
  const limited = settleSamples(REAL_LIMIT_RUNS, true);
  if (realLimitOnly) {
    const lines = realLimitLines(await limited);
    if (!quick) writeSection(REAL_LIMIT_MARKER, lines);
    console.log(lines.join("\n"));
    return;
  }
  console.log(`settling: ${SETTLE_RUNS.map(([ms, n]) => `${n} × ${ms / 1000} s`).join(", ")} (create, enlarge, resize each)…`);
  const [samples, fleet, obshell] = await Promise.all([
    settleSamples(SETTLE_RUNS),
    // The fleet runs while the long jobs wait; it starts its own simulator and engine.
    measureFleet(quick ? { schemas: 2, accounts: 10, limit: 60, windowMs: 6_000 } : { schemas: 10, accounts: 100, limit: 60, windowMs: 6_000 }),
    obshellSection(quick),
  ]);
  console.log("weight…");
  const bytes = await Promise.all((["instance", "schema", "account"] as const).map(serializedProviderBytes));
  const captured = await capturedClientBytes();
  const startup = spread(await startupToFirstCallMs(quick ? 2 : 7));

  const lines = [
    machine(),
    "",
    "Produced by `npm run bench` against the built-in simulator. Medians, with the range and the number of runs.",
    "",
    "## Settling long operations",
    "",
    "Overshoot: from the moment the simulator marks the job Completed to the moment the provider method returns (the physical limit is 0). Calls: API calls from submit to return (the limit is 2: submit, one read at the end). The provider polls the job, aiming each poll at the end its `process` percentage predicts, then reads the instance once.",
    "",
    ...settleTable(samples, SETTLE_RUNS),
    "",
    "The same waiter on a virtual clock, against a job whose progress is linear and reported in whole percentages, for durations too long to run here:",
    "",
    ...(await modeledTable()),
    "",
    "## Throughput under throttling, and what previews cost",
    "",
    ...fleetRows(fleet, 60, 6_000),
    "",
    "## Weight per resource",
    "",
    "| measure | result | target |",
    "|---|---|---|",
    `| serialized provider in each resource's state (instance, schema, account) | ${bytes.join(", ")} bytes | < 4 KB ${yes(bytes.every((b) => b < 4096))} |`,
    `| the same provider capturing a configured client by value | ${typeof captured === "number" ? `${captured} bytes` : captured} | — |`,
    `| provider process start to its first API call | ${formatSpread(startup, " ms")} | — |`,
    "",
    `Total benchmark time: ${((Date.now() - started) / 60_000).toFixed(1)} minutes.`,
    "",
  ];
  const realLimit = realLimitLines(await limited);
  if (!quick) {
    writeSection("<!-- benchmark -->", lines);
    writeSection(REAL_LIMIT_MARKER, realLimit);
    writeSection("<!-- obshell -->", obshell);
  }
  console.log([...lines, ...realLimit, ...obshell].join("\n"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
