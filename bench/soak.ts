/**
 * `npm run soak`: the full lifecycle — create an instance, two schemas, three accounts and a
 * Redis cache; scale out; change class; scale in; grow the cache (extend); shrink it (resize);
 * update an account; destroy — repeated against DDM and DCS simulators both injecting faults: 10 % of calls answer 500, 5 % answer 429, 2 % drop the connection, 5 %
 * answer 409 DBS.200019, 1 % lose the answer after acting, 5 % are slow. Every lifecycle must
 * succeed, with no duplicate and nothing left behind. `--lifecycles N` (default 50).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, startSimulator, type FaultOptions, type Simulator } from "../simulator";
import { TestStack } from "../tests/engine";
import { compiledProgram } from "./programs";
import { writeSection } from "./sections";

export const SOAK_FAULTS: Omit<FaultOptions, "failJobs"> = {
  seed: 20261123,
  error500Rate: 0.1,
  error429Rate: 0.05,
  dropRate: 0.02,
  busyRate: 0.05,
  dropAfterCommitRate: 0.01,
  slowRate: 0.05,
  slowMs: 300,
};

const PROGRAM = compiledProgram("examples", "topology");

export interface LifecycleResult {
  name: string;
  ok: boolean;
  failedStep?: string;
  error?: string;
  /** Most instances (DDM or cache) of this lifecycle's names seen at once. */
  instancesSeen: number;
  leftBehind: number;
}

export interface SoakResult {
  lifecycles: LifecycleResult[];
  faultsInjected: Record<string, number>;
  calls: number;
  minutes: number;
}

function rdsPair(slot: number): Array<{ id: string; name: string }> {
  return [0, 1].map((n) => ({ id: `50a450a4${String(slot).padStart(4, "0")}${String(n).padStart(20, "0")}in01`, name: `rds-soak-${slot}-${n}` }));
}

async function lifecycle(sim: Simulator, index: number, slot: number, dir: string, env: Record<string, string>): Promise<LifecycleResult> {
  const name = `soak-${index}`;
  const cacheName = `${name}-cache`;
  const count = () =>
    Math.max(
      sim.control.snapshot().instances.filter((i) => i.name === name).length,
      sim.dcs.control.snapshot().instances.filter((i) => i.name === cacheName).length,
    );
  const result: LifecycleResult = { name, ok: false, instancesSeen: 0, leftBehind: 0 };
  const stack = new TestStack({
    program: PROGRAM,
    project: "ddm-topology",
    stack: name,
    stateFile: path.join(dir, `${name}.json`),
    config: {
      "ddm:endpoint": sim.url,
      "ddm:dcsEndpoint": sim.dcs.url,
      "ddm:authUrl": sim.url,
      "ddm:region": sim.region,
      "ddm:accessKey": DEFAULT_ACCESS_KEY,
      "ddm:maxRequestsPerMinute": "100000",
      name,
      vpcId: "vpc-soak",
      subnetId: "subnet-soak",
      securityGroupId: "sg-soak",
      rdsIds: rdsPair(slot).map((rds) => rds.id).join(","),
      cacheName,
      cacheSpecCode: "redis.single.xu1.large.1",
      cacheCapacity: "1",
    },
    secretConfig: {
      "ddm:secretKey": DEFAULT_SECRET_KEY,
      ddmAdminPassword: "Admin#Soak2024",
      rdsPassword: "Rds#Soak2024",
      appPassword: "App#Soak2024",
      reportingPassword: "Report#Soak2024",
      migrationPassword: "Migrate#Soak2024",
      cachePassword: "Cache#Soak2024",
    },
    env: { DDM_PROGRESS_INTERVAL_MS: "3600000", ...env },
  });
  const steps: Array<[string, () => Promise<unknown>]> = [
    ["create", () => stack.up()],
    ["scale out", () => (stack.setConfig("nodeNum", "3"), stack.up())],
    ["change class", () => (stack.setConfig("flavor", "ddm.c6.4xlarge.2"), stack.up())],
    ["scale in", () => (stack.setConfig("nodeNum", "2"), stack.up())],
    ["grow cache", () => (stack.setConfig("cacheCapacity", "4"), stack.setConfig("cacheSpecCode", "redis.single.xu1.large.4"), stack.up())],
    ["shrink cache", () => (stack.setConfig("cacheCapacity", "2"), stack.setConfig("cacheSpecCode", "redis.single.xu1.large.2"), stack.up())],
    ["update account", () => (stack.setConfig("appPermissions", "SELECT"), stack.up())],
    ["destroy", () => stack.destroy()],
  ];
  for (const [step, run] of steps) {
    try {
      await run();
    } catch (error) {
      result.failedStep = step;
      result.error = (error as Error).message;
      break;
    }
    result.instancesSeen = Math.max(result.instancesSeen, count());
  }
  // A failed lifecycle still cleans up, so that it does not hold the RDS instances of its slot.
  if (result.failedStep && result.failedStep !== "destroy") await stack.destroy().catch(() => undefined);
  result.leftBehind = count();
  result.ok = !result.failedStep && result.instancesSeen === 1 && result.leftBehind === 0;
  return result;
}

/** `env` goes to every stack's provider: a test's time scale (DDM_RATE_LIMIT_WINDOW_MS), for one. */
export async function runSoak(lifecycles: number, concurrency: number, env: Record<string, string> = {}): Promise<SoakResult> {
  const started = Date.now();
  const sim = await startSimulator({
    rateLimit: false,
    faults: SOAK_FAULTS,
    sharedRds: Array.from({ length: concurrency }, (_, slot) => rdsPair(slot)).flat(),
    durations: { createInstance: 600, enlarge: 400, reduce: 400, resize: 400, createSchema: 200, deleteSchema: 100, deleteInstance: 200, adminUser: 100 },
    dcs: { faults: SOAK_FAULTS, durations: { createCache: 600, extendCache: 400, resizeCache: 400, deleteCache: 200 } },
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-soak-"));
  try {
    const results: LifecycleResult[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, slot) => {
        while (next < lifecycles) {
          const index = next++;
          const result = await lifecycle(sim, index, slot, dir, env);
          results.push(result);
          console.log(`${result.name}: ${result.ok ? "ok" : `FAILED at ${result.failedStep ?? "checks"}: ${result.error ?? `${result.instancesSeen} instances seen, ${result.leftBehind} left`}`}`);
        }
      }),
    );
    const faultsInjected: Record<string, number> = {};
    const calls = [...sim.control.calls(), ...sim.dcs.control.calls()];
    for (const call of calls) for (const fault of call.faults) faultsInjected[fault] = (faultsInjected[fault] ?? 0) + 1;
    return { lifecycles: results.sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true })), faultsInjected, calls: calls.length, minutes: (Date.now() - started) / 60_000 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await sim.close();
  }
}

export function soakLines(result: SoakResult): string[] {
  const ok = result.lifecycles.filter((l) => l.ok).length;
  const duplicates = result.lifecycles.filter((l) => l.instancesSeen > 1).length;
  const left = result.lifecycles.reduce((n, l) => n + l.leftBehind, 0);
  const faults = Object.entries(result.faultsInjected).map(([kind, n]) => `${kind} ${n}`).join(", ");
  return [
    "",
    `Full lifecycles (create an instance, two schemas, three accounts and a Redis cache; scale out; change class; scale in; grow the cache; shrink it; update an account; destroy) through the test engine, against DDM and DCS simulators each injecting faults: 10 % 500s, 5 % 429s, 2 % dropped connections, 5 % busy answers, 1 % answers lost after acting, 5 % slow (seed ${SOAK_FAULTS.seed}).`,
    "",
    "| measure | result | target |",
    "|---|---|---|",
    `| lifecycles that succeeded | ${ok} of ${result.lifecycles.length} | all |`,
    `| lifecycles that ever saw a duplicate instance | ${duplicates} | 0 |`,
    `| instances left after destroy | ${left} | 0 |`,
    `| faults injected | ${faults || "none"} (in ${result.calls} calls) | — |`,
    `| time | ${result.minutes.toFixed(1)} minutes | — |`,
    ...result.lifecycles.filter((l) => !l.ok).map((l) => `| failed: ${l.name} | at ${l.failedStep ?? "checks"}: ${(l.error ?? "").split("\n")[0].slice(0, 200)} | — |`),
  ];
}

if (require.main === module) {
  const flag = process.argv.indexOf("--lifecycles");
  const lifecycles = flag > 0 ? Number(process.argv[flag + 1]) : 50;
  runSoak(lifecycles, 5).then((result) => {
    const lines = soakLines(result);
    writeSection("## Fault soak", lines);
    console.log(lines.join("\n"));
    if (result.lifecycles.some((l) => !l.ok)) process.exitCode = 1;
  });
}
