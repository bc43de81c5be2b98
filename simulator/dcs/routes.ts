import { fieldsOf, optionalBooleanValue, pageOf, pagingOf, optionalString, requiredString, stringList, type Fields } from "../input";
import type { Router } from "../router";
import { DCS_FLAVORS, DCS_ZONES, flavorByCode, type DcsFlavor } from "./catalog";
import { INVALID_PARAMETER, invalid, taskNotFound } from "./errors";
import type { DcsInstanceRecord } from "./model";
import type { CapacityChange, DcsState, NewCache } from "./state";
import { parseTaskTime, progressView, taskView } from "./tasks";

/**
 * The DCS API of DCS-FACTS.md and the extend seed page: flavors, instances (create, read, list,
 * modify, delete), `POST /v1.0/…/extend` and `POST /v2/…/resize`. Errors are `{error_code, error_msg}`.
 */

const CREATE_FIELDS = [
  "name",
  "engine",
  "engine_version",
  "capacity",
  "spec_code",
  "az_codes",
  "vpc_id",
  "subnet_id",
  "security_group_id",
  "password",
  "no_password_access",
  "port",
  "instance_num",
  "maintain_begin",
  "maintain_end",
  "tags",
  "bss_param",
  "description",
  "enterprise_project_id",
  "private_ip",
];
const RESIZE_FIELDS = ["spec_code", "new_capacity", "change_type", "available_zones", "node_list", "reserved_ip", "execute_immediately", "bss_param"];
const CHANGE_TYPES = ["createReplication", "deleteReplication", "addSharding", "instanceType"];
const PASSWORD_SPECIALS = "~!@#$^&*()-_=+\\|{}:,<.>/?";

function fields(body: unknown, what: string, allowed: readonly string[]): Fields {
  return fieldsOf(body, what, allowed, INVALID_PARAMETER);
}

function text(fieldsIn: Fields, key: string): string {
  return requiredString(fieldsIn, key, INVALID_PARAMETER);
}

function optionalText(fieldsIn: Fields, key: string): string | undefined {
  return optionalString(fieldsIn, key, INVALID_PARAMETER);
}

function capacityOf(value: unknown, key: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw invalid(`${key} must be a positive number of GB.`);
  return value;
}

/** 4–64 characters: a letter first, then letters, digits, underscores and hyphens. */
function nameOf(fieldsIn: Fields): string {
  const name = text(fieldsIn, "name");
  if (!/^[A-Za-z][A-Za-z0-9_-]{3,63}$/.test(name)) {
    throw invalid("name must be 4 to 64 characters: a letter first, then letters, digits, underscores and hyphens.");
  }
  return name;
}

/** 8–64 characters of at least three kinds (upper, lower, digits, specials), not starting with "/". */
function checkPassword(password: string): void {
  const kinds = [/[A-Z]/, /[a-z]/, /[0-9]/, /[~!@#$^&*()\-_=+\\|{}:,<.>/?]/].filter((kind) => kind.test(password)).length;
  const allowed = /^[A-Za-z0-9~!@#$^&*()\-_=+\\|{}:,<.>/?]+$/.test(password);
  if (password.length < 8 || password.length > 64 || !allowed || kinds < 3 || password.startsWith("/")) {
    throw invalid(`password must be 8 to 64 characters of at least three of: upper-case, lower-case, digits and ${PASSWORD_SPECIALS}, not starting with /.`);
  }
}

const WINDOW = /^([01]\d|2[0-3]):00:00$/;

function windowOf(fieldsIn: Fields): { maintainBegin?: string; maintainEnd?: string } {
  const maintainBegin = optionalText(fieldsIn, "maintain_begin");
  const maintainEnd = optionalText(fieldsIn, "maintain_end");
  if ((maintainBegin === undefined) !== (maintainEnd === undefined)) throw invalid("maintain_begin and maintain_end go together.");
  for (const value of [maintainBegin, maintainEnd]) {
    if (value !== undefined && !WINDOW.test(value)) throw invalid(`${value} is not a maintenance window boundary (HH:00:00).`);
  }
  return { maintainBegin, maintainEnd };
}

function offered(flavor: DcsFlavor, capacity: number, engineVersion: string): void {
  if (!flavor.capacities.includes(capacity)) {
    throw invalid(`Capacity ${capacity} GB is not offered for ${flavor.specCode} (offered: ${flavor.capacities.join(", ")}).`);
  }
  if (flavor.engine === "Redis" && !flavor.engineVersions.includes(engineVersion)) {
    throw invalid(`${flavor.specCode} is not sold for Redis ${engineVersion}.`);
  }
}

function parseCreate(body: unknown): NewCache {
  const request = fields(body, "The request body", CREATE_FIELDS);
  const name = nameOf(request);
  const engine = text(request, "engine");
  if (engine !== "Redis" && engine !== "Memcached") throw invalid("engine must be Redis or Memcached.");
  const flavor = flavorByCode(text(request, "spec_code"));
  if (!flavor || flavor.engine !== engine) throw invalid(`spec_code is not a ${engine} flavor.`);
  const engineVersion = engine === "Redis" ? text(request, "engine_version") : (optionalText(request, "engine_version") ?? "");
  const capacity = capacityOf(request.capacity, "capacity");
  offered(flavor, capacity, engineVersion);
  if (request.instance_num !== undefined && request.instance_num !== 1) throw invalid("instance_num must be 1.");
  const azCodes = stringList(request, "az_codes", INVALID_PARAMETER);
  if (azCodes.length === 0 || azCodes.some((az) => !DCS_ZONES.includes(az))) throw invalid(`az_codes must be zones of the region: ${DCS_ZONES.join(", ")}.`);
  const noPasswordAccess = optionalBooleanValue(request, "no_password_access", INVALID_PARAMETER) ?? false;
  const password = optionalText(request, "password");
  if (noPasswordAccess === (password !== undefined)) throw invalid("Give either password or no_password_access: true.");
  if (password !== undefined) checkPassword(password);
  const securityGroupId = optionalText(request, "security_group_id");
  if (engine === "Memcached" && securityGroupId === undefined) throw invalid("security_group_id is required for Memcached.");
  let port: number | undefined;
  if (request.port !== undefined) {
    if (engine !== "Redis") throw invalid("port can only be set for Redis 4.0 and later.");
    if (!Number.isInteger(request.port) || (request.port as number) < 1 || (request.port as number) > 65535) throw invalid("port must be 1 to 65535.");
    port = request.port as number;
  }
  if (request.bss_param !== undefined) {
    const bss = fields(request.bss_param, "bss_param", ["charging_mode", "period_type", "period_num", "is_auto_renew", "is_auto_pay"]);
    if (bss.charging_mode !== undefined && bss.charging_mode !== "postPaid") throw invalid("The simulator sells pay-per-use (postPaid) instances only.");
  }
  return {
    name,
    flavor,
    engineVersion,
    capacity,
    azCodes,
    vpcId: text(request, "vpc_id"),
    subnetId: text(request, "subnet_id"),
    securityGroupId,
    noPasswordAccess,
    port,
    ...windowOf(request),
  };
}

/** GB as the read answer has it: integer `capacity`, 0 with `capacity_minor` for the small sizes. */
function capacityFields(capacity: number): { capacity: number; capacity_minor?: string } {
  return capacity < 1 ? { capacity: 0, capacity_minor: String(capacity).replace(/^0/, "") } : { capacity };
}

function view(instance: DcsInstanceRecord) {
  return {
    instance_id: instance.id,
    name: instance.name,
    engine: instance.engine,
    engine_version: instance.engineVersion,
    spec_code: instance.specCode,
    ...capacityFields(instance.capacity),
    max_memory: Math.floor(instance.capacity * 1024),
    used_memory: instance.usedMemoryMb,
    ip: instance.ip,
    port: instance.port,
    domain_name: instance.domainName,
    status: instance.status,
    task: instance.task,
    az_codes: instance.azCodes,
    vpc_id: instance.vpcId,
    subnet_id: instance.subnetId,
    security_group_id: instance.securityGroupId ?? "",
    no_password_access: String(instance.noPasswordAccess),
    maintain_begin: instance.maintainBegin,
    maintain_end: instance.maintainEnd,
    charging_mode: 0,
    order_id: "",
    created_at: new Date(instance.createdAt).toISOString(),
  };
}

/** ListInstances' entries (the SDK's InstanceListInfo): the read's fields without `task`. */
function listedView(instance: DcsInstanceRecord) {
  const { task: _task, ...listed } = view(instance);
  return listed;
}

/** ListInstances: 10 a page unless asked, at most 1000. */
const LIST_DEFAULT_LIMIT = 10;
const LIST_MAX_LIMIT = 1_000;

/** ListInstances' filters: `instance_id`, `status`, `name` (a part of it, or all of it with `name_equal=true`). */
function listFilter(query: URLSearchParams): (instance: DcsInstanceRecord) => boolean {
  const id = query.get("instance_id");
  const status = query.get("status");
  const name = query.get("name");
  const exact = query.get("name_equal") === "true";
  return (instance) =>
    (!id || instance.id === id) && (!status || instance.status === status) && (!name || (exact ? instance.name === name : instance.name.includes(name)));
}

function flavorView(flavor: DcsFlavor) {
  return {
    spec_code: flavor.specCode,
    cloud_service_type_code: "hws.service.type.dcs",
    engine: flavor.engine,
    engine_version: flavor.engineVersions.join(";"),
    cache_mode: flavor.cacheMode,
    capacity: flavor.capacities.map(String),
    replica_count: flavor.replicaCount,
    flavors_available_zones: flavor.capacities.map((capacity) => ({ capacity: String(capacity), unit: "GB", az_codes: DCS_ZONES })),
  };
}

/** The new flavor and capacity of an extend or resize, checked against the instance. */
function changeOf(instance: DcsInstanceRecord, specCode: string, capacity: number): DcsFlavor {
  const flavor = flavorByCode(specCode);
  if (!flavor || flavor.engine !== instance.engine) throw invalid(`spec_code ${specCode} is not a ${instance.engine} flavor.`);
  offered(flavor, capacity, instance.engineVersion);
  if (flavor.specCode === instance.specCode && capacity === instance.capacity) throw invalid("The new specification is the same as the current one.");
  return flavor;
}

function parseExtend(instance: DcsInstanceRecord, body: unknown): CapacityChange {
  const request = fields(body, "The request body", ["new_capacity", "spec_code"]);
  const capacity = request.new_capacity;
  if (typeof capacity !== "number" || !Number.isInteger(capacity)) throw invalid("new_capacity is required and must be an integer number of GB.");
  if (capacity <= instance.capacity) throw invalid(`new_capacity must be larger than the current capacity (${instance.capacity} GB).`);
  // The seed page: spec_code is optional for Redis 3.0 only, which the simulator does not sell.
  const flavor = changeOf(instance, text(request, "spec_code"), capacity);
  const fromSingleToHa = instance.cacheMode === "single" && flavor.cacheMode === "ha";
  if (flavor.cacheMode !== instance.cacheMode && !fromSingleToHa) {
    throw invalid(`extend cannot change a ${instance.cacheMode} instance into ${flavor.cacheMode}; use resize.`);
  }
  return { flavor, capacity, taskName: "EXTEND" };
}

/** ListBackgroundTask's names: replicas added or removed are their own tasks, every other change is EXTEND. */
const TASK_NAMES: Record<string, string> = { createReplication: "AddReplica", deleteReplication: "DelReplica" };

/** The change type the flavors call for (DCS-FACTS.md): a different type, more or fewer replicas. */
function expectedChangeType(instance: DcsInstanceRecord, flavor: DcsFlavor): string | undefined {
  if (flavor.cacheMode !== instance.cacheMode) return "instanceType";
  if (flavor.replicaCount > instance.replicaCount) return "createReplication";
  if (flavor.replicaCount < instance.replicaCount) return "deleteReplication";
  return undefined;
}

function parseResize(instance: DcsInstanceRecord, body: unknown): CapacityChange {
  const request = fields(body, "The request body", RESIZE_FIELDS);
  const capacity = capacityOf(request.new_capacity, "new_capacity");
  const flavor = changeOf(instance, text(request, "spec_code"), capacity);
  const changeType = optionalText(request, "change_type");
  if (changeType !== undefined && !CHANGE_TYPES.includes(changeType)) throw invalid(`change_type must be one of ${CHANGE_TYPES.join(", ")}.`);
  const expected = expectedChangeType(instance, flavor);
  if (changeType !== expected && !(expected === undefined && changeType === "addSharding" && flavor.cacheMode === "cluster")) {
    throw invalid(`This change needs change_type ${expected ?? "(none)"}, got ${changeType ?? "(none)"}.`);
  }
  if (changeType === "createReplication" && stringList(request, "available_zones", INVALID_PARAMETER).length === 0) {
    throw invalid("available_zones is required when adding replicas.");
  }
  if (request.execute_immediately !== undefined && request.execute_immediately !== true) {
    throw invalid("The simulator executes changes immediately only.");
  }
  let reservedIps: string[] | undefined;
  if (request.reserved_ip !== undefined) {
    reservedIps = stringList(request, "reserved_ip", INVALID_PARAMETER);
    const unknown = reservedIps.find((ip) => !instance.shardIps.includes(ip));
    if (unknown !== undefined) throw invalid(`reserved_ip ${unknown} is not a shard of the instance.`);
    if (reservedIps.length !== flavor.shardCount) throw invalid(`reserved_ip must name ${flavor.shardCount} shards to keep.`);
  }
  return { flavor, capacity, reservedIps, taskName: TASK_NAMES[changeType ?? ""] ?? "EXTEND" };
}

/** ListBackgroundTask: 10 a page unless asked, 1 to 1000 (the API v2 page's range and default). */
const TASKS_DEFAULT_LIMIT = 10;
const TASKS_MAX_LIMIT = 1_000;
/** Who submitted a change, as the listing shows it: the simulator has one user per credential. */
const TASK_USER = { name: "simulator", id: "0b7c1e6d4f2a4e5f8a9b0c1d2e3f4a5b" };

function taskTime(query: URLSearchParams, key: string): number | undefined {
  const raw = query.get(key);
  if (raw === null) return undefined;
  const at = parseTaskTime(raw);
  if (at === undefined) throw invalid(`${key} must be a UTC time as yyyyMMddHHmmss, such as 20200609160000.`);
  return at;
}

/** ListBackgroundTask and ShowBackgroundTaskProgress (DCS API v2, background task management). */
function taskRoutes(router: Router, state: DcsState, instance: string): void {
  const v3 = { dialect: "v3" as const };
  router.add(
    "GET",
    `${instance}/tasks`,
    ({ params, query }) => {
      const paging = pagingOf(query, TASKS_DEFAULT_LIMIT, TASKS_MAX_LIMIT, invalid);
      const from = taskTime(query, "start_time");
      // end_time names a whole second: every task created within it is in.
      const to = taskTime(query, "end_time");
      const tasks = state.tasksOf(params.instanceId, from, to === undefined ? undefined : to + 999);
      return { body: { task_count: String(tasks.length), tasks: pageOf(tasks, paging).map((task) => taskView(task, TASK_USER)) } };
    },
    v3,
  );
  router.add(
    "GET",
    `${instance}/tasks/:taskId/progress`,
    ({ params, now }) => {
      state.instance(params.instanceId);
      const task = state.tasks.get(params.taskId);
      if (!task || task.instanceId !== params.instanceId) throw taskNotFound(params.taskId);
      return { body: progressView(task, now) };
    },
    v3,
  );
}

export interface DcsRouteOptions {
  /** Offer the background-task API (default): without, its paths answer 404 as any unknown path. */
  backgroundTasks?: boolean;
}

export function dcsRoutes(router: Router, state: DcsState, options: DcsRouteOptions = {}): void {
  const v3 = { dialect: "v3" as const };
  const instance = "/v2/:project/instances/:instanceId";
  if (options.backgroundTasks !== false) taskRoutes(router, state, instance);
  router.add(
    "GET",
    "/v2/:project/flavors",
    ({ query }) => {
      const filters: Array<[string, (flavor: DcsFlavor) => string[]]> = [
        ["spec_code", (f) => [f.specCode]],
        ["engine", (f) => [f.engine]],
        ["engine_version", (f) => f.engineVersions],
        ["cache_mode", (f) => [f.cacheMode]],
        ["capacity", (f) => f.capacities.map(String)],
      ];
      const flavors = DCS_FLAVORS.filter((flavor) =>
        filters.every(([key, values]) => {
          const wanted = query.get(key);
          return wanted === null || wanted === "" || values(flavor).some((value) => value.toLowerCase() === wanted.toLowerCase());
        }),
      );
      return { body: { flavors: flavors.map(flavorView) } };
    },
    v3,
  );
  router.add(
    "POST",
    "/v2/:project/instances",
    ({ body, now }) => {
      const created = state.create(parseCreate(body), now);
      return { body: { instances: [{ instance_id: created.id, instance_name: created.name }] } };
    },
    v3,
  );
  router.add(
    "GET",
    "/v2/:project/instances",
    ({ query }) => {
      const paging = pagingOf(query, LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT, invalid);
      const matching = [...state.instances.values()].filter(listFilter(query)).sort((a, b) => b.createdAt - a.createdAt);
      return { body: { instance_num: matching.length, instances: pageOf(matching, paging).map(listedView) } };
    },
    v3,
  );
  router.add("GET", instance, ({ params }) => ({ body: view(state.instance(params.instanceId)) }), v3);
  router.add(
    "PUT",
    instance,
    ({ params, body, now }) => {
      const request = fields(body, "The request body", ["name", "maintain_begin", "maintain_end", "description"]);
      const changes = { ...(request.name === undefined ? {} : { name: nameOf(request) }), ...windowOf(request) };
      state.modify(params.instanceId, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)), now);
      return { status: 204 };
    },
    v3,
  );
  router.add(
    "DELETE",
    instance,
    ({ params, now }) => {
      state.delete(params.instanceId, now);
      return { status: 204 };
    },
    v3,
  );
  router.add(
    "POST",
    "/v1.0/:project/instances/:instanceId/extend",
    ({ params, body, now }) => {
      const target = state.instance(params.instanceId);
      state.requireIdle(target);
      state.extend(target.id, parseExtend(target, body), now);
      return { status: 204 };
    },
    v3,
  );
  router.add(
    "POST",
    `${instance}/resize`,
    ({ params, body, now }) => {
      const target = state.instance(params.instanceId);
      state.requireIdle(target);
      state.resize(target.id, parseResize(target, body), now);
      return { status: 204 };
    },
    v3,
  );
}
