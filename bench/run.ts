/**
 * `npm run bench`: every measurement against the simulator, written to bench/results.md.
 * `npm run bench -- --quick` runs a small version (seconds) for trying things out.
 * `npm run bench -- --many` runs only the many-operations section (about six minutes).
 * `npm run bench -- --real-limit` runs only the settling runs under the service's real limit
 * (about a minute) and rewrites only their section.
 * `npm run bench -- --shared-credential` runs only "Many stacks, one credential" (real CLI; about
 * fifteen minutes) and rewrites only its section; with `--package <checkout>` (built), it measures
 * that checkout's package instead and writes what it saw to bench/shared-credential-before.json;
 * with `--render`, it writes the section again from the kept files, measuring nothing; with
 * `--at-service-pace`, it measures K = 4 and 8 at the service's own pace (a minute's window) for
 * the section's second table (with `--package` too, for the package before).
 */
import { execFile, execSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { modelCacheSettle, modelTaskSettle, terraformCacheCost, type CacheSample } from "./cache-settle";
import { measureFleet, type FleetResult } from "./fleet";
import { obshellSection } from "./obshell";
import { terraformCost } from "./fixed-strategy";
import { writeSection } from "./sections";
import { measureVariant, readResults, resultsFile, sharedCredentialLines, type Measured, type VariantResult } from "./shared-credential-report";
import { floorCallsPerOperation, measureScaleFleet, type OperationSample, type ScaleFleetResult } from "./scale-fleet";
import { modelSettle, type SettleSample, type SettledOperation } from "./settle";
import { formatSpread, spread } from "./stats";
import { capturedClientBytes, serializedProviderBytes, startupToFirstCallMs } from "./weight";

const quick = process.argv.includes("--quick");
/** `--many`: only the many-operations section. */
const manyOnly = process.argv.includes("--many");
const realLimitOnly = process.argv.includes("--real-limit");
const sharedCredentialOnly = process.argv.includes("--shared-credential");
const packageRoot = process.argv.includes("--package") ? process.argv[process.argv.indexOf("--package") + 1] : undefined;
/** `--at-service-pace`: K = 4 and 8 with a minute's window (the package before, and this one with the shared record and alone). */
const atServicePace = process.argv.includes("--at-service-pace");
/** The shared-credential section's time scale: a 6 s window. */
const SHARED_SCALE = atServicePace ? 1 : 0.1;
const SHARED_RUNS = quick ? [2] : atServicePace ? [4, 8] : [1, 2, 4, 8];
const SETTLE_RUNS: Array<[jobMs: number, reps: number]> = quick ? [[2_000, 2]] : [[2_000, 5], [20_000, 5], [120_000, 3]];
const CACHE_RUNS: Array<[jobMs: number, reps: number]> = quick ? [[2_000, 1]] : [[2_000, 3], [20_000, 3], [60_000, 2]];
/** Job lengths a limit of 60 calls a minute makes short: a few seconds is a few calls. */
const REAL_LIMIT_RUNS: Array<[jobMs: number, reps: number]> = quick ? [[1_500, 1]] : [[1_500, 3], [6_000, 3], [20_000, 2]];
const MODELED_MS = [2_000, 20_000, 120_000, 600_000];

async function workerSamples<T>(service: "ddm" | "cache", runs: Array<[jobMs: number, reps: number]>, realLimit = false): Promise<T[]> {
  const worker = path.join(__dirname, "settle-worker.js");
  // One process per duration: the provider's settings are process-wide, and the runs overlap in time.
  const outputs = await Promise.all(
    runs.map(([jobMs, reps]) =>
      promisify(execFile)(process.execPath, [worker, service, String(jobMs), String(reps), ...(realLimit ? ["real-limit"] : [])], { maxBuffer: 1 << 24 }),
    ),
  );
  return outputs.flatMap((run) => JSON.parse(run.stdout.trim().split("\n").pop()!) as T[]);
}

const settleSamples = (runs: Array<[jobMs: number, reps: number]>, realLimit = false) => workerSamples<SettleSample>("ddm", runs, realLimit);
async function cacheTables(samples: CacheSample[]): Promise<string[]> {
  const rows = ["| operation | change lasts | noticed after, median (range) | calls, median (range) | Terraform's strategy: noticed after, calls |", "|---|---|---|---|---|"];
  for (const [jobMs] of CACHE_RUNS) {
    for (const operation of ["extend", "resize"] as const) {
      const group = samples.filter((s) => s.operation === operation && s.jobMs === jobMs);
      if (!group.length) continue;
      const tf = terraformCacheCost(jobMs);
      rows.push(
        `| ${operation} | ${seconds(jobMs)} | ${formatSpread(spread(group.map((s) => s.overshootMs)), " ms")} | ${formatSpread(spread(group.map((s) => s.calls)))} | ${seconds(tf.overshootMs)}, ${tf.calls} |`,
      );
    }
  }
  const modeled = ["| change lasts | followed by its task: noticed after, calls | blind: noticed after, calls | Terraform: noticed after, calls |", "|---|---|---|---|"];
  for (const jobMs of MODELED_MS) {
    const [task, blind] = [await modelTaskSettle(jobMs), await modelCacheSettle(jobMs)];
    const tf = terraformCacheCost(jobMs);
    modeled.push(`| ${seconds(jobMs)} | ${seconds(task.overshootMs)}, ${task.calls} | ${seconds(blind.overshootMs)}, ${blind.calls} | ${seconds(tf.overshootMs)}, ${tf.calls} |`);
  }
  return [...rows, "", "The same wait on a virtual clock, for longer changes:", "", ...modeled];
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
        `| ${operation} | ${seconds(jobMs)} | ${formatSpread(over, " ms")} | ${seconds(overshootTarget(jobMs))} ${yes(over.median <= overshootTarget(jobMs))} | ${formatSpread(calls, "", 1)} | ${yes(calls.max <= 12)} | ${seconds(tf.overshootMs)}, ${tf.calls} |`,
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

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const MANY_SCALE = 0.1;
/**
 * The mixed run again at the service's own pace: DCS counts a task's time left in whole seconds,
 * a precision that does not scale with the run (a second is 2 % of a 50 s change, but of a 5 s one
 * at ten times faster, 20 %).
 */
const SERVICE_PACE = 1;

function fleetLabel(result: ScaleFleetResult): string {
  const caches = result.options.caches ?? 0;
  const jobs = result.options.jobs === "spread" ? "60–600 s, seeded" : "all end within 1 s";
  const pace = result.options.scale === SERVICE_PACE ? ", at the service's pace" : "";
  return caches ? `${result.options.count} DDM + ${caches} DCS, ${jobs}${pace}` : jobs;
}

const ms = (value: number) => `${Math.round(value)} ms`;

/** Overshoot p50 / p95 / max, the p95 of overshoot ÷ allowance, and how many were within it. */
function overshootCells(operations: readonly OperationSample[]): string[] {
  const over = operations.map((op) => op.overshootMs);
  const ratio = percentile(operations.map((op) => op.overshootMs / op.allowanceMs), 95);
  const within = operations.filter((op) => op.overshootMs <= op.allowanceMs).length;
  return [`${ms(percentile(over, 50))} / ${ms(percentile(over, 95))} / ${ms(Math.max(...over))}`, `${ratio.toFixed(2)} ${yes(ratio <= 1)}`, `${within} of ${operations.length}`];
}

function fleetRow(result: ScaleFleetResult): string {
  const operations = result.operations.length || 1;
  const perOp = result.calls / operations;
  const waiting = result.options.together ? "together (watcher)" : "one at a time (before)";
  return `| ${fleetLabel(result)} | ${waiting} | ${overshootCells(result.operations).join(" | ")} | ${perOp.toFixed(2)} (${result.listCalls} listings) ${result.options.together ? yes(perOp <= 4) : ""} | ${result.throttled} ${yes(result.throttled === 0)} | ${result.ok ? 0 : `**${result.error ?? "failed"}**`} | ${seconds(result.upMs)} / ${seconds(result.longestJobMs)} / ${seconds(result.leadMs)} / ${seconds(result.tailMs)} |`;
}

/** A mixed run's overshoot, service by service. */
function serviceRows(result: ScaleFleetResult): string[] {
  const waiting = result.options.together ? "together" : "one at a time";
  return (["ddm", "dcs"] as const).map((service) => {
    const operations = result.operations.filter((op) => op.service === service);
    const perOp = result.serviceCalls[service] / (operations.length || 1);
    return `| ${fleetLabel(result)}: ${service === "ddm" ? "the DDM scale-outs" : "the DCS extends"} | ${waiting} | ${overshootCells(operations).join(" | ")} | ${perOp.toFixed(2)} to ${service.toUpperCase()} | — | — | — |`;
  });
}

const floorRow = (result: ScaleFleetResult) =>
  `| ${fleetLabel(result)} | floor: ${(result.options.caches ?? 0) ? "one listing per distinct DDM end (" + result.distinctEnds + "); per cache its task's lookup, one progress read, one read at the end" : `one listing per distinct end (${result.distinctEnds})`} | 0 | — | — | ${floorCallsPerOperation(result).toFixed(2)} | 0 | 0 | — |`;

/** The machine is shared: overshoots depend on its load, so the section says what it was. */
function loadNote(): string {
  const [one, five] = os.loadavg();
  return `Load average when the runs started: ${one.toFixed(1)} (1 min), ${five.toFixed(1)} (5 min) on ${os.cpus().length} cores.`;
}

async function manyOperations(): Promise<string[]> {
  const count = quick ? 6 : 20;
  const load = loadNote();
  const mixed = quick ? 3 : 10;
  const rows = [
    "| jobs | waiting | overshoot p50 / p95 / max | p95 of overshoot ÷ allowance | within allowance | calls per operation | 429s | failures | `up` / longest job / before the first call / after the last end |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  const results: ScaleFleetResult[] = [];
  for (const jobs of ["spread", "together"] as const) {
    for (const together of [true, false]) {
      console.log(`many operations: ${count} scale-outs, jobs ${jobs}, ${together ? "watched together" : "one at a time"}…`);
      results.push(await measureScaleFleet({ count, jobs, scale: MANY_SCALE, together }));
    }
  }
  const mixedRun = async (scale: number): Promise<ScaleFleetResult[]> => {
    console.log(`many operations: ${mixed} DDM scale-outs and ${mixed} DCS extends, time × ${1 / scale}, together and one at a time…`);
    const run = (together: boolean) => measureScaleFleet({ count: mixed, caches: mixed, jobs: "spread", scale, together });
    // At the service's pace the two runs go side by side (each lasts as long as its longest change,
    // and milliseconds of CPU are nothing against its allowance); scaled, one after the other.
    if (scale === SERVICE_PACE) return Promise.all([run(true), run(false)]);
    return [await run(true), await run(false)];
  };
  const mixedResults = [await mixedRun(MANY_SCALE), ...(quick ? [] : [await mixedRun(SERVICE_PACE)])];
  rows.push(...results.map(fleetRow));
  for (const jobs of ["spread", "together"] as const) rows.push(floorRow(results.find((r) => r.options.jobs === jobs)!));
  for (const pair of mixedResults) rows.push(...pair.map(fleetRow), ...pair.flatMap(serviceRows), floorRow(pair[0]));
  return [
    "## Many operations at once",
    "",
    load,
    "",
    `${count} \`DdmInstance\` scale-outs (2 → 3 nodes) in one \`up\`, through the resource classes and the Pulumi runtime, against the simulator's limit of 60 calls per ${(60 * MANY_SCALE).toFixed(0)} s: the service's 60 a minute with time ${1 / MANY_SCALE} times faster, job lengths scaled the same way (a 600 s job lasts ${600 * MANY_SCALE} s), and the client told the same limit and window. Overshoot: from the job's end to the provider's last call for the instance (its node listing, just before it returns). Allowance: the target, ${MANY_SCALE} s (1 s scaled) + 2 % of the job. Calls: every API call of the \`up\` (submits, polls, listings, node listings, flavor lookups) over the operations. The floor counts the calls that follow no operation (each scale-out's submit and node listing; each cache's submit and its share of the flavor lookups), one listing per distinct DDM end (ends more than 1 s apart, scaled), and for each cache the three calls nothing can share: the lookup of its background task, one read of the task's progress (no listing answers for several tasks), and one read of its instance at the end (the instance listing carries no \`task\`). "One at a time" is \`ddm:watchTogether=false\`: each operation polls its own job, then its own instance (a cache: its own instance), as before.`,
    "",
    `The mixed run: ${mixed} DDM scale-outs and ${mixed} \`DcsInstance\` extends (1 → 4 GB) in the same \`up\`, one credential, so one client-side limit for both services; the cache changes' lengths are drawn from the same seed over the same 60–600 s, scaled the same way, and a cache's end is the moment the simulated instance is idle (RUNNING, no \`task\`) with the new size. Together, a cache's change is followed by its background task (DCS API v2): ListBackgroundTask once after the submit finds it; one ShowBackgroundTaskProgress a second later gives its \`progress\` and \`remain_time\` (whole seconds), which put the end within a second; where that second is within 2 % of the change's length the next look is the instance itself just past it; where it is within 4 %, the instance is read 2 % into it, and if the change is not done there, just past it; otherwise a second progress read narrows it first; one read of the instance showing the new size with no \`task\` settles it. The task's progress cannot be listed across instances, so each is read on its own, and the instance listing (no \`task\`) can never show an end. One at a time (and wherever no task is found) a cache is followed blind: its first look 1 s after the submit, doubling up to the 10 s DCS cap, and the result seen twice, 0.5 s or more apart. A service's row counts the calls its endpoint received over its operations (a cache's include its submit, the flavor lookups, the task lookup and the progress reads). The whole-second \`remain_time\` and the blind intervals do not scale with the run, so the mixed run is also measured at the service's own pace (time and limit unscaled: 60 calls a minute, changes of 60–600 s), the two waits side by side.`,
    "",
    ...rows,
    "",
    "OBShell DAGs are not followed by the watcher: nothing would be shared. A cluster runs one maintenance operation at a time (its global maintenance lock, OBSHELL-FACTS.md), and the provider already gives one cluster's operations turns, so at most one DAG per cluster is in flight; OBSHELL-FACTS.md documents only the single DAG read (`GET /api/v1/task/dag/{id}`), no listing that could answer for several; and two clusters are two agents, each with its own address and credentials, and no per-user limit is documented for them. Each DAG keeps its own progress-driven polling (see the OBShell section).",
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

const SHARED_MARKER = "<!-- shared-credential -->";

/** Today's package with the shared record and alone; or, with `--package`, that checkout's, kept for the table's "before" rows. */
async function sharedCredential(): Promise<string[]> {
  const load = loadNote();
  const keep = (file: string, value: unknown) => {
    if (!quick) fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  };
  if (packageRoot) {
    const before = await measureVariant("before (b0e1cce)", { runs: SHARED_RUNS, scale: SHARED_SCALE, shared: false, root: packageRoot });
    keep(resultsFile("before", atServicePace), before);
    return [JSON.stringify(before, null, 2)];
  }
  const rendering = process.argv.includes("--render");
  if (atServicePace) {
    // Side by side, each with a simulator of its own: at the service's pace the machine is mostly idle.
    const variants = await Promise.all([
      measureVariant("shared record", { runs: SHARED_RUNS, scale: SHARED_SCALE, shared: true }),
      measureVariant("alone", { runs: SHARED_RUNS, scale: SHARED_SCALE, shared: false }),
      measureVariant("alone, each at 60 ÷ K", { runs: SHARED_RUNS, scale: SHARED_SCALE, shared: false, shareAsCeiling: true }),
    ]);
    const pace: Measured = { context: `${machine()} ${load}`, variants };
    keep(resultsFile("after", true), pace);
    return [JSON.stringify(pace, null, 2)];
  }
  const measured = (rendering ? readResults<Measured>(resultsFile("after", false)) : undefined) ?? {
    context: `${machine()} ${load}`,
    variants: [
      await measureVariant("shared record", { runs: SHARED_RUNS, scale: SHARED_SCALE, shared: true }),
      await measureVariant("alone", { runs: SHARED_RUNS, scale: SHARED_SCALE, shared: false }),
      await measureVariant("alone, each at 60 ÷ K", { runs: SHARED_RUNS, scale: SHARED_SCALE, shared: false, shareAsCeiling: true }),
    ],
  };
  if (!rendering) keep(resultsFile("after", false), measured);
  const lines = sharedCredentialLines(measured.variants, readResults<VariantResult>(resultsFile("before", false)), { context: measured.context, scale: SHARED_SCALE }, {
    after: readResults<Measured>(resultsFile("after", true)),
    before: readResults<VariantResult>(resultsFile("before", true)),
  });
  if (!quick) writeSection(SHARED_MARKER, lines);
  return lines;
}

async function main(): Promise<void> {
  if (sharedCredentialOnly) {
    console.log((await sharedCredential()).join("\n"));
    return;
  }
  if (manyOnly) {
    const many = [machine(), "", ...(await manyOperations())];
    if (!quick) writeSection("<!-- many-operations -->", many);
    console.log(many.join("\n"));
    return;
  }
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
  // Afterwards, so its processes do not compete for the CPU with the DDM figures above.
  console.log(`cache settling: ${CACHE_RUNS.map(([ms, n]) => `${n} × ${ms / 1000} s`).join(", ")} (extend, resize each)…`);
  const cacheSamples = await workerSamples<CacheSample>("cache", CACHE_RUNS);
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
    "Overshoot: from the moment the simulator marks the job Completed to the moment the provider method returns (the physical limit is 0). Calls: API calls from submit to return (the limit is 2: submit, one read at the end). The provider polls the job, aiming each poll at the end its `process` percentage predicts, and reads the instance at that end. The operations of one duration run side by side (one provider process), so a job or instance listing answers for several of them: each is charged its share.",
    "",
    ...settleTable(samples, SETTLE_RUNS),
    "",
    "The same waiter on a virtual clock, against a job whose progress is linear and reported in whole percentages, for durations too long to run here:",
    "",
    ...(await modeledTable()),
    "",
    "## Noticing a cache resize (DCS: no job)",
    "",
    "A cache's extend or resize answers 204 with no job. The provider finds the change's background task (one ListBackgroundTask), reads its progress and time left a second after the submit (ShowBackgroundTaskProgress), and reads the instance where they put the end, done once it is RUNNING with no `task` and the new size; a change shorter than about 25 s takes one more progress read, as a second of time left is then more than 4 % of it (between 25 and 50 s the instance is read inside that second, then, if not yet idle, just past it). Blind (no task found, or `ddm:watchTogether=false`) it follows the instance alone until the same is seen twice in a row (DCS-FACTS.md). Noticed after: from the moment the simulated instance is idle with the new size (the change's end plus the tenth of its duration the `task` stays set) to the provider's return. Calls: from the submit (included) to the return. Terraform's strategy: first look 10 s after the submit, then every 10 s, RUNNING twice in a row.",
    "",
    ...(await cacheTables(cacheSamples)),
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
  // Its own section, measured alone: overshoots are sensitive to a busy machine.
  const many = [`Date: ${new Date().toISOString().slice(0, 10)}. Commit: ${commit()}.${quick ? " **Quick run.**" : ""}`, "", ...(await manyOperations())];
  if (!quick) writeSection("<!-- many-operations -->", many);
  console.log(many.join("\n"));
  console.log((await sharedCredential()).join("\n"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
