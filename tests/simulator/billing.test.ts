import type { Simulator } from "../../simulator";
import { call, instanceBody, manualClock, simulator } from "./helpers";

/** The billing service of yearly/monthly instances: orders that take time, unsubscribing, auto-renew. */

const clock = manualClock();
let sim: Simulator;
beforeAll(async () => {
  sim = await simulator({ now: clock.now, durations: { order: 500, createInstance: 800, deleteInstance: 300 } });
});
afterAll(() => sim.close());

async function buy(extend: Record<string, unknown> = {}): Promise<{ id: string; orderId: string }> {
  const body = { ...(await instanceBody(sim)), extend_param: { charge_mode: "prePaid", period_type: "month", period_num: 3, is_auto_pay: "true", ...extend } };
  const { data } = await call(sim, "POST", "/v1/{p}/instances", { body });
  return { id: data.id, orderId: data.order_id };
}

const order = async (orderId: string) => (await call(sim, "GET", `/v2/orders/customer-orders/details/${orderId}`)).data.order_info;

test("an order is in progress (2) for its duration, then completed (5); unpaid ones wait", async () => {
  const { id, orderId } = await buy();
  expect(await order(orderId)).toMatchObject({ order_id: orderId, status: 2, order_type: 1 });
  clock.advance(500);
  expect((await order(orderId)).status).toBe(5);
  clock.advance(300);
  expect((await call(sim, "GET", `/v1/{p}/instances/${id}`)).data.status).toBe("RUNNING");
  const unpaid = await buy({ is_auto_pay: "false" });
  clock.advance(10_000);
  expect((await order(unpaid.orderId)).status).toBe(2);
  const missing = await call(sim, "GET", "/v2/orders/customer-orders/details/CS0000");
  expect(missing).toMatchObject({ status: 404, data: { error_code: "CBC.0101" } });
});

test("changes need is_auto_pay and answer an order; DELETE is refused; unsubscribing removes the instance", async () => {
  const { id } = await buy();
  clock.advance(1_000);
  const { flavorId } = await import("./helpers").then((h) => h.flavorIdOf(sim, "ddm.c6.2xlarge.2"));
  const unpaid = await call(sim, "POST", `/v2/{p}/instances/${id}/action/enlarge`, { body: { flavor_id: flavorId, node_number: 1 } });
  expect(unpaid.data.externalMessage).toMatch(/set is_auto_pay to true/);
  const paid = await call(sim, "POST", `/v2/{p}/instances/${id}/action/enlarge`, { body: { flavor_id: flavorId, node_number: 1, is_auto_pay: true } });
  expect(paid.data).toEqual({ instanceId: id, instanceName: expect.any(String), orderId: expect.any(String) });
  clock.advance(1_000);

  expect((await call(sim, "DELETE", `/v1/{p}/instances/${id}`)).data.externalMessage).toMatch(/unsubscribe it/);
  await call(sim, "POST", `/v2/orders/subscriptions/resources/autorenew/${id}`, { body: { resource_id: id, action_id: "autorenew" } });
  expect(sim.control.snapshot().instances.find((i) => i.id === id)!.billing!.autoRenew).toBe(true);
  expect((await call(sim, "DELETE", `/v2/orders/subscriptions/resources/autorenew/${id}`, { query: { action_id: "autorenew" } })).status).toBe(204);
  expect(sim.control.snapshot().instances.find((i) => i.id === id)!.billing!.autoRenew).toBe(false);

  const wrongType = await call(sim, "POST", "/v2/orders/subscriptions/resources/unsubscribe", { body: { resource_ids: [id], unsubscribe_type: 2 } });
  expect(wrongType.status).toBe(400);
  const unsubscribed = await call(sim, "POST", "/v2/orders/subscriptions/resources/unsubscribe", { body: { resource_ids: [id], unsubscribe_type: 1 } });
  expect(unsubscribed.data.order_ids).toHaveLength(1);
  clock.advance(300);
  expect((await call(sim, "GET", `/v1/{p}/instances/${id}`)).status).toBe(404);
});

test("a pay-per-use instance cannot be unsubscribed", async () => {
  const { data } = await call(sim, "POST", "/v1/{p}/instances", { body: await instanceBody(sim) });
  const refused = await call(sim, "POST", "/v2/orders/subscriptions/resources/unsubscribe", { body: { resource_ids: [data.id], unsubscribe_type: 1 } });
  expect(refused).toMatchObject({ status: 400, data: { error_code: "CBC.30000052" } });
});
