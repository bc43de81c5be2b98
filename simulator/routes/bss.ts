import { parameterError } from "../errors";
import { fieldsOf, optionalBoolean, optionalString, requiredInteger, type Fields } from "../input";
import type { Router } from "../router";
import { deleteInstance } from "../state/instances";
import { findOrder, placeOrder, requirePrePaid, type Billing } from "../state/orders";
import type { DdmState } from "../state/store";
import { formatTime } from "./format";

/**
 * The billing service's calls for yearly/monthly instances (issue 13, from the Terraform
 * provider): order details, unsubscribing, auto-renew. Its errors are `{error_code, error_msg}`.
 */

/** `extend_param` of a create (reference §4.1.1): undefined for pay-per-use. */
export function billingOf(extend: Fields | undefined): Billing | undefined {
  if (extend === undefined) return undefined;
  const mode = optionalString(extend, "charge_mode") ?? "postPaid";
  if (mode !== "prePaid" && mode !== "postPaid") throw parameterError("charge_mode must be prePaid or postPaid.");
  if (mode === "postPaid") return undefined;
  const periodType = optionalString(extend, "period_type");
  if (periodType !== "month" && periodType !== "year") throw parameterError("period_type is required for prePaid and must be month or year.");
  const periodNum = requiredInteger(extend, "period_num", 1);
  if (periodNum > (periodType === "month" ? 9 : 1)) throw parameterError(`period_num must be 1 to ${periodType === "month" ? 9 : 1} for period_type ${periodType}.`);
  return {
    periodType,
    periodNum,
    autoRenew: optionalBoolean(extend, "is_auto_renew") ?? false,
    autoPay: optionalBoolean(extend, "is_auto_pay") ?? false,
  };
}

export function bssRoutes(router: Router, state: DdmState): void {
  const v3 = { dialect: "v3" as const };

  router.add(
    "GET",
    "/v2/orders/customer-orders/details/:orderId",
    ({ params }) => {
      const order = findOrder(state, params.orderId);
      return {
        body: {
          order_info: { order_id: order.id, order_type: order.type, status: order.status, create_time: formatTime(order.createdAt) },
          order_line_items: [{ order_id: order.id, resource_id: order.resourceId, service_type_code: "hws.service.type.ddm" }],
        },
      };
    },
    v3,
  );

  router.add(
    "POST",
    "/v2/orders/subscriptions/resources/unsubscribe",
    ({ body, now }) => {
      const fields = fieldsOf(body, "The request body", ["resource_ids", "unsubscribe_type", "unsubscribe_reason_type", "unsubscribe_reason"]);
      const ids = fields.resource_ids;
      if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== "string")) throw parameterError("resource_ids must be a list of resource ids.");
      if (fields.unsubscribe_type !== 1) throw parameterError("unsubscribe_type must be 1 (unsubscribe the resources).");
      const instances = (ids as string[]).map((id) => state.instance(id));
      for (const instance of instances) requirePrePaid(instance);
      const orderIds = instances.map((instance) => {
        deleteInstance(state, instance.id, now);
        return placeOrder(state, 4, instance, now).id;
      });
      return { body: { order_ids: orderIds } };
    },
    v3,
  );

  const autoRenew = "/v2/orders/subscriptions/resources/autorenew/:resourceId";
  router.add(
    "POST",
    autoRenew,
    ({ params, body }) => {
      const fields = fieldsOf(body ?? {}, "The request body", ["resource_id", "action_id"]);
      if (fields.action_id !== undefined && fields.action_id !== "autorenew") throw parameterError("action_id must be autorenew.");
      requirePrePaid(state.instance(params.resourceId)).autoRenew = true;
      return { status: 204 };
    },
    v3,
  );
  router.add(
    "DELETE",
    autoRenew,
    ({ params }) => {
      requirePrePaid(state.instance(params.resourceId)).autoRenew = false;
      return { status: 204 };
    },
    v3,
  );
}
