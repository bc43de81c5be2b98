import type { CallRecord, Simulator } from "../../simulator";
import { DeploymentError, UNKNOWN, type OperationResult } from "../engine";
import { startTestSimulator } from "../support/simulator";
import { productionStack } from "./production-stack";
import { E2E_TIME } from "./topology-stack";

/**
 * DDM as teams run it in production (issue 13), end to end: the example program through the
 * SDK's language runtime and dynamic-provider server, against the simulator with authentication
 * and faults on.
 */
jest.setTimeout(240_000);

let sim: Simulator;
let prod: ReturnType<typeof productionStack>;

beforeAll(async () => {
  sim = await startTestSimulator({
    rateLimit: E2E_TIME.rateLimit(600),
    faults: { seed: 13, error500Rate: 0.04, error429Rate: 0.03, busyRate: 0.03 },
  });
  prod = productionStack(sim);
});
afterAll(async () => {
  await prod.stack.destroy();
  expect(sim.control.snapshot().instances).toEqual([]);
  prod.cleanup();
  await sim.close();
});

function instance() {
  const [only] = sim.control.snapshot().instances;
  return only;
}

const bodiesOf = (calls: CallRecord[], suffix: string) =>
  calls.filter((c) => c.method !== "GET" && c.path.endsWith(suffix) && c.status !== undefined && c.status < 300).map((c) => c.body as Record<string, unknown>);

async function failed(operation: Promise<OperationResult>): Promise<string> {
  const error = await operation.then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(DeploymentError);
  return (error as DeploymentError).message;
}

describe("node groups", () => {
  test("with one group, scaling needs no groupId, and the outputs list the group", async () => {
    // Lookups in Output form wait for their arguments: unknown in the first preview, and nothing
    // of the instance is asked for (getInstancesOutput's arguments are known, so it runs).
    const preview = await prod.stack.preview();
    expect(preview.outputs).toMatchObject({ schemaNames: UNKNOWN, freeRdsIds: UNKNOWN, liveMaxConnections: UNKNOWN, sameNamed: [] });
    expect(sim.control.calls().filter((c) => c.path.includes("/instances/"))).toEqual([]);
    const up = await prod.stack.up();
    expect(up.outputs.nodeGroups).toEqual([expect.objectContaining({ isDefault: true, role: "rw", nodeCount: 2, name: "default-group" })]);
    sim.control.resetCalls();
    prod.stack.setConfig("nodeNum", "3");
    const scaled = await prod.stack.up();
    expect(scaled.outputs.nodeCount).toBe(3);
    expect(bodiesOf(sim.control.calls(), "/action/enlarge")).toEqual([expect.not.objectContaining({ group_id: expect.anything() })]);
    expect(instance().groups[0].nodes).toHaveLength(3);
  });

  test("a second group: scaling without groupId fails before any change, listing the groups (id, name, role, nodes)", async () => {
    const reporting = sim.control.addNodeGroup(instance().id, { name: "reporting", nodeCount: 1 });
    const [main] = instance().groups;
    // State still knows one group: the service refuses the scale, and the update names the groups.
    sim.control.resetCalls();
    prod.stack.setConfig("nodeNum", "5");
    const stale = await failed(prod.stack.up());
    expect(stale).toContain("groupId");
    expect(stale).toContain(`${main.id} (default-group, role rw, 3 nodes)`);
    expect(stale).toContain(`${reporting.id} (reporting, role rw, 1 node)`);
    expect(sim.control.calls().filter((c) => c.method !== "GET" && !c.path.startsWith("/v3/auth") && c.status! < 300)).toEqual([]);
    expect(instance().groups.map((g) => g.nodes.length)).toEqual([3, 1]);

    // After a refresh the state knows both groups: check refuses, in preview too.
    prod.stack.setConfig("nodeNum", "4");
    const refreshed = await prod.stack.up({ refresh: true });
    expect(refreshed.outputs.nodeGroups).toHaveLength(2);
    prod.stack.setConfig("nodeNum", "5");
    const checked = await failed(prod.stack.preview());
    expect(checked).toMatch(/groupId: is required to scale or change the node class: the instance has 2 node groups/);
    expect(checked).toContain(reporting.id);

    prod.stack.setConfig("groupId", "gr-missing");
    expect(await failed(prod.stack.preview())).toMatch(/groupId: "gr-missing" is not a node group of the instance/);
  });

  test("naming the group scales that group", async () => {
    const reporting = instance().groups[1];
    sim.control.resetCalls();
    prod.stack.setConfig("groupId", reporting.id);
    const up = await prod.stack.up();
    expect(bodiesOf(sim.control.calls(), "/action/enlarge")).toEqual([expect.objectContaining({ group_id: reporting.id, node_number: 1 })]);
    expect(instance().groups.map((g) => g.nodes.length)).toEqual([3, 2]);
    expect(up.outputs.nodeGroups).toEqual([expect.objectContaining({ nodeCount: 3 }), expect.objectContaining({ id: reporting.id, nodeCount: 2 })]);
  });
});

describe("schema credentials", () => {
  const schema = () => instance().schemas.find((s) => s.name === "orders")!;

  test("a rotated data-node password is recorded without replacing the schema or touching its data", async () => {
    const before = schema();
    sim.control.resetCalls();
    const logs: string[] = [];
    prod.stack.setConfig("rdsPassword", "Rotated#Pass2025", { secret: true });
    const up = await prod.stack.up();
    expect(up.summary).toMatchObject({ update: 1 });
    expect(up.summary.replace ?? 0).toBe(0);
    logs.push(...up.log.map((entry) => entry.message));
    expect(logs.join("\n")).toMatch(/schema orders: new credentials for data node 5ad1e0b0c0de4d2b9a7e3f1c0d0e0f01in01 are recorded in state only/);
    expect(sim.control.calls().filter((c) => c.method !== "GET" && !c.path.startsWith("/v3/auth"))).toEqual([]);
    expect(schema()).toEqual(before);
    const stored = prod.stack.resources().find((r) => r.type.endsWith("DdmSchema"))!;
    expect((stored.outputs.dataNodes as Array<{ adminPassword: string }>)[0].adminPassword).toBe("Rotated#Pass2025");
    expect(stored.secretOutputs).toContain("dataNodes");
    expect(logs.join("\n")).not.toContain("Rotated#Pass2025");
  });

  test("another data node still replaces the schema", async () => {
    const preview = await prod.stack.preview();
    expect(preview.summary.replace ?? 0).toBe(0);
    const [, second] = (await import("../../simulator")).DEFAULT_SHARED_RDS;
    prod.stack.setConfig("rdsIds", second.id);
    const up = await prod.stack.up();
    expect(up.summary).toMatchObject({ replace: 1 });
    expect(schema().rdsIds).toEqual([second.id]);
  });
});

describe("parameters and the restarts they need", () => {
  const writes = () => sim.control.calls().filter((c) => c.method !== "GET" && !c.path.startsWith("/v3/auth"));
  const restarts = () => bodiesOf(sim.control.calls(), "/action");

  test("declared parameters were set at create; refresh shows drift of the declared ones only", async () => {
    expect(instance().parameters).toMatchObject({ long_query_time: "2", max_connections: "20000" });
    sim.control.driftParameters(instance().id, { long_query_time: "5", transaction_policy: "FREE" });
    await prod.stack.refresh();
    const stored = prod.stack.resources().find((r) => r.type.endsWith("DdmInstance"))!;
    expect(stored.outputs.parameters).toEqual({ long_query_time: "5", max_connections: "20000" });
    expect((stored.outputs.parameterDefinitions as Array<{ name: string }>).map((d) => d.name)).toContain("sql_audit");
    sim.control.resetCalls();
    await prod.stack.up();
    expect(bodiesOf(sim.control.calls(), "/configurations")).toEqual([{ values: { long_query_time: "2" } }]);
    expect(instance().parameters).toMatchObject({ long_query_time: "2", transaction_policy: "FREE" });
  });

  test("a change that needs a restart is applied, not restarted, with a warning and pendingRestart", async () => {
    sim.control.resetCalls();
    prod.stack.setConfig("parameters", JSON.stringify({ max_connections: "30000", long_query_time: "2" }));
    const up = await prod.stack.up();
    expect(up.outputs.pendingRestart).toEqual(["max_connections"]);
    expect(up.log.map((e) => e.message).join("\n")).toMatch(/parameters max_connections wait for a restart to take effect/);
    expect(bodiesOf(sim.control.calls(), "/configurations")).toEqual([{ values: { max_connections: "30000" } }]);
    expect(restarts()).toEqual([]);
    expect(instance().pendingRestart).toEqual(["max_connections"]);
    // Nothing else to do: the next up is quiet.
    expect((await prod.stack.preview()).summary.update ?? 0).toBe(0);
  });

  test("restartForParameters restarts the instance for what waits, once", async () => {
    sim.control.resetCalls();
    prod.stack.setConfig("restartForParameters", "true");
    const up = await prod.stack.up();
    expect(restarts()).toEqual([{ restart: { type: "soft" } }]);
    expect(up.outputs.pendingRestart).toEqual([]);
    expect(instance().pendingRestart).toEqual([]);
    expect(sim.control.jobs()[0]).toMatchObject({ name: "RestartInstance", status: "Completed" });
    // A change that needs a restart now restarts in the same update.
    sim.control.resetCalls();
    prod.stack.setConfig("parameters", JSON.stringify({ max_connections: "25000", long_query_time: "2" }));
    expect((await prod.stack.up()).outputs.pendingRestart).toEqual([]);
    expect(restarts()).toHaveLength(1);
    // And one that does not, does not.
    sim.control.resetCalls();
    prod.stack.setConfig("parameters", JSON.stringify({ max_connections: "25000", long_query_time: "3" }));
    await prod.stack.up();
    expect(restarts()).toEqual([]);
  });

  test.each([
    [{ max_connections: "99999999" }, /parameters: max_connections must be within value_range 10-40000, got 99999999/],
    [{ max_connections: "many" }, /parameters: max_connections must be a whole number within value_range 10-40000, got "many"/],
    [{ no_such_thing: "1" }, /parameters: no_such_thing is not a parameter of this instance; its parameters: temp_table_size_limit, /],
    [{ sql_audit: "ON" }, /parameters: sql_audit is read-only/],
    [{ character_set_server: "latin1" }, /parameters: character_set_server must be one of value_range gbk, utf8, utf8mb4, got "latin1"/],
    [{ max_connections: 300 }, /property parameters has a problem: parameters has a value for max_connections that is not a string/],
  ])("bad parameters %j fail the preview before any call", async (parameters, message) => {
    sim.control.resetCalls();
    prod.stack.setConfig("parameters", JSON.stringify(parameters));
    expect(await failed(prod.stack.preview())).toMatch(message);
    expect(writes()).toEqual([]);
  });

  test("up with bad parameters fails as its preview does, changing nothing", async () => {
    sim.control.resetCalls();
    prod.stack.setConfig("parameters", JSON.stringify({ max_connections: "10", sql_audit: "ON" }));
    expect(await failed(prod.stack.up())).toMatch(/parameters: sql_audit is read-only/);
    expect(writes()).toEqual([]);
    prod.stack.setConfig("parameters", JSON.stringify({ max_connections: "25000", long_query_time: "3" }));
  });
});

describe("lookups", () => {
  test("each Output form, given another resource's output, reads what the service has", async () => {
    const up = await prod.stack.up();
    const live = instance();
    const used = new Set(sim.control.snapshot().instances.flatMap((i) => i.schemas.flatMap((schema) => schema.rdsIds)));
    const shared = sim.control.snapshot().sharedRds.filter((rds) => !used.has(rds.id) || live.schemas.some((s) => s.rdsIds.includes(rds.id)));
    expect(up.outputs).toMatchObject({
      schemaNames: ["orders"],
      accountNames: ["app_rw"],
      liveMaxConnections: live.parameters.max_connections,
      sameNamed: [live.id],
    });
    expect([...(up.outputs.freeRdsIds as string[])].sort()).toEqual([...shared.map((r) => r.id), ...live.rds.map((r) => r.id)].sort());
  });

  test("a bad argument fails naming the argument and the rule, before any call", async () => {
    sim.control.resetCalls();
    prod.stack.setConfig("lookupStatus", "R".repeat(70));
    // Reported by its message: a stack trace here means the runtime inspected the error, which
    // on Node 20 and 22 spins for minutes first (see tests/unit/lookup-errors.test.ts).
    const message = await failed(prod.stack.preview());
    expect(message).toMatch(/status: must be 1 to 64 characters long, got 70/);
    expect(message).not.toMatch(/\n\s+at /);
    expect(sim.control.calls().filter((c) => c.path.endsWith("/instances"))).toEqual([]);
    prod.stack.removeConfig("lookupStatus");
  });
});

describe("read weights", () => {
  test("set after the schema, on its DB instances; a change is one write; bad weights fail in check", async () => {
    const [rdsId] = instance().schemas[0].rdsIds;
    expect(instance().readWeights).toEqual(expect.objectContaining({ [rdsId]: 60 }));
    sim.control.resetCalls();
    prod.stack.setConfig("readWeight", "80");
    const up = await prod.stack.up();
    expect(up.summary).toMatchObject({ update: 1 });
    expect(bodiesOf(sim.control.calls(), "/action/read-write-strategy")).toEqual([{ read_weight: { [rdsId]: 80 } }]);
    expect(instance().readWeights[rdsId]).toBe(80);

    sim.control.resetCalls();
    prod.stack.setConfig("readWeight", "150");
    expect(await failed(prod.stack.preview())).toContain(`property readWeights has a problem: readWeights [${rdsId}] must be between 0 and 100, got 150`);
    prod.stack.setConfig("readWeight", "2.5");
    expect(await failed(prod.stack.up())).toContain(`readWeights [${rdsId}] must be a whole number, got 2.5`);
    expect(sim.control.calls().filter((c) => c.method !== "GET" && !c.path.startsWith("/v3/auth"))).toEqual([]);
    prod.stack.setConfig("readWeight", "80");
  });
});
