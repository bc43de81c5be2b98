import {
  all,
  identifier,
  integer,
  isBoolean,
  isString,
  length,
  listOf,
  matches,
  nonEmpty,
  oneOf,
  optional,
  password,
  required,
  timeouts,
  Validator,
  type CheckFailure,
  type Rule,
} from "../../resource/validation";
import { IMPORT_KEY } from "../../resource/adoption";
import { isUnknown } from "../../resource/values";
import { billingChangeProblems, billingProblems } from "./billing";
import { parameterMap } from "./parameters";
import { flavorSeriesProblem } from "./plan";
import { INPUT_KEYS } from "./types";

export const TIME_ZONES = [
  "UTC",
  ...["12", "11", "10", "09", "08", "07", "06", "05", "04", "03", "02", "01"].map((h) => `UTC-${h}:00`),
  ...["01", "02", "03", "05", "06", "07", "08", "09", "10", "11", "12"].map((h) => `UTC+${h}:00`),
];

export const instanceName: Rule[] = [
  isString,
  length(4, 64),
  matches(/^[A-Za-z]/, "must start with a letter"),
  matches(/^[A-Za-z0-9-]+$/, "may contain only letters, digits and hyphens"),
];

export const adminUsername: Rule[] = [
  isString,
  length(1, 32),
  matches(/^[A-Za-z]/, "must start with a letter"),
  matches(/^[A-Za-z0-9_]+$/, "may contain only letters, digits and underscores"),
];

/** Every rule of the API reference for an instance's inputs, reported per property. */
export function checkInstance(news: Record<string, unknown>, olds?: Record<string, unknown>): CheckFailure[] {
  const v = new Validator(news)
    .onlyKnown([...INPUT_KEYS, IMPORT_KEY])
    .check("name", required, ...instanceName)
    .check("flavor", required, isString, nonEmpty, length(1, 128))
    .check("nodeNum", required, integer(1, 1024))
    .check("engine", optional(isString, nonEmpty, length(1, 128)))
    .check("availabilityZones", required, listOf(all(isString, nonEmpty, length(1, 64)), { min: 1, unique: true }))
    .check("vpcId", required, identifier)
    .check("subnetId", required, identifier)
    .check("securityGroupId", required, identifier)
    .check("paramGroupId", optional(identifier))
    .check("timeZone", optional(isString, oneOf(TIME_ZONES)))
    .check("enterpriseProjectId", optional(identifier))
    .check("adminUsername", optional(...adminUsername))
    .check("adminPassword", optional(password))
    .check("groupId", optional(identifier))
    .check("chargingMode", optional(isString, oneOf(["postPaid", "prePaid"])))
    .check("period", optional(integer(1, 9)))
    .check("periodUnit", optional(isString, oneOf(["month", "year"])))
    .check("autoRenew", optional(isBoolean))
    .check("parameters", optional(parameterMap))
    .check("restartForParameters", optional(isBoolean))
    .check("deleteRdsData", optional(isBoolean))
    .check("timeouts", optional(timeouts(["create", "update", "delete"])))
    .check(IMPORT_KEY, optional(identifier));
  const hasUser = news.adminUsername !== undefined && news.adminUsername !== null;
  const hasPassword = news.adminPassword !== undefined && news.adminPassword !== null;
  if (hasUser !== hasPassword) {
    v.fail(hasUser ? "adminPassword" : "adminUsername", "is required together with " + (hasUser ? "adminUsername" : "adminPassword"));
  }
  v.failures.push(...billingProblems(news));
  if (olds && Object.keys(olds).length) v.failures.push(...billingChangeProblems(olds, news));
  const oldFlavor = olds?.flavor;
  if (typeof oldFlavor === "string" && typeof news.flavor === "string" && !isUnknown(news.flavor)) {
    const problem = flavorSeriesProblem(oldFlavor, news.flavor);
    if (problem) v.fail("flavor", problem);
  }
  return v.failures;
}
