import { spawn } from "child_process";
import * as path from "path";
import { DdmClient, resolveSettings } from "../provider/ddm/client";
import type { ProviderKind } from "../provider";
import { remoteProvider } from "../sdk/remote-provider";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, startSimulator } from "../simulator";

/** What each resource carries in state, and how soon a provider process makes its first call. */

type Serialize = (func: () => unknown, options: { allowSecrets: boolean }) => Promise<{ text: string }>;
// The same serializer pulumi.dynamic.Resource uses for the provider it stores.
const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure") as { serializeFunction: Serialize };

export async function serializedProviderBytes(kind: ProviderKind): Promise<number> {
  const provider = remoteProvider(kind);
  return Buffer.byteLength((await serializeFunction(() => provider, { allowSecrets: true })).text);
}

/** The alternative: a provider capturing a configured client by value. */
export async function capturedClientBytes(): Promise<number | string> {
  const client = new DdmClient(
    resolveSettings(undefined, { HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK", HW_REGION_NAME: "ap-southeast-1", HW_PROJECT_ID: "p" }),
  );
  const provider = { create: async (inputs: { name: string }) => ({ id: (await client.createInstance({ instance: inputs as never })).id, outs: inputs }) };
  try {
    return Buffer.byteLength((await serializeFunction(() => provider, { allowSecrets: true })).text);
  } catch (error) {
    return `fails: ${(error instanceof Error ? error.message : String(error)).split("\n")[0].slice(0, 120)}`;
  }
}

/** Milliseconds from spawning a node process that loads pulumi-ddm/provider to its first API call arriving. */
export async function startupToFirstCallMs(runs: number): Promise<number[]> {
  const sim = await startSimulator({ rateLimit: false });
  const entry = path.join(__dirname, "..", "provider", "index.js");
  const script = `require(${JSON.stringify(entry)}).clientFor().listEngines().then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); })`;
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      sim.control.resetCalls();
      const started = Date.now();
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ["-e", script], {
          env: { ...process.env, HW_DDM_ENDPOINT: sim.url, HW_AUTH_URL: sim.url, HW_PROJECT_ID: sim.projectId, HW_ACCESS_KEY: DEFAULT_ACCESS_KEY, HW_SECRET_KEY: DEFAULT_SECRET_KEY },
          stdio: ["ignore", "ignore", "inherit"],
        });
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
      });
      times.push(sim.control.calls()[0].at - started);
    }
    return times;
  } finally {
    await sim.close();
  }
}
