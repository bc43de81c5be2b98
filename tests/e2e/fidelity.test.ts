import type { Simulator } from "../../simulator";
import { DeploymentError } from "../engine";
import { startTestSimulator } from "../support/simulator";
import { SECRETS, topologyStack, type TopologyStack } from "./topology-stack";

/**
 * Issue 12 end to end: the example program, unmodified, through the SDK's language runtime and
 * dynamic-provider server, against a simulator that follows the service where the reference errs.
 */
jest.setTimeout(180_000);

let sim: Simulator;
let topo: TopologyStack;
const seen: string[] = [];

beforeAll(async () => {
  // The operator's key holds no IAM permission: the project id must come from /v3/auth/projects.
  sim = await startTestSimulator({
    rateLimit: { limit: 6000, windowMs: 60_000 },
    credentials: [{ accessKey: "SIMULATORACCESSKEY01", secretKey: SECRETS["ddm:secretKey"], iamPermissions: false }],
  });
  topo = topologyStack(sim, { onEvent: (event) => event.type === "log" && seen.push(event.entry.message) });
});
afterAll(async () => {
  topo.cleanup();
  await sim.close();
});

const instance = () => sim.control.snapshot().instances[0];

test("up: the administrator is set at create (the SDK's spelling), the project found without IAM permissions", async () => {
  await topo.stack.up();
  expect(instance()).toMatchObject({ status: "RUNNING", adminUserName: "root" });
  const create = sim.control.calls().find((c) => c.method === "POST" && c.path.endsWith("/instances"))!;
  expect(create.body).toMatchObject({ instance: { admin_user_name: "root", admin_user_password: "***" } });
  expect(sim.control.calls().filter((c) => c.path === "/v3/projects")).toEqual([]);
});

test("a frozen instance fails the next up at once, naming the status and what to do; after the top-up, up finishes", async () => {
  sim.control.driftInstance(instance().id, { status: "FROZEN" });
  topo.stack.setConfig("nodeNum", "3");
  const started = Date.now();
  const error = await topo.stack.up().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeploymentError);
  const message = (error as DeploymentError).message;
  seen.push(message);
  expect(message).toMatch(/orders-ddm: scaling out 2 → 3 nodes failed: instance is FROZEN; .*top up/);
  expect(message.match(/scaling out 2 → 3 nodes/g)).toHaveLength(1);
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(instance().groups[0].nodes).toHaveLength(2);

  sim.control.driftInstance(instance().id, { status: "RUNNING" });
  const retry = await topo.stack.up();
  expect(retry.summary.update).toBe(1);
  expect(instance().groups[0].nodes).toHaveLength(3);
});

test("destroy removes everything; no secret was printed", async () => {
  await topo.stack.destroy();
  expect(sim.control.snapshot().instances).toEqual([]);
  const everything = seen.join("\n");
  for (const secret of Object.values(SECRETS)) expect(everything).not.toContain(secret);
});
