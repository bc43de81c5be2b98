import * as fs from "fs";
import type { Simulator } from "../../simulator";
import { DeploymentError } from "../engine";
import { topologyStack, type TopologyStack } from "../e2e/topology-stack";
import { startTestSimulator } from "../support/simulator";
import { until } from "../support/until";

/**
 * The provider process killed while it waits (a pipeline cancelled mid-`up`). The cloud
 * operation carries on. On a scale-out, `refresh` brings state up to date and the next `up`
 * converges with no duplicate and no repeated operation. On a create, the engine never learned
 * the id: the recovery the README gives (the `import` option) adopts the instance instead of
 * buying a second one.
 */
jest.setTimeout(180_000);

let sim: Simulator;
let topo: TopologyStack;
const MARK = `ddm-interrupted-${process.pid}`;

beforeAll(async () => {
  sim = await startTestSimulator({ rateLimit: false });
  topo = topologyStack(sim, { env: { DDM_TEST_MARK: MARK } });
});
afterAll(async () => {
  topo.cleanup();
  await sim.close();
});

/** The dynamic-provider processes this test's stack started (Linux: found by their environment). */
function providerPids(): number[] {
  return fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynamic-provider") && fs.readFileSync(`/proc/${pid}/environ`, "utf8").includes(MARK);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function killProviderWhen(condition: () => boolean): Promise<void> {
  await until(condition, 60_000);
  const pids = providerPids();
  expect(pids.length).toBeGreaterThan(0);
  for (const pid of pids) process.kill(pid, "SIGKILL");
}

const nodes = () => sim.control.snapshot().instances.map((i) => i.groups.reduce((n, g) => n + g.nodes.length, 0));

const linux = process.platform === "linux" ? test : test.skip;

linux("a provider killed mid-wait: refresh, then up converges without duplicates", async () => {
  await topo.stack.up();
  expect(nodes()).toEqual([2]);

  sim.control.setDurations({ enlarge: 4_000 });
  topo.stack.setConfig("nodeNum", "4");
  const interrupted = topo.stack.up();
  await killProviderWhen(() => sim.control.jobs().some((j) => j.name === "EnlargeNode" && j.status === "Running"));
  await expect(interrupted).rejects.toBeInstanceOf(DeploymentError);

  // The service finishes what it was asked, whoever is waiting.
  await until(() => nodes()[0] === 4, 20_000);
  await topo.stack.refresh();
  const instance = topo.stack.resources().find((r) => r.type.endsWith("DdmInstance"))!;
  expect(instance.outputs.nodeCount).toBe(4);

  sim.control.resetCalls();
  const converged = await topo.stack.up();
  expect(converged.summary).toMatchObject({ create: 0, update: 0, delete: 0, replace: 0 });
  expect(sim.control.calls().filter((c) => c.method !== "GET")).toEqual([]);
  expect(nodes()).toEqual([4]);
  await topo.stack.destroy();
  expect(sim.control.snapshot().instances).toEqual([]);
});

linux("a provider killed while an instance is being created: the import option adopts it, no duplicate", async () => {
  topo.stack.removeConfig("nodeNum");
  sim.control.setDurations({ createInstance: 4_000 });
  const interrupted = topo.stack.up();
  await killProviderWhen(() => sim.control.snapshot().instances.some((i) => i.status === "CREATING"));
  await expect(interrupted).rejects.toBeInstanceOf(DeploymentError);
  expect(topo.stack.resources().filter((r) => r.type.endsWith("DdmInstance"))).toEqual([]);
  const [orphan] = sim.control.snapshot().instances;

  // Declared differently from what was created: refused before any write.
  topo.stack.setConfig("importInstanceId", orphan.id);
  topo.stack.setConfig("nodeNum", "3");
  sim.control.resetCalls();
  await expect(topo.stack.up()).rejects.toThrow(`import instance ${orphan.id}: it differs from the declaration (orders-ddm: scaling out 2 → 3 nodes)`);
  expect(sim.control.calls().filter((c) => c.method !== "GET")).toEqual([]);

  // As declared: adopted, still being created, waited for; then the rest of the stack.
  topo.stack.removeConfig("nodeNum");
  const recovered = await topo.stack.up();
  expect(recovered.summary).toMatchObject({ create: 6, update: 0, delete: 0, replace: 0 });
  expect(sim.control.snapshot().instances.map((i) => i.id)).toEqual([orphan.id]);
  expect(recovered.outputs).toMatchObject({ instanceId: orphan.id, nodeCount: 2 });
  expect(sim.control.calls().filter((c) => c.method === "POST" && /\/instances$/.test(c.path))).toEqual([]);

  // The option can then go: nothing to do.
  topo.stack.removeConfig("importInstanceId");
  sim.control.resetCalls();
  const settled = await topo.stack.up();
  expect(settled.summary).toMatchObject({ create: 0, update: 0, delete: 0, replace: 0 });
  expect(sim.control.calls().filter((c) => c.method !== "GET")).toEqual([]);
  await topo.stack.destroy();
  expect(sim.control.snapshot().instances).toEqual([]);
});
