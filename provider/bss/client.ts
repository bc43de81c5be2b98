import { path } from "../cloud/path";
import type { ServiceProfile } from "../cloud/service";
import type { CloudSession } from "../cloud/session";
import { asObject, malformed } from "../cloud/shape";
import type { RequestSpec } from "../cloud/transport";

/**
 * The calls of Huawei Cloud's billing service (BSS) that yearly/monthly resources need, on the
 * same session as every other service of the credential: one signer, rate limit and retry policy
 * (issue 13, from the Terraform provider). BSS is domain-wide: no project id in its paths.
 */

export const BSS_SERVICE: ServiceProfile = { name: "BSS", advice: {}, busyCodes: new Set(), unavailableCodes: new Set(), notFoundCodes: new Set() };

/** `order_info.status`: 5 is completed; 2, 3 and 6 are still in progress. */
export const ORDER_COMPLETED = 5;
export const ORDER_IN_PROGRESS: ReadonlySet<number> = new Set([2, 3, 6]);

export interface OrderInfo {
  orderId: string;
  status: number;
}

export class BssClient {
  constructor(
    private readonly session: CloudSession,
    readonly endpoint: string,
  ) {}

  private send<T>(spec: Omit<RequestSpec, "service" | "baseUrl">) {
    return this.session.send<T>({ ...spec, service: BSS_SERVICE, baseUrl: this.endpoint });
  }

  async getOrder(orderId: string): Promise<OrderInfo> {
    const operation = "read order";
    const response = await this.send<unknown>({ operation, method: "GET", path: path`/v2/orders/customer-orders/details/${orderId}` });
    const info = asObject(operation, asObject(operation, response.data, response.requestId).order_info, response.requestId);
    const status = Number(info.status);
    if (!Number.isInteger(status)) throw malformed(operation, "order_info.status is not a number", response.requestId);
    return { orderId, status };
  }

  /** Unsubscribes (type 1) a yearly/monthly resource; answers the orders it placed. */
  async unsubscribe(resourceId: string): Promise<string[]> {
    const operation = "unsubscribe resource";
    const response = await this.send<unknown>({
      operation,
      method: "POST",
      path: "/v2/orders/subscriptions/resources/unsubscribe",
      body: { resource_ids: [resourceId], unsubscribe_type: 1 },
    });
    const ids = asObject(operation, response.data ?? {}, response.requestId).order_ids;
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
  }

  async setAutoRenew(resourceId: string, enabled: boolean): Promise<void> {
    const resource = path`/v2/orders/subscriptions/resources/autorenew/${resourceId}`;
    await this.send<unknown>(
      enabled
        ? { operation: "enable auto-renew", method: "POST", path: resource, body: { resource_id: resourceId, action_id: "autorenew" }, idempotent: true }
        : { operation: "disable auto-renew", method: "DELETE", path: resource, query: { action_id: "autorenew" } },
    );
  }
}
