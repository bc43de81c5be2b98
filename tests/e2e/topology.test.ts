import * as fs from "fs";
import type { Simulator } from "../../simulator";
import { DeploymentError, type OperationResult } from "../engine";
import { startTestSimulator } from "../support/simulator";
import { E2E_TIME, liveInstance, SECRETS, topologyStack, writes, type TopologyStack } from "./topology-stack";

/**
 * The end-to-end scenarios: the example program, unmodified, through the SDK's own
 * language runtime and dynamic-provider server, against the simulator with authentication on.
 */
jest.setTimeout(180_000);

let sim: Simulator;
let topo: TopologyStack;
const seen: string[] = [];

beforeAll(async () => {
  sim = await startTestSimulator({ rateLimit: E2E_TIME.rateLimit(600) });
  topo = topologyStack(sim, {
    onEvent: (event) => {
      if (event.type === "log") seen.push(event.entry.message);
      if (event.type === "summary") seen.push(event.text);
    },
  });
});
// Every state the scenarios leave behind is scanned for secrets at the end.
afterEach(() => {
  if (fs.existsSync(topo.stateFile)) seen.push(fs.readFileSync(topo.stateFile, "utf8"));
});
afterAll(async () => {
  topo.cleanup();
  await sim.close();
});

const live = () => liveInstance(sim);

function instanceState() {
  return topo.stack.resources().find((r) => r.type.endsWith("DdmInstance"))!;
}

async function failed(operation: Promise<OperationResult>): Promise<DeploymentError> {
  const error = await operation.then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(DeploymentError);
  seen.push(error.message, error.result.text);
  return error as DeploymentError;
}

describe("the example topology, end to end", () => {
  test("1. up creates an instance of 2 nodes, two schemas and three accounts; secrets stay secret", async () => {
    const result = await topo.stack.up();
    expect(result.summary.create).toBe(7); // the stack, the instance, 2 schemas, 3 accounts
    const instance = live();
    expect(instance).toMatchObject({ status: "RUNNING", name: "orders-ddm", nodeCount: 2, flavorCode: "ddm.c6.2xlarge.2" });
    expect(instance.schemas.map((s) => s.name).sort()).toEqual(["analytics", "orders"]);
    expect(instance.accounts.map((a) => a.name).sort()).toEqual(["app_rw", "migrations", "reporting_ro"]);
    expect(result.outputs).toMatchObject({
      instanceId: instance.id,
      endpoint: `${instance.accessIp}:${instance.accessPort}`,
      nodeCount: 2,
      nodeClass: "ddm.c6.2xlarge.2",
      schemas: ["orders", "analytics"],
      ordersShards: 8,
      accounts: ["app_rw", "reporting_ro", "migrations"],
    });
    expect(result.secretOutputs).toContain("adminPassword");
    const byType = (suffix: string) => topo.stack.resources().filter((r) => r.type.endsWith(suffix));
    expect(byType("DdmInstance")[0].secretOutputs).toContain("adminPassword");
    expect(byType("DdmSchema").every((r) => r.secretOutputs.includes("dataNodes"))).toBe(true);
    expect(byType("DdmAccount").every((r) => r.secretOutputs.includes("password"))).toBe(true);
  });

  test("2. nodeNum 2 → 4: preview shows one update; up enlarges once by 2; a second up writes nothing", async () => {
    topo.stack.setConfig("nodeNum", "4");
    sim.control.resetCalls();
    const preview = await topo.stack.preview();
    expect(preview.summary).toMatchObject({ create: 0, update: 1, delete: 0, replace: 0 });
    expect(writes(sim.control.calls())).toEqual([]);

    sim.control.resetCalls();
    const up = await topo.stack.up();
    expect(up.summary.update).toBe(1);
    expect(writes(sim.control.calls())).toEqual(["POST …/action/enlarge"]);
    expect(sim.control.calls().find((c) => c.path.endsWith("/enlarge"))!.body).toMatchObject({ node_number: 2 });
    expect(live().nodeCount).toBe(4);
    expect(up.outputs.nodeCount).toBe(4);

    sim.control.resetCalls();
    const again = await topo.stack.up();
    expect(again.summary).toMatchObject({ create: 0, update: 0, delete: 0, replace: 0 });
    expect(writes(sim.control.calls())).toEqual([]);
  });

  test("3. a new node class is one PUT …/flavor; then 4 → 3 nodes is one reduce of 1", async () => {
    topo.stack.setConfig("flavor", "ddm.c6.4xlarge.2");
    sim.control.resetCalls();
    await topo.stack.up();
    expect(writes(sim.control.calls())).toEqual(["PUT …/flavor"]);
    expect(live().flavorCode).toBe("ddm.c6.4xlarge.2");

    topo.stack.setConfig("nodeNum", "3");
    sim.control.resetCalls();
    await topo.stack.up();
    expect(writes(sim.control.calls())).toEqual(["POST …/action/reduce"]);
    expect(sim.control.calls().find((c) => c.path.endsWith("/reduce"))!.body).toEqual({ node_number: 1 });
    expect(live().nodeCount).toBe(3);
  });

  test("4. drift: preview --refresh reports it; up --refresh restores the declaration", async () => {
    sim.control.driftInstance(live().id, { nodeCount: 4, name: "renamed-by-hand" });
    sim.control.resetCalls();
    const preview = await topo.stack.preview({ refresh: true });
    expect(writes(sim.control.calls())).toEqual([]);
    const instanceStep = preview.steps.find((s) => s.type.endsWith("DdmInstance") && s.op === "update");
    expect(instanceStep).toBeDefined();
    expect(preview.summary.update).toBe(1);
    // Nothing was written by the preview: state still says 3 nodes.
    expect(instanceState().outputs.nodeCount).toBe(3);

    sim.control.resetCalls();
    await topo.stack.up({ refresh: true });
    expect(writes(sim.control.calls())).toEqual(["PUT …/modify-name", "POST …/action/reduce"]);
    expect(live()).toMatchObject({ name: "orders-ddm", nodeCount: 3 });
    const settled = await topo.stack.preview({ refresh: true });
    expect(settled.summary).toMatchObject({ create: 0, update: 0, delete: 0, replace: 0 });
  });

  test("5. account permissions and password change in place; a schema's shard count replaces it", async () => {
    topo.stack.setConfig("appPermissions", "SELECT,INSERT");
    topo.stack.setConfig("appPassword", "App#Rotated2025", { secret: true });
    sim.control.resetCalls();
    const accounts = await topo.stack.up();
    expect(accounts.summary).toMatchObject({ update: 1, replace: 0, create: 0, delete: 0 });
    expect(writes(sim.control.calls())).toEqual(["PUT …/users/app_rw", "POST …/users/app_rw/password"]);
    expect(live().accounts.find((a) => a.name === "app_rw")!.permissions.sort()).toEqual(["INSERT", "SELECT"]);

    topo.stack.setConfig("ordersShards", "4");
    sim.control.resetCalls();
    const schemas = await topo.stack.up();
    expect(schemas.summary.replace).toBe(1);
    const order = writes(sim.control.calls());
    expect(order.indexOf("DELETE …/databases/orders")).toBeLessThan(order.indexOf("POST …/databases"));
    expect(live().schemas.find((s) => s.name === "orders")!.shardNumber).toBe(4);
    expect(schemas.outputs.ordersShards).toBe(4);
  });

  test("7. a job failing during scale-out: a clear error, truthful state, and the next up finishes", async () => {
    sim.control.setFaults({ failJobs: { enlarge: true } });
    topo.stack.setConfig("nodeNum", "5");
    const error = await failed(topo.stack.up());
    sim.control.setFaults({});
    expect(error.message).toMatch(/orders-ddm: scaling out 3 → 5 nodes failed: Scaling out failed after adding \d of 2 nodes \(simulated fault\)\.$/);
    expect(error.message).not.toMatch(/nodes failed: .*nodes failed/);
    const nodes = live().nodeCount;
    expect(instanceState().outputs.nodeCount).toBe(nodes);
    expect(instanceState().outputs.nodeNum).toBe(nodes);

    const retry = await topo.stack.up();
    expect(retry.summary.update).toBe(1);
    expect(live().nodeCount).toBe(5);
  });

  test("6. destroy removes everything; the simulator holds nothing", async () => {
    const result = await topo.stack.destroy();
    expect(result.summary.delete).toBeGreaterThanOrEqual(7);
    expect(sim.control.snapshot().instances).toEqual([]);
    expect(topo.stack.resources()).toEqual([]);
  });

  test("no secret appears in plain text in the state file, the logs or any message", () => {
    const everything = [...seen, JSON.stringify(sim.control.calls())].join("\n");
    expect(seen.length).toBeGreaterThan(10);
    for (const secret of [...Object.values(SECRETS), "App#Rotated2025"]) expect(everything).not.toContain(secret);
  });
});
