#!/usr/bin/env node
import { startSimulator, type Simulator } from "./index";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, DEFAULT_USER, uniformDcsDurations, uniformDurations, type SimulatorOptions } from "./options";

/** `npx ddm-simulator`: runs the DDM and DCS simulators until SIGINT or SIGTERM. */

const USAGE = `Usage: ddm-simulator [options]
  --port N              DDM (and IAM) port to listen on (default 8080; 0 picks a free one)
  --dcs-port N          DCS port to listen on (default 8081; 0 picks a free one)
  --host H              address to listen on (default 127.0.0.1)
  --access-key AK       accepted access key (with --secret-key; default ${DEFAULT_ACCESS_KEY})
  --secret-key SK       its secret key
  --project-id ID       the project id in every DDM path
  --region R            the region, which is also the project's name
  --rate-limit N        calls a minute per credential (default 60; 0 turns throttling off)
  --job-ms N            duration of every asynchronous operation (DDM and DCS), in ms
  --seed N              seed of the fault sequence (faults are set through the control API)
  --no-auth             accept unauthenticated requests
  --help                this text`;

export class UsageError extends Error {}

const VALUE_FLAGS = new Set(["--port", "--dcs-port", "--host", "--access-key", "--secret-key", "--project-id", "--region", "--rate-limit", "--job-ms", "--seed"]);

function integer(flag: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`${flag} takes a non-negative integer, got "${raw}"`);
  return Number(raw);
}

/** Options from the command line; undefined for --help. */
export function parseCliArgs(argv: readonly string[]): SimulatorOptions | undefined {
  const values = new Map<string, string>();
  let auth = true;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--help" || flag === "-h") return undefined;
    if (flag === "--no-auth") {
      auth = false;
    } else if (VALUE_FLAGS.has(flag)) {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      values.set(flag, value);
    } else {
      throw new UsageError(`unknown option ${flag}`);
    }
  }
  const accessKey = values.get("--access-key");
  const secretKey = values.get("--secret-key");
  if ((accessKey === undefined) !== (secretKey === undefined)) throw new UsageError("--access-key and --secret-key go together");
  const rateLimit = values.has("--rate-limit") ? integer("--rate-limit", values.get("--rate-limit")!) : undefined;
  const jobMs = values.has("--job-ms") ? integer("--job-ms", values.get("--job-ms")!) : undefined;
  const seed = values.has("--seed") ? integer("--seed", values.get("--seed")!) : undefined;
  return {
    port: values.has("--port") ? integer("--port", values.get("--port")!) : 8080,
    host: values.get("--host"),
    projectId: values.get("--project-id"),
    region: values.get("--region"),
    auth,
    credentials: accessKey !== undefined && secretKey !== undefined ? [{ accessKey, secretKey }] : undefined,
    rateLimit: rateLimit === undefined ? undefined : rateLimit === 0 ? false : { limit: rateLimit, windowMs: 60_000 },
    durations: jobMs === undefined ? undefined : uniformDurations(jobMs),
    faults: seed === undefined ? undefined : { seed },
    dcs: {
      port: values.has("--dcs-port") ? integer("--dcs-port", values.get("--dcs-port")!) : 8081,
      durations: jobMs === undefined ? undefined : uniformDcsDurations(jobMs),
      faults: seed === undefined ? undefined : { seed },
    },
  };
}

export function banner(sim: Simulator, options: SimulatorOptions): string {
  const credential = options.credentials?.[0] ?? { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY };
  const lines = [
    `DDM simulator listening on ${sim.url}`,
    `DCS simulator listening on ${sim.dcs.url}`,
    `  project id   ${sim.projectId}`,
    `  region       ${sim.region}`,
  ];
  if (options.auth === false) {
    lines.push("  auth         off: every request is accepted");
  } else {
    lines.push(
      `  AK/SK        ${credential.accessKey} / ${credential.secretKey}`,
      `  IAM user     ${DEFAULT_USER.userName} in domain ${DEFAULT_USER.domainName}, password ${DEFAULT_USER.password}`,
    );
  }
  lines.push(
    `  control API  ${sim.url}/_sim/state (DDM), ${sim.dcs.url}/_sim/state (DCS)`,
    "",
    `export HW_DDM_ENDPOINT=${sim.url} HW_DCS_ENDPOINT=${sim.dcs.url} HW_AUTH_URL=${sim.url} HW_REGION_NAME=${sim.region} HW_PROJECT_ID=${sim.projectId}` +
      (options.auth === false ? "" : ` HW_ACCESS_KEY=${credential.accessKey} HW_SECRET_KEY=${credential.secretKey}`),
  );
  return lines.join("\n");
}

async function main(): Promise<void> {
  let options: SimulatorOptions | undefined;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`ddm-simulator: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (!options) {
    console.log(USAGE);
    return;
  }
  const sim = await startSimulator(options);
  console.log(banner(sim, options));
  const stop = (signal: string) => {
    console.log(`\n${signal}: stopping the simulator`);
    sim.close().then(
      () => (process.exitCode = 0),
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`ddm-simulator: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
