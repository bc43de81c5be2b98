import type { CallRecord, Simulator } from "../../simulator";
import { DeploymentError, type OperationResult } from "../engine";
import { startTestSimulator } from "../support/simulator";
import { productionStack } from "./production-stack";

/**
 * A yearly/monthly instance, end to end (issue 13 part 1): bought by an order followed in the
 * billing service, scaled with the order paid, auto-renew changed in place, unsubscribed on
 * destroy; with authentication and faults on.
 */
jest.setTimeout(240_000);

let sim: Simulator;
let prod: ReturnType<typeof productionStack>;

beforeAll(async () => {
  sim = await startTestSimulator({
    rateLimit: { limit: 6000, windowMs: 60_000 },
    durations: { order: 400 },
    faults: { seed: 21, error500Rate: 0.04, error429Rate: 0.03, busyRate: 0.03 },
  });
  prod = productionStack(sim);
  for (const [key, value] of Object.entries({ chargingMode: "prePaid", period: "3", periodUnit: "month", nodeNum: "2" })) prod.stack.setConfig(key, value);
});
afterAll(async () => {
  prod.cleanup();
  await sim.close();
});

const instance = () => sim.control.snapshot().instances[0];
const writes = (calls: CallRecord[]) =>
  calls.filter((c) => c.method !== "GET" && !c.path.startsWith("/v3/auth") && c.status !== undefined && c.status < 300);

async function failed(operation: Promise<OperationResult>): Promise<string> {
  const error = await operation.then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(DeploymentError);
  return (error as DeploymentError).message;
}

test("up buys the instance by an order, follows it in the billing service, then the instance", async () => {
  await prod.stack.up();
  const calls = sim.control.calls();
  const create = writes(calls).find((c) => c.method === "POST" && /\/v1\/[^/]+\/instances$/.test(c.path))!;
  expect((create.body as Record<string, unknown>).extend_param).toEqual({
    charge_mode: "prePaid",
    period_type: "month",
    period_num: 3,
    is_auto_renew: "false",
    is_auto_pay: "true",
  });
  const [order] = sim.control.snapshot().orders;
  expect(order).toMatchObject({ type: 1, status: 5, resourceId: instance().id });
  expect(calls.some((c) => c.path === `/v2/orders/customer-orders/details/${order.id}` && c.status === 200)).toBe(true);
  expect(instance()).toMatchObject({ status: "RUNNING", billing: { periodType: "month", periodNum: 3, autoRenew: false } });
});

test("scaling a yearly/monthly instance pays its order from the balance", async () => {
  sim.control.resetCalls();
  prod.stack.setConfig("nodeNum", "3");
  const up = await prod.stack.up();
  expect(up.outputs.nodeCount).toBe(3);
  const enlarge = writes(sim.control.calls()).filter((c) => c.path.endsWith("/action/enlarge"));
  expect(enlarge.map((c) => c.body)).toEqual([expect.objectContaining({ is_auto_pay: true, node_number: 1 })]);
});

test("auto-renew changes in place through the billing service", async () => {
  sim.control.resetCalls();
  prod.stack.setConfig("autoRenew", "true");
  expect((await prod.stack.up()).summary).toMatchObject({ update: 1 });
  expect(instance().billing!.autoRenew).toBe(true);
  prod.stack.setConfig("autoRenew", "false");
  await prod.stack.up();
  expect(instance().billing!.autoRenew).toBe(false);
  expect(writes(sim.control.calls()).map((c) => `${c.method} ${c.path}`)).toEqual([
    `POST /v2/orders/subscriptions/resources/autorenew/${instance().id}`,
    `DELETE /v2/orders/subscriptions/resources/autorenew/${instance().id}`,
  ]);
});

test.each([
  [{ chargingMode: "postPaid" }, /chargingMode cannot change from prePaid to postPaid: no API converts an existing instance/],
  [{ period: "6" }, /period cannot change on an existing instance: the period is that of the first subscription/],
  [{ periodUnit: "year" }, /periodUnit cannot change on an existing instance/],
  [{ period: "12" }, /period must be between 1 and 9, got 12/],
])("changing %j fails in check, saying what is possible", async (config, message) => {
  sim.control.resetCalls();
  for (const [key, value] of Object.entries(config)) prod.stack.setConfig(key, value);
  expect(await failed(prod.stack.preview())).toMatch(message);
  expect(writes(sim.control.calls())).toEqual([]);
  for (const [key, value] of Object.entries({ chargingMode: "prePaid", period: "3", periodUnit: "month" })) prod.stack.setConfig(key, value);
});

test("destroy unsubscribes the instance instead of deleting it, and follows it until it is gone", async () => {
  sim.control.resetCalls();
  await prod.stack.destroy();
  expect(sim.control.snapshot().instances).toEqual([]);
  const calls = writes(sim.control.calls()).map((c) => `${c.method} ${c.path}`);
  expect(calls).toContain("POST /v2/orders/subscriptions/resources/unsubscribe");
  expect(calls.filter((c) => /^DELETE \/v1\/[^/]+\/instances\/[^/]+$/.test(c))).toEqual([]);
  expect(sim.control.snapshot().orders.map((o) => o.type)).toContain(4);
});
