import * as path from "path";
import { SCALE_IN, SCALE_OUT, startObshellSimulator, type ObshellSimulator } from "../../simulator";
import { CliError, CliStack, describeWithCli } from "../engine";
import { obClusterConfig, serversConfig, type DeclaredServer } from "./ob-cluster-stack";

/**
 * examples/ob-cluster with the real Pulumi CLI, from its own directory (its Pulumi.yaml runs
 * the compiled program): the same growth, retry, drift, shrink and destroy as ob-cluster.test.ts.
 * The CLI is the one `npm run build:cli` builds, else one on PATH; skipped, saying so, without.
 */
jest.setTimeout(600_000);

const PROJECT = path.resolve(__dirname, "..", "..", "examples", "ob-cluster");

describeWithCli("examples/ob-cluster with the real pulumi CLI", (cli) => {
  let sim: ObshellSimulator;
  let stack: CliStack;
  let servers: DeclaredServer[];
  const topology = () => sim.control.snapshot().servers;

  beforeAll(async () => {
    sim = await startObshellSimulator({ stageMs: 60, singles: 2 });
    servers = [
      { name: "ob4", agent: sim.singles[0], zone: "zone2" },
      { name: "ob5", agent: sim.singles[1], zone: "zone2" },
    ];
    stack = new CliStack({ projectDir: PROJECT, stack: `ob-cli-${process.pid}`, cli, config: obClusterConfig(sim, servers), secretConfig: { obPassword: sim.password } });
  });
  afterAll(async () => {
    await stack.dispose();
    await sim.close();
  });

  test("3 → 5 servers with a failed DAG retried by the next up, drift, 5 → 4, destroy", async () => {
    sim.control.setFaults([{ dag: SCALE_OUT, node: "Start observer", target: `${servers[1].agent.host}:${servers[1].agent.port}` }]);
    const failed = await stack.up().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(CliError);
    expect((failed as CliError).output).toMatch(/failed at node "Start observer"/);

    await stack.up();
    expect(topology()).toHaveLength(5);
    expect([...new Set(topology().map((s) => s.zone))].sort()).toEqual(["zone1", "zone2"]);

    sim.control.driftZone(servers[0].agent.host, servers[0].agent.port, "zone1");
    expect(await stack.preview({ refresh: true })).toMatch(/ob4.*replace/);
    expect(topology().find((s) => s.agentPort === servers[0].agent.port)!.zone).toBe("zone1");
    await stack.up({ refresh: true });
    expect(topology().find((s) => s.agentPort === servers[0].agent.port)!.zone).toBe("zone2");

    stack.setConfig("servers", serversConfig([servers[0]]));
    await stack.up();
    expect(topology()).toHaveLength(4);

    expect(await stack.exportState()).not.toContain(sim.password);
    await stack.destroy();
    expect(topology()).toHaveLength(3);
  });

  test("a scale-in failed past its first node: the delete queued behind it fails at once naming it; the next destroy retries that DAG", async () => {
    stack.setConfig("servers", serversConfig(servers));
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
