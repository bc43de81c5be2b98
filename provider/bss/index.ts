export { BssClient, ORDER_COMPLETED, ORDER_IN_PROGRESS, type OrderInfo } from "./client";
export { bssEndpoint } from "./endpoint";
export { observeOrder, settleOrder } from "./wait";
