import { waitFor, type Observation, type Reporter } from "../wait";
import { ORDER_COMPLETED, ORDER_IN_PROGRESS, type BssClient, type OrderInfo } from "./client";

export function observeOrder(order: OrderInfo): Observation<OrderInfo> {
  if (order.status === ORDER_COMPLETED) return { state: "done", value: order };
  if (ORDER_IN_PROGRESS.has(order.status)) return { state: "pending", status: `order status ${order.status}` };
  return { state: "failed", reason: `order ${order.orderId} ended with status ${order.status}`, status: String(order.status) };
}

/** Follows an order until completed (an unpaid order stays in progress until the deadline). */
export function settleOrder(bss: BssClient, options: { label: string; orderId: string; timeoutMs: number; startedAt?: number; report?: Reporter }): Promise<OrderInfo> {
  return waitFor({
    label: `${options.label} (order ${options.orderId})`,
    timeoutMs: options.timeoutMs,
    startedAt: options.startedAt,
    report: options.report,
    pollFirstAfterDelay: true,
    observe: async () => observeOrder(await bss.getOrder(options.orderId)),
  });
}
