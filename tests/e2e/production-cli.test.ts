import * as path from "path";
import { DEFAULT_SHARED_RDS, type CallRecord, type Simulator } from "../../simulator";
import { CliError, CliStack, describeWithCli, planSummary } from "../engine";
import { startTestSimulator } from "../support/simulator";
import { E2E_ENV, SECRETS, topologyConfig } from "./topology-stack";

/**
 * examples/production with the real Pulumi CLI, from its own directory, against the simulator
 * with authentication and faults on: node groups, parameters and the restarts they need, a
 * rotated data-node password, read weights, the lookups' Output forms, and yearly/monthly billing.
 */
jest.setTimeout(900_000);

const PROJECT = path.resolve(__dirname, "..", "..", "examples", "production");
const FAULTS = { seed: 13, error500Rate: 0.03, error429Rate: 0.03, busyRate: 0.03 };

describeWithCli("examples/production with the real pulumi CLI", (cli) => {
  let sim: Simulator;
  let stack: CliStack;
  const instance = () => sim.control.snapshot().instances[0];
  const accepted = (suffix: string) =>
    sim.control.calls().filter((c: CallRecord) => c.method !== "GET" && c.path.endsWith(suffix) && c.faults.length === 0 && c.status !== undefined && c.status < 300);

  beforeAll(async () => {
    sim = await startTestSimulator({ rateLimit: false });
    sim.control.setFaults(FAULTS);
    stack = new CliStack({
      projectDir: PROJECT,
      stack: `prod-cli-${process.pid}`,
      cli,
      config: { ...topologyConfig(sim), "ddm:bssEndpoint": sim.url, rdsIds: DEFAULT_SHARED_RDS.map((rds) => rds.id).join(",") },
      secretConfig: { "ddm:secretKey": SECRETS["ddm:secretKey"], ddmAdminPassword: SECRETS.ddmAdminPassword, rdsPassword: SECRETS.rdsPassword, appPassword: SECRETS.appPassword },
      env: E2E_ENV,
    });
  });
  afterAll(async () => {
    await stack.dispose();
    await sim.close();
  });

  test("groups, parameters and restarts, credentials, read weights, lookups, destroy", async () => {
    await stack.up();
    const outputs = await stack.outputs();
    expect(outputs).toMatchObject({ nodeCount: 2, schemaNames: ["orders"], accountNames: ["app_rw"], liveMaxConnections: "20000", pendingRestart: [] });
    expect(outputs.nodeGroups).toEqual([expect.objectContaining({ role: "rw", nodeCount: 2 })]);

    // A second node group: scaling without groupId fails before any change, naming the groups.
    // nodeNum counts every group's nodes: 2 + 1 → 4.
    const reporting = sim.control.addNodeGroup(instance().id, { name: "reporting", nodeCount: 1 });
    stack.setConfig("nodeNum", "4");
    sim.control.resetCalls();
    const refused = await stack.up({ refresh: true }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(CliError);
    expect((refused as CliError).output).toContain(reporting.id);
    expect(accepted("/action/enlarge")).toEqual([]);
    stack.setConfig("groupId", reporting.id);
    await stack.up();
    expect(accepted("/action/enlarge").map((c) => c.body)).toEqual([expect.objectContaining({ group_id: reporting.id, node_number: 1 })]);
    expect(instance().groups.map((g) => g.nodes.length)).toEqual([2, 2]);

    // A parameter that needs a restart waits for one, until the resource allows it.
    stack.setConfig("parameters", JSON.stringify({ max_connections: "30000", long_query_time: "2" }));
    sim.control.resetCalls();
    expect(await stack.up()).toMatch(/restart/i);
    expect((await stack.outputs()).pendingRestart).toEqual(["max_connections"]);
    expect(accepted("/action")).toEqual([]);
    stack.setConfig("restartForParameters", "true");
    await stack.up();
    expect((await stack.outputs()).pendingRestart).toEqual([]);
    expect(accepted("/action").map((c) => c.body)).toEqual([{ restart: { type: "soft" } }]);

    // A rotated data-node password is recorded in place: no replacement, no schema call.
    stack.setConfig("rdsPassword", "Rotated#Pass2025", { secret: true });
    sim.control.resetCalls();
    const rotated = await stack.up();
    expect(planSummary(rotated)).toMatchObject({ update: 1, replace: 0, create: 0, delete: 0 });
    expect(rotated).toContain("recorded in state only");
    expect(sim.control.calls().filter((c) => c.method !== "GET" && c.path.includes("/databases"))).toEqual([]);

    // Read weights: a change is one write.
    stack.setConfig("readWeight", "80");
    sim.control.resetCalls();
    await stack.up();
    expect(accepted("/action/read-write-strategy")).toHaveLength(1);

    const state = await stack.exportState();
    for (const secret of [...Object.values(SECRETS), "Rotated#Pass2025"]) expect(state).not.toContain(secret);
    await stack.destroy();
    expect(sim.control.snapshot().instances).toEqual([]);
  });

  test("a yearly/monthly instance: the order is followed, and destroy unsubscribes it", async () => {
    await sim.close();
    sim = await startTestSimulator({ rateLimit: false });
    sim.control.setFaults(FAULTS);
    const billed = new CliStack({
      projectDir: PROJECT,
      stack: `prod-cli-prepaid-${process.pid}`,
      cli,
      config: {
        ...topologyConfig(sim),
        "ddm:bssEndpoint": sim.url,
        rdsIds: DEFAULT_SHARED_RDS.map((rds) => rds.id).join(","),
        chargingMode: "prePaid",
        period: "1",
        periodUnit: "month",
      },
      secretConfig: { "ddm:secretKey": SECRETS["ddm:secretKey"], ddmAdminPassword: SECRETS.ddmAdminPassword, rdsPassword: SECRETS.rdsPassword, appPassword: SECRETS.appPassword },
      env: E2E_ENV,
    });
    try {
      sim.control.resetCalls();
      await billed.up();
      expect(sim.control.calls().some((c) => c.method === "GET" && c.path.includes("/v2/orders/customer-orders/details/"))).toBe(true);
      sim.control.resetCalls();
      await billed.destroy();
      expect(accepted("/v2/orders/subscriptions/resources/unsubscribe")).toHaveLength(1);
      expect(sim.control.calls().filter((c) => c.method === "DELETE" && /\/v1\/[^/]+\/instances\/[^/]+$/.test(c.path))).toEqual([]);
      expect(sim.control.snapshot().instances).toEqual([]);
    } finally {
      await billed.dispose();
    }
  });
});
