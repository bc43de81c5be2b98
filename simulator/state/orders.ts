import { randomBytes } from "node:crypto";
import { badRequest, notFound, parameterError } from "../errors";
import type { InstanceRecord } from "./model";
import type { DdmState } from "./store";

/**
 * The billing service (BSS) behind yearly/monthly instances, as issue 13 gives it from reference
 * §4.1.1 and the Terraform provider: buying, changing or unsubscribing a prePaid instance places
 * an order, in progress (status 2) until the order duration has passed, then completed (5).
 */

export const ORDER_IN_PROGRESS = 2;
export const ORDER_COMPLETED = 5;
const ORDER_NOT_FOUND = "CBC.0101";
const NOT_PREPAID = "CBC.30000052";

export interface OrderRecord {
  id: string;
  /** 1 buy, 2 renew, 3 change, 4 unsubscribe: BSS order types. */
  type: 1 | 2 | 3 | 4;
  status: number;
  resourceId: string;
  createdAt: number;
  completedAt?: number;
}

export interface Billing {
  periodType: "month" | "year";
  periodNum: number;
  autoRenew: boolean;
  autoPay: boolean;
}

/** Places an order; an order that is not paid automatically waits for payment, in progress, forever. */
export function placeOrder(state: DdmState, type: OrderRecord["type"], instance: InstanceRecord, at: number, autoPay = true): OrderRecord {
  const order: OrderRecord = { id: `CS${randomBytes(8).toString("hex").toUpperCase()}`, type, status: ORDER_IN_PROGRESS, resourceId: instance.id, createdAt: at };
  state.orders.set(order.id, order);
  if (autoPay) {
    state.schedule("order", at, (_failing, end) => {
      order.status = ORDER_COMPLETED;
      order.completedAt = end;
    });
  }
  return order;
}

export function findOrder(state: DdmState, orderId: string): OrderRecord {
  const order = state.orders.get(orderId);
  if (!order) throw notFound(ORDER_NOT_FOUND, `The order ${orderId} does not exist.`);
  return order;
}

export function requirePrePaid(instance: InstanceRecord): Billing {
  if (!instance.billing) throw badRequest(NOT_PREPAID, `The resource ${instance.id} is not a yearly/monthly resource.`);
  return instance.billing;
}

/** A change to a prePaid instance is an order, paid automatically only when asked to. */
export function changeOrder(state: DdmState, instance: InstanceRecord, isAutoPay: boolean | undefined, at: number): OrderRecord | undefined {
  if (!instance.billing) return undefined;
  if (isAutoPay !== true) throw parameterError("The instance is yearly/monthly: set is_auto_pay to true to pay for the change from the account balance.");
  return placeOrder(state, 3, instance, at);
}
