import * as path from "path";
import { SCALE_IN, SCALE_OUT, startObshellSimulator, type ObshellSimulator } from "../../simulator";
import { CliError, CliStack, describeWithCli, isSecret, planSummary } from "../engine";
import { obClusterConfig, serversConfig, type DeclaredServer } from "./ob-cluster-stack";

/**
 * The scenario: examples/ob-cluster, unmodified, with the real Pulumi CLI from its own
 * directory (its Pulumi.yaml runs the compiled program), against a simulated OBShell cluster of
 * three servers in zone1. It grows to five across two zones (a failed DAG retried by the next up),
 * drift is caught by `preview --refresh`, it shrinks back to four, and destroy leaves the three it
 * started with; then a scale-in that fails part way. One stack carries every step; each test
 * starts where the one before left it. The CLI is the one `npm run build:cli` builds, else one on
 * PATH; skipped, saying so, without.
 */
jest.setTimeout(600_000);

const PROJECT = path.resolve(__dirname, "..", "..", "examples", "ob-cluster");


describeWithCli("examples/ob-cluster with the real pulumi CLI", (cli) => {
  let sim: ObshellSimulator;
  let stack: CliStack;
  let ob4: DeclaredServer;
  let ob5: DeclaredServer;
  const topology = () => sim.control.snapshot().servers;
  const zonesOf = () => [...new Set(topology().map((s) => s.zone))].sort();
  const writes = () => sim.control.calls().filter((c) => c.method !== "GET").map((c) => c.path.replace(/\/dag\/\d+$/, "/dag/{id}"));
  const stateOf = async (name: string) => (await stack.exportedResources()).find((r) => r.type.endsWith("ObServer") && r.urn.endsWith(`::${name}`));

  beforeAll(async () => {
    sim = await startObshellSimulator({ stageMs: 60, singles: 2 });
    ob4 = { name: "ob4", agent: sim.singles[0], zone: "zone2" };
    ob5 = { name: "ob5", agent: sim.singles[1], zone: "zone2" };
    stack = new CliStack({ projectDir: PROJECT, stack: `ob-cli-${process.pid}`, cli, config: obClusterConfig(sim, [ob4, ob5]), secretConfig: { obPassword: sim.password } });
  });
  afterAll(async () => {
    await stack.dispose();
    await sim.close();
  });

  test("1. up grows 3 → 5 servers across two zones; a DAG that fails is a partial failure naming its node", async () => {
    expect(topology()).toHaveLength(3);
    sim.control.setFaults([{ dag: SCALE_OUT, node: "Start observer", target: `${ob5.agent.host}:${ob5.agent.port}`, message: "observer did not start: datafile_size exceeds free disk" }]);
    const error = await stack.up().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliError);
    // ob4 and ob5 join side by side: when ob5's DAG holds the cluster first, ob4's join fails at
    // once naming it (nothing changed); ob5's own failure is reported either way.
    expect((error as CliError).output).toMatch(
      /observer 127\.0\.0\.1:\d+: scaling out into zone2 failed: DAG \d+ \(Cluster scale out\) failed at node "Start observer": observer did not start: datafile_size exceeds free disk/,
    );
    const kept = (await stateOf("ob5"))!;
    expect(kept.initErrors?.[0]).toMatch(/the next `pulumi up` retries it/);
    expect(kept.outputs).toMatchObject({ dagState: "FAILED", lastOperation: "scale-out" });
    const failedDag = kept.outputs!.dagId as string;
    expect(failedDag).toMatch(/^1\d+$/);

    sim.control.resetCalls();
    await stack.up();
    expect(writes()).toContain("/api/v1/task/dag/{id}");
    expect(sim.control.calls().some((c) => c.method === "POST" && c.path === `/api/v1/task/dag/${failedDag}`)).toBe(true);
    expect(sim.control.dagsFor(ob5.agent.host, ob5.agent.port, "scale out")).toHaveLength(1);
    expect(topology()).toHaveLength(5);
    expect(zonesOf()).toEqual(["zone1", "zone2"]);
    const outputs = await stack.outputs();
    expect(outputs.zones).toEqual(["zone2"]);
    expect(outputs.members).toEqual([expect.stringMatching(/ zone2 ACTIVE$/), expect.stringMatching(/ zone2 ACTIVE$/)]);
    const ob5State = (await stateOf("ob5"))!;
    expect(ob5State.outputs).toMatchObject({ dagId: failedDag, dagState: "SUCCEED", dagOperator: "RUN", status: "ACTIVE" });
    expect(ob5State.initErrors ?? []).toEqual([]);
    expect(isSecret((await stateOf("ob4"))!.outputs!.password)).toBe(true);

    sim.control.resetCalls();
    const again = await stack.up();
    expect(planSummary(again)).toMatchObject({ create: 0, update: 0, delete: 0, replace: 0 });
    expect(writes()).toEqual([]);

    sim.control.resetCalls();
    await stack.preview();
    expect(sim.control.calls()).toEqual([]);
  });

  test("2. a zone changed by hand: preview --refresh reports it and changes nothing; up --refresh moves it back", async () => {
    sim.control.driftZone(ob4.agent.host, ob4.agent.port, "zone1");
    sim.control.resetCalls();
    const preview = await stack.preview({ refresh: true });
    expect(writes()).toEqual([]);
    expect(preview).toMatch(/\+- +pulumi-nodejs:dynamic\/obshell:ObServer +ob4 +replace +\[diff: ~zone\]/);
    expect(planSummary(preview)).toMatchObject({ replace: 1 });
    expect(topology().find((s) => s.agentPort === ob4.agent.port)!.zone).toBe("zone1");

    sim.control.resetCalls();
    await stack.up({ refresh: true });
    expect(writes()).toEqual(["/api/v1/ob/scale_in", "/api/v1/ob/scale_out"]);
    expect(topology().find((s) => s.agentPort === ob4.agent.port)!.zone).toBe("zone2");
    const settled = await stack.preview({ refresh: true });
    expect(planSummary(settled)).toMatchObject({ create: 0, update: 0, delete: 0, replace: 0 });
  });

  test("2b. a server removed by hand is gone: preview --refresh plans its create; up --refresh adds it again", async () => {
    sim.control.removeServer(ob5.agent.host, ob5.agent.port);
    const preview = await stack.preview({ refresh: true });
    expect(preview).toMatch(/\+ +pulumi-nodejs:dynamic\/obshell:ObServer +ob5 +create/);
    expect(planSummary(preview)).toMatchObject({ create: 1, update: 0, delete: 0, replace: 0 });
    sim.control.resetCalls();
    await stack.up({ refresh: true });
    expect(writes()).toEqual(["/api/v1/ob/scale_out"]);
    expect(topology()).toHaveLength(5);
  });

  test("3. one server less in the program: up scales in to four", async () => {
    stack.setConfig("servers", serversConfig([ob4]));
    sim.control.resetCalls();
    const up = await stack.up();
    expect(planSummary(up).delete).toBe(1);
    expect(writes()).toEqual(["/api/v1/ob/scale_in"]);
    expect(topology()).toHaveLength(4);
    expect(sim.control.snapshot().agents.find((a) => a.port === ob5.agent.port)!.identity).toBe("SINGLE");
  });

  test("4. destroy scales in what the program added; the cluster is back to its three", async () => {
    const destroy = await stack.destroy();
    expect(planSummary(destroy).delete).toBeGreaterThanOrEqual(1);
    expect(topology()).toHaveLength(3);
    expect(zonesOf()).toEqual(["zone1"]);
    expect(await stack.exportedResources()).toEqual([]);
  });

  test("the root@sys password appears nowhere in plain text: state, the CLI's output, messages", () => {
    expect(stack.transcript()).toContain("Resources:");
    expect(stack.transcript()).not.toContain(sim.password);
  });

  test("a scale-in failed past its first node: the delete queued behind it fails at once naming it; the next destroy retries that DAG", async () => {
    stack.setConfig("servers", serversConfig([ob4, ob5]));
    await stack.up();
    expect(topology()).toHaveLength(5);

    // The first scale-in fails at its third node, where the agent keeps the cluster's lock.
    sim.control.setFaults([{ dag: SCALE_IN, node: "Wait delete observer success", message: "server still holds replicas" }]);
    const before = sim.control.snapshot().dags.filter((d) => d.name === SCALE_IN).length;
    const started = Date.now();
    const failed = await stack.destroy().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(CliError);
    // The stack's timeouts are a minute; the queued delete did not wait it out.
    expect(Date.now() - started).toBeLessThan(45_000);
    const scaleIns = sim.control.snapshot().dags.filter((d) => d.name === SCALE_IN).slice(before);
    expect(scaleIns).toHaveLength(1);
    const dag = scaleIns[0];
    const output = (failed as CliError).output;
    expect(output).toContain(`DAG ${dag.id} (Cluster scale in) failed at node "Wait delete observer success": server still holds replicas`);
    expect(output).toContain(`held in maintenance by DAG ${dag.id} (Cluster scale in, observer ${dag.target}), which failed in this run; nothing was changed`);

    sim.control.resetCalls();
    await stack.destroy();
    // The other server's scale-in may meet the lock first and wait for the retried DAG: count what the agent accepted.
    const accepted = sim.control.calls().filter((c) => c.method !== "GET" && c.status < 300).map((c) => `${c.method} ${c.path}`);
    expect(accepted.sort()).toEqual([`POST /api/v1/task/dag/${dag.id}`, "POST /api/v1/ob/scale_in"].sort());
    const [ip, port] = dag.target!.split(":");
    expect(sim.control.dagsFor(ip, Number(port), "scale in").filter((d) => d.dagId >= dag.dagId)).toHaveLength(1);
    expect(topology()).toHaveLength(3);
  });
});
