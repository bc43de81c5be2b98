#!/usr/bin/env node
import { startObshellSimulator } from "./index";

/**
 * `node dist/simulator/obshell/cli.js [--members zone1,zone1,zone1] [--singles 3] [--stage-ms 2000]`:
 * a simulated OBShell cluster until SIGINT or SIGTERM, printing its agents and the stack config
 * that points examples/ob-cluster at it.
 */

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

function count(name: string, fallback: number): number {
  const raw = option(name, String(fallback));
  if (!/^\d+$/.test(raw)) throw new Error(`${name} takes a non-negative integer, got "${raw}"`);
  return Number(raw);
}

async function main(): Promise<void> {
  const zones = option("--members", "zone1,zone1,zone1").split(",").filter(Boolean);
  const sim = await startObshellSimulator({ members: zones.map((zone) => ({ zone })), singles: count("--singles", 3), stageMs: count("--stage-ms", 2000) });
  const servers = sim.singles.map((agent, i) => ({ name: `ob${zones.length + i + 1}`, ip: agent.host, port: agent.port, zone: "zone2", mysqlPort: agent.port + 1, rpcPort: agent.port + 2 }));
  console.log(`OBShell cluster: members ${sim.members.map((a) => `${a.host}:${a.port}`).join(", ")} (the first is MASTER)`);
  console.log(`SINGLE agents waiting to join: ${sim.singles.map((a) => `${a.host}:${a.port}`).join(", ")}`);
  console.log(`control API: ${sim.controlUrl}/_sim/state`);
  console.log("\nexamples/ob-cluster against it:");
  console.log(`  pulumi config set clusterAgentHost ${sim.members[0].host}`);
  console.log(`  pulumi config set clusterAgentPort ${sim.members[0].port}`);
  console.log(`  pulumi config set servers '${JSON.stringify(servers)}'`);
  console.log(`  pulumi config set --secret obPassword '${sim.password}'`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
