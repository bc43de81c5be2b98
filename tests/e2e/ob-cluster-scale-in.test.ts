import { SCALE_IN, startObshellSimulator, type ObshellSimulator } from "../../simulator";
import { DeploymentError } from "../engine";
import { obClusterStack, type DeclaredServer } from "./ob-cluster-stack";

/**
 * examples/ob-cluster through the SDK's language runtime and dynamic-provider server, against
 * an agent that keeps the cluster's lock for a scale-in failed past its first node (OBShell's
 * FinishDagAsFailed). A destroy whose first scale-in fails says so, naming the DAG and what the
 * next run does; refresh records the DAG in state; the next destroy retries it (RETRY) rather
 * than send a new scale-in that would only meet the lock its own DAG holds. (This engine deletes
 * one resource at a time; the CLI's parallel deletes, where one is queued behind the failed
 * scale-in, are in ob-cluster-cli.test.ts.)
 */
jest.setTimeout(120_000);

let sim: ObshellSimulator;
let ob: ReturnType<typeof obClusterStack>;
let servers: DeclaredServer[];

beforeAll(async () => {
  sim = await startObshellSimulator({ stageMs: 30, singles: 2 });
  servers = [
    { name: "ob4", agent: sim.singles[0], zone: "zone2" },
    { name: "ob5", agent: sim.singles[1], zone: "zone2" },
  ];
  ob = obClusterStack(sim, servers);
});
afterAll(async () => {
  ob.cleanup();
  await sim.close();
});

const stateOf = (name: string) => ob.stack.resources().find((r) => r.type.endsWith("ObServer") && r.urn.endsWith(`::${name}`));
const scaleIns = () => sim.control.snapshot().dags.filter((d) => d.name === SCALE_IN);

test("a scale-in failed past its first node: destroy fails naming it; refresh keeps it in state; the next destroy retries it", async () => {
  await ob.stack.up();
  expect(sim.control.snapshot().servers).toHaveLength(5);

  // The first scale-in fails at its third node; the agent keeps the cluster under maintenance.
  sim.control.setFaults([{ dag: SCALE_IN, node: "Wait delete observer success", message: "server still holds replicas" }]);
  const error = await ob.stack.destroy().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeploymentError);
  const text = `${(error as DeploymentError).message}\n${(error as DeploymentError).result.text}`;
  expect(scaleIns()).toHaveLength(1);
  const failed = scaleIns()[0];
  const leaving = servers.find((s) => failed.target === `${s.agent.host}:${s.agent.port}`)!;
  const queued = servers.find((s) => s !== leaving)!;
  expect(text).toContain(`DAG ${failed.id} (Cluster scale in) failed at node "Wait delete observer success": server still holds replicas`);
  expect(text).toContain(`DAG ${failed.id} is left failed, and the agent keeps the cluster under maintenance until it ends: the next \`pulumi destroy\` (or \`pulumi up\`) retries it (RETRY)`);
  expect(stateOf("ob4")).toBeDefined();
  expect(stateOf("ob5")).toBeDefined();

  await ob.stack.refresh();
  expect(stateOf(leaving.name)!.outputs).toMatchObject({ lastOperation: "scale-in", dagId: failed.id, dagState: "FAILED", status: "DELETING" });
  expect(stateOf(queued.name)!.outputs).toMatchObject({ status: "ACTIVE" });

  sim.control.resetCalls();
  await ob.stack.destroy();
  const writes = sim.control.calls().filter((c) => c.method !== "GET").map((c) => `${c.method} ${c.path}`);
  expect(writes.sort()).toEqual([`POST /api/v1/task/dag/${failed.id}`, "POST /api/v1/ob/scale_in"].sort());
  expect(sim.control.dagsFor(leaving.agent.host, leaving.agent.port, "scale in")).toHaveLength(1);
  expect(sim.control.snapshot().servers).toHaveLength(3);
  expect(ob.stack.resources()).toEqual([]);
});
