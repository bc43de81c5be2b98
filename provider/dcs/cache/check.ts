import { IMPORT_KEY } from "../../resource/adoption";
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
  required,
  strongPassword,
  timeouts,
  Validator,
  type CheckFailure,
  type Rule,
} from "../../resource/validation";
import { isUnknown } from "../../resource/values";
import { cacheModeOf, capacityNamedBy } from "./flavors";
import { CACHE_INPUT_KEYS } from "./types";

/** DCS instance names: 4–64 characters, a letter first, then letters, digits, underscores and hyphens. */
export const cacheName: Rule[] = [
  isString,
  length(4, 64),
  matches(/^[A-Za-z]/, "must start with a letter"),
  matches(/^[A-Za-z0-9_-]+$/, "may contain only letters, digits, underscores and hyphens"),
];

export const CACHE_PASSWORD_SPECIALS = "~!@#$^&*()-_=+\\|{}:,<.>/?";
const cachePassword = strongPassword({ min: 8, max: 64, specials: CACHE_PASSWORD_SPECIALS, notFirst: "/" });

/** GB: a positive number; below 1 GB only the small sizes exist. */
const capacityRule: Rule = (value) => {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) return "must be a positive number of GB";
  if (value < 1 && ![0.125, 0.25, 0.5].includes(value)) return "below 1 GB must be 0.125, 0.25 or 0.5";
  return undefined;
};

const windowBoundary: Rule[] = [isString, matches(/^([01]\d|2[0-3]):00:00$/, 'must be a whole hour, "HH:00:00"')];
const ipAddress: Rule = all(isString, matches(/^(\d{1,3}\.){3}\d{1,3}$/, "must be an IPv4 address"));

/** Options Memcached does not have. */
const REDIS_ONLY = ["engineVersion", "port", "reservedIps"] as const;

const present = (value: unknown) => value !== undefined && value !== null;

/** Every rule the documents give for a cache instance's inputs, and for changing one, per property. */
export function checkCache(news: Record<string, unknown>, olds?: Record<string, unknown>): CheckFailure[] {
  const v = new Validator(news)
    .onlyKnown([...CACHE_INPUT_KEYS, IMPORT_KEY])
    .check("name", required, ...cacheName)
    .check("engine", required, isString, oneOf(["Redis", "Memcached"]))
    .check("engineVersion", optional(isString, nonEmpty, length(1, 16)))
    .check("capacity", required, capacityRule)
    .check("specCode", required, isString, nonEmpty, length(1, 128))
    .check("availabilityZones", required, listOf(all(isString, nonEmpty, length(1, 64)), { min: 1, unique: true }))
    .check("vpcId", required, identifier)
    .check("subnetId", required, identifier)
    .check("securityGroupId", optional(identifier))
    .check("password", optional(cachePassword))
    .check("noPasswordAccess", optional(isBoolean))
    .check("port", optional(integer(1, 65535)))
    .check("maintainBegin", optional(...windowBoundary))
    .check("maintainEnd", optional(...windowBoundary))
    .check("reservedIps", optional(listOf(ipAddress, { min: 1, unique: true })))
    .check("timeouts", optional(timeouts(["create", "update", "delete"])))
    .check(IMPORT_KEY, optional(identifier));

  const { engine, specCode, capacity } = news;
  if (engine === "Redis" && !present(news.engineVersion)) v.fail("engineVersion", "is required for Redis");
  if (engine === "Memcached") {
    for (const key of REDIS_ONLY) if (present(news[key])) v.fail(key, "is a Redis option; Memcached has none");
    if (!present(news.securityGroupId)) v.fail("securityGroupId", "is required for Memcached");
  }
  const noPassword = news.noPasswordAccess === true;
  if (!isUnknown(news.password) && !isUnknown(news.noPasswordAccess)) {
    if (!present(news.password) && !noPassword) v.fail("password", "is required unless noPasswordAccess is true");
    if (present(news.password) && noPassword) v.fail("password", "must not be given with noPasswordAccess: true");
  }
  if (present(news.maintainBegin) !== present(news.maintainEnd)) {
    v.fail(present(news.maintainBegin) ? "maintainEnd" : "maintainBegin", "is required together with " + (present(news.maintainBegin) ? "maintainBegin" : "maintainEnd"));
  }
  if (typeof specCode === "string" && typeof capacity === "number") {
    const named = capacityNamedBy(specCode);
    if (named !== undefined && named !== capacity) v.fail("capacity", `${capacity} GB is not offered for ${specCode}, which is ${named} GB`);
  }
  if (olds && typeof olds.capacity === "number" && typeof capacity === "number" && capacity < olds.capacity) {
    const oldMode = (typeof olds.cacheMode === "string" ? olds.cacheMode : undefined) ?? cacheModeOf(String(olds.specCode ?? ""));
    const newMode = typeof specCode === "string" ? cacheModeOf(specCode) : undefined;
    if ((oldMode === "cluster" || newMode === "cluster") && newMode !== "single" && newMode !== "ha" && !present(news.reservedIps)) {
      v.fail("reservedIps", "is required when a cluster shrinks: name the shards to keep, or the service removes shards at random");
    }
    if (oldMode === "proxy" && olds.engineVersion === "3.0") v.fail("capacity", "cannot shrink a Proxy Cluster Redis 3.0 instance");
  }
  return v.failures;
}
