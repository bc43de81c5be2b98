import * as fs from "fs";
import { SCALE_OUT, startObshellSimulator, type ObshellSimulator } from "../../simulator";
import { DeploymentError, type OperationResult } from "../engine";
import { obClusterStack, serversConfig, type DeclaredServer } from "./ob-cluster-stack";

/**
 * The scenario: examples/ob-cluster, unmodified, through the SDK's own language runtime
 * and dynamic-provider server, against a simulated OBShell cluster of three servers in zone1.
 * It grows to five across two zones (a failed DAG retried by the next up), drift is caught by
 * `preview --refresh`, it shrinks back to four, and destroy leaves the three it started with.
 */
jest.setTimeout(240_000);

let sim: ObshellSimulator;
let ob: ReturnType<typeof obClusterStack>;
let ob4: DeclaredServer;
let ob5: DeclaredServer;
const seen: string[] = [];

beforeAll(async () => {
  sim = await startObshellSimulator({ stageMs: 60, singles: 2 });
  ob4 = { name: "ob4", agent: sim.singles[0], zone: "zone2" };
  ob5 = { name: "ob5", agent: sim.singles[1], zone: "zone2" };
  ob = obClusterStack(sim, [ob4, ob5], (event) => {
    if (event.type === "log") seen.push(event.entry.message);
    if (event.type === "summary") seen.push(event.text);
  });
});
afterEach(() => {
  if (fs.existsSync(ob.stateFile)) seen.push(fs.readFileSync(ob.stateFile, "utf8"));
});
afterAll(async () => {
  ob.cleanup();
  await sim.close();
});

const topology = () => sim.control.snapshot().servers;
const zonesOf = () => [...new Set(topology().map((s) => s.zone))].sort();
const writes = () => sim.control.calls().filter((c) => c.method !== "GET").map((c) => c.path.replace(/\/dag\/\d+$/, "/dag/{id}"));
const stateOf = (name: string) => ob.stack.resources().find((r) => r.type.endsWith("ObServer") && r.urn.endsWith(`::${name}`));

async function failed(operation: Promise<OperationResult>): Promise<DeploymentError> {
  const error = await operation.then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(DeploymentError);
  seen.push(error.message, error.result.text);
  return error as DeploymentError;
}

describe("an OceanBase cluster's membership, end to end", () => {
  test("1. up grows 3 → 5 servers across two zones; a DAG that fails is a partial failure naming its node", async () => {
    expect(topology()).toHaveLength(3);
    sim.control.setFaults([{ dag: SCALE_OUT, node: "Start observer", target: `${ob5.agent.host}:${ob5.agent.port}`, message: "observer did not start: datafile_size exceeds free disk" }]);
    const error = await failed(ob.stack.up());
    // ob4 and ob5 join side by side: when ob5's DAG holds the cluster first, ob4's join fails at
    // once naming it (nothing changed), and the run's first error is that one.
    expect(error.message).toMatch(
      /observer 127\.0\.0\.1:\d+: scaling out into zone2 failed: DAG \d+ \(Cluster scale out\) failed at node "Start observer": observer did not start: datafile_size exceeds free disk|the cluster is held in maintenance by DAG \d+ \(Cluster scale out, observer 127\.0\.0\.1:\d+\), which failed in this run; nothing was changed/,
    );
    const kept = stateOf("ob5")!;
    expect(kept.initErrors?.[0]).toMatch(/the next `pulumi up` retries it/);
    expect(kept.outputs).toMatchObject({ dagState: "FAILED", lastOperation: "scale-out" });
    const failedDag = kept.outputs.dagId as string;
    expect(failedDag).toMatch(/^1\d+$/);

    sim.control.resetCalls();
    const retry = await ob.stack.up();
    expect(writes()).toContain("/api/v1/task/dag/{id}");
    expect(sim.control.calls().some((c) => c.method === "POST" && c.path === `/api/v1/task/dag/${failedDag}`)).toBe(true);
    expect(sim.control.dagsFor(ob5.agent.host, ob5.agent.port, "scale out")).toHaveLength(1);
    expect(topology()).toHaveLength(5);
    expect(zonesOf()).toEqual(["zone1", "zone2"]);
    expect(retry.outputs.zones).toEqual(["zone2"]);
    expect(retry.outputs.members).toEqual([expect.stringMatching(/ zone2 ACTIVE$/), expect.stringMatching(/ zone2 ACTIVE$/)]);
    expect(stateOf("ob5")!.outputs).toMatchObject({ dagId: failedDag, dagState: "SUCCEED", dagOperator: "RUN", status: "ACTIVE" });
    expect(stateOf("ob5")!.initErrors ?? []).toEqual([]);
    expect(stateOf("ob4")!.secretOutputs).toContain("password");

    sim.control.resetCalls();
    const again = await ob.stack.up();
    expect(again.summary).toMatchObject({ create: 0, update: 0, delete: 0, replace: 0 });
    expect(writes()).toEqual([]);

    sim.control.resetCalls();
    await ob.stack.preview();
    expect(sim.control.calls()).toEqual([]);
  });

  test("2. a zone changed by hand: preview --refresh reports it and changes nothing; up --refresh moves it back", async () => {
    sim.control.driftZone(ob4.agent.host, ob4.agent.port, "zone1");
    sim.control.resetCalls();
    const preview = await ob.stack.preview({ refresh: true });
    expect(writes()).toEqual([]);
    const step = preview.steps.find((s) => s.name === "ob4" && s.op === "replace");
    expect(step?.replaceKeys).toEqual(["zone"]);
    expect(preview.summary.replace).toBe(1);

    sim.control.resetCalls();
    await ob.stack.up({ refresh: true });
    expect(writes()).toEqual(["/api/v1/ob/scale_in", "/api/v1/ob/scale_out"]);
    expect(topology().find((s) => s.agentPort === ob4.agent.port)!.zone).toBe("zone2");
    const settled = await ob.stack.preview({ refresh: true });
    expect(settled.summary).toMatchObject({ create: 0, update: 0, delete: 0, replace: 0 });
  });

  test("2b. a server removed by hand is gone: preview --refresh plans its create; up --refresh adds it again", async () => {
    sim.control.removeServer(ob5.agent.host, ob5.agent.port);
    const preview = await ob.stack.preview({ refresh: true });
    expect(preview.steps.filter((s) => s.name === "ob5" && s.op !== "refresh").map((s) => s.op)).toEqual(["create"]);
    sim.control.resetCalls();
    await ob.stack.up({ refresh: true });
    expect(writes()).toEqual(["/api/v1/ob/scale_out"]);
    expect(topology()).toHaveLength(5);
  });

  test("3. one server less in the program: up scales in to four", async () => {
    ob.stack.setConfig("servers", serversConfig([ob4]));
    sim.control.resetCalls();
    const up = await ob.stack.up();
    expect(up.summary.delete).toBe(1);
    expect(writes()).toEqual(["/api/v1/ob/scale_in"]);
    expect(topology()).toHaveLength(4);
    expect(sim.control.snapshot().agents.find((a) => a.port === ob5.agent.port)!.identity).toBe("SINGLE");
  });

  test("4. destroy scales in what the program added; the cluster is back to its three", async () => {
    const result = await ob.stack.destroy();
    expect(result.summary.delete).toBeGreaterThanOrEqual(1);
    expect(topology()).toHaveLength(3);
    expect(zonesOf()).toEqual(["zone1"]);
    expect(ob.stack.resources()).toEqual([]);
  });

  test("the root@sys password appears nowhere in plain text: state, logs, messages", () => {
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.join("\n")).not.toContain(sim.password);
  });
});
