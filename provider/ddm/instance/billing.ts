import type { CreateInstanceRequest } from "../client/types";
import type { CheckFailure } from "../../resource/validation";
import { isUnknown } from "../../resource/values";
import type { InstanceInputs } from "./types";

/**
 * Yearly/monthly instances (reference §4.1.1): the rules of the charging inputs, and what can
 * change after creation. The charging mode and the period are chosen once: the DDM and billing
 * APIs offer no call that converts an instance or changes its period (renewals and conversions
 * are console operations), so a change is refused rather than made by a replacement nobody asked
 * for. Auto-renew changes in place.
 */

export const MAX_PERIOD = { month: 9, year: 1 } as const;

const given = (value: unknown) => value !== undefined && value !== null;

export function isPrePaid(inputs: Partial<InstanceInputs>): boolean {
  return inputs.chargingMode === "prePaid";
}

/** The charging rules of one declaration (the types are checked by the Validator). */
export function billingProblems(news: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason: `${property} ${reason}` });
  const { chargingMode, period, periodUnit, autoRenew } = news;
  if (isUnknown(chargingMode)) return failures;
  if (chargingMode !== "prePaid") {
    for (const [key, value] of Object.entries({ period, periodUnit, autoRenew })) {
      if (given(value)) fail(key, `applies to yearly/monthly instances only: set chargingMode to "prePaid", or remove ${key}`);
    }
    return failures;
  }
  if (!given(period)) fail("period", "is required when chargingMode is prePaid");
  if (!given(periodUnit)) fail("periodUnit", "is required when chargingMode is prePaid");
  if ((periodUnit === "month" || periodUnit === "year") && typeof period === "number" && Number.isInteger(period) && !isUnknown(period)) {
    const max = MAX_PERIOD[periodUnit];
    if (period < 1 || period > max) fail("period", `must be 1${max > 1 ? ` to ${max}` : ""} when periodUnit is ${periodUnit}, got ${period}`);
  }
  return failures;
}

/** What `check` says about a change of the charging inputs of an existing instance. */
export function billingChangeProblems(olds: Record<string, unknown>, news: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const before = olds.chargingMode ?? "postPaid";
  const after = news.chargingMode ?? "postPaid";
  if (!isUnknown(after) && before !== after) {
    failures.push({
      property: "chargingMode",
      reason:
        `chargingMode cannot change from ${String(before)} to ${String(after)}: no API converts an existing instance (it is done in the billing console), ` +
        `and this resource will not replace a database to change how it is paid for. Convert it in the console and then declare "${String(after)}" ` +
        `with its period, or create a new instance under another resource name and move to it.`,
    });
    return failures;
  }
  for (const key of ["period", "periodUnit"] as const) {
    if (before === "prePaid" && !isUnknown(news[key]) && olds[key] !== news[key]) {
      failures.push({
        property: key,
        reason:
          `${key} cannot change on an existing instance: the period is that of the first subscription, and renewals are made in the billing console. ` +
          `Put back ${JSON.stringify(olds[key])}; autoRenew can change in place.`,
      });
    }
  }
  return failures;
}

/** `extend_param` of the create request; undefined for pay-per-use. */
export function extendParam(inputs: InstanceInputs): CreateInstanceRequest["extend_param"] {
  if (!isPrePaid(inputs)) return undefined;
  return {
    charge_mode: "prePaid",
    period_type: inputs.periodUnit,
    period_num: inputs.period,
    is_auto_renew: inputs.autoRenew ? "true" : "false",
    // An order left unpaid would never complete: the provider pays it from the balance.
    is_auto_pay: "true",
  };
}
