import { INVALID_SECURITY_GROUP, parameterError } from "../errors";
import {
  booleanQuery,
  fieldsOf,
  optionalBoolean,
  optionalString,
  pageOf,
  pagingOf,
  passwordField,
  requiredInteger,
  requiredString,
  stringList,
  type Fields,
} from "../input";
import type { Router } from "../router";
import { AVAILABILITY_ZONES, engineById, flavorByCode, flavorById } from "../state/catalog";
import {
  allNodes,
  changeSecurityGroup,
  createInstance,
  defaultGroup,
  deleteInstance,
  enlargeInstance,
  MAX_NODES_PER_GROUP,
  reduceInstance,
  renameInstance,
  resizeInstance,
  setAdminUser,
  type NewInstance,
} from "../state/instances";
import type { InstanceRecord } from "../state/model";
import { isInstanceName, isUserName, TIME_ZONES } from "../state/rules";
import type { DdmState } from "../state/store";
import { formatTime, pageFields } from "./format";

/** §4.1: instances, scale-out and scale-in, class changes, the administrator. */

const CREATE_FIELDS = [
  "name",
  "flavor_id",
  "node_num",
  "engine_id",
  "enterprise_project_id",
  "available_zones",
  "vpc_id",
  "security_group_id",
  "subnet_id",
  "param_group_id",
  "time_zone",
  // The official SDK's CreateInstanceDetail and the Terraform provider (FACTS.md §2b).
  "admin_user_name",
  "admin_user_password",
  // The reference's table spells them so; the service is not known to act on them, so they are
  // accepted and ignored, and a client that sends only these gets an instance with no administrator.
  "admin_username",
  "admin_password",
];
const EXTEND_FIELDS = ["charge_mode", "period_type", "period_num", "is_auto_renew", "is_auto_pay"];

function instanceName(fields: Fields): string {
  const name = requiredString(fields, "name");
  if (!isInstanceName(name)) {
    throw parameterError("name must be 4 to 64 characters: a letter first, then letters, digits and hyphens.");
  }
  return name;
}

function securityGroupId(fields: Fields): string {
  return requiredString(fields, "security_group_id", INVALID_SECURITY_GROUP);
}

function adminName(name: string, key: string): string {
  if (!isUserName(name)) throw parameterError(`${key} must be 1 to 32 characters: a letter first, then letters, digits and underscores.`);
  return name;
}

/** The optional administrator of a new instance (the SDK's spelling); name and password go together. */
function newAdmin(fields: Fields): string | undefined {
  const given = optionalString(fields, "admin_user_name");
  const name = given === undefined ? undefined : adminName(given, "admin_user_name");
  if ((name === undefined) !== (fields.admin_user_password === undefined)) {
    throw parameterError("admin_user_name and admin_user_password go together.");
  }
  if (name !== undefined) passwordField(fields, "admin_user_password");
  return name;
}

function parseCreate(body: unknown): NewInstance {
  const request = fieldsOf(body, "The request body", ["instance", "extend_param"]);
  if (request.extend_param !== undefined) {
    const extend = fieldsOf(request.extend_param, "extend_param", EXTEND_FIELDS);
    if (extend.charge_mode !== undefined && extend.charge_mode !== "postPaid") {
      throw parameterError("The simulator sells pay-per-use (postPaid) instances only.");
    }
  }
  const fields = fieldsOf(request.instance, "instance", CREATE_FIELDS);
  const name = instanceName(fields);
  const engine = engineById(requiredString(fields, "engine_id"));
  if (!engine) throw parameterError("engine_id is not a known engine.");
  const flavor = flavorById(engine.id, requiredString(fields, "flavor_id"));
  if (!flavor) throw parameterError(`flavor_id is not a node class of engine ${engine.version}.`);
  const nodeNum = requiredInteger(fields, "node_num", 1);
  if (nodeNum > MAX_NODES_PER_GROUP) throw parameterError(`node_num can be at most ${MAX_NODES_PER_GROUP}.`);
  const availableZones = stringList(fields, "available_zones");
  if (availableZones.length === 0) throw parameterError("available_zones cannot be empty.");
  for (const az of availableZones) {
    if (!(AVAILABILITY_ZONES as readonly string[]).includes(az)) throw parameterError(`${az} is not an AZ of this region.`);
    if (flavor.azStatus[az] !== "normal") throw parameterError(`Node class ${flavor.code} is ${flavor.azStatus[az]} in ${az}.`);
  }
  const timeZone = optionalString(fields, "time_zone") ?? "UTC";
  if (!TIME_ZONES.has(timeZone)) throw parameterError(`time_zone ${timeZone} is not one of the supported values.`);
  return {
    name,
    engine,
    flavor,
    nodeNum,
    availableZones,
    vpcId: requiredString(fields, "vpc_id"),
    subnetId: requiredString(fields, "subnet_id"),
    securityGroupId: securityGroupId(fields),
    enterpriseProjectId: optionalString(fields, "enterprise_project_id") ?? "0",
    timeZone,
    paramGroupId: optionalString(fields, "param_group_id"),
    adminUserName: newAdmin(fields),
  };
}

function instanceSummary(instance: InstanceRecord, projectId: string): Record<string, unknown> {
  const flavorCode = defaultGroup(instance).flavorCode;
  const flavor = flavorByCode(instance.engineId, flavorCode);
  return {
    id: instance.id,
    status: instance.status,
    name: instance.name,
    created: formatTime(instance.createdAt),
    updated: formatTime(instance.updatedAt),
    available_zone: instance.availableZones.join(","),
    vpc_id: instance.vpcId,
    subnet_id: instance.subnetId,
    security_group_id: instance.securityGroupId,
    node_count: allNodes(instance).length,
    access_ip: instance.accessIp,
    access_port: String(instance.accessPort),
    core_count: String(flavor?.cpu ?? ""),
    ram_capacity: String(flavor?.mem ?? ""),
    ...(instance.errorMsg ? { error_msg: instance.errorMsg } : {}),
    node_status: instance.status,
    enterprise_project_id: instance.enterpriseProjectId,
    project_id: projectId,
    engine_version: instance.engineVersion,
    enable_ssl: false,
    flavor_ref: flavorCode,
  };
}

/** Details add the nodes (port as a number, as in the reference's example) and the administrator. */
function instanceDetail(instance: InstanceRecord, projectId: string): Record<string, unknown> {
  return {
    ...instanceSummary(instance, projectId),
    nodes: allNodes(instance).map((node) => ({ status: node.status, port: instance.accessPort, ip: node.ip })),
    ...(instance.adminUserName ? { admin_user_name: instance.adminUserName } : {}),
  };
}

function scaleReply(instance: InstanceRecord, jobId: string) {
  return { body: { instanceId: instance.id, instanceName: instance.name, jobId } };
}

export function instanceRoutes(router: Router, state: DdmState, projectId: string): void {
  const base = "/v1/:project/instances";

  router.add("POST", base, ({ body, now }) => {
    const { instance, job } = createInstance(state, parseCreate(body), now);
    return { body: { id: instance.id, job_id: job.id, order_id: null } };
  });

  router.add("GET", base, ({ query }) => {
    const paging = pagingOf(query, 10);
    const instances = [...state.instances.values()].reverse();
    return {
      body: {
        instances: pageOf(instances, paging).map((instance) => instanceSummary(instance, projectId)),
        instance_num: instances.length,
        ...pageFields(instances.length, paging),
      },
    };
  });

  router.add("GET", `${base}/:instanceId`, ({ params }) => ({ body: instanceDetail(state.instance(params.instanceId), projectId) }));

  router.add("PUT", `${base}/:instanceId/modify-name`, ({ params, body, now }) => {
    const name = instanceName(fieldsOf(body, "The request body", ["name"]));
    return { body: { name: renameInstance(state, params.instanceId, name, now).name } };
  });

  router.add("PUT", `${base}/:instanceId/modify-security-group`, ({ params, body, now }) => {
    const groupId = securityGroupId(fieldsOf(body, "The request body", ["security_group_id"]));
    return { body: { security_group_id: changeSecurityGroup(state, params.instanceId, groupId, now).securityGroupId } };
  });

  router.add("DELETE", `${base}/:instanceId`, ({ params, query, now }) => {
    booleanQuery(query, "delete_rds_data");
    const { instance, job } = deleteInstance(state, params.instanceId, now);
    return { body: { id: instance.id, job_id: job.id } };
  });

  router.add("POST", "/v2/:project/instances/:instanceId/action/enlarge", ({ params, body, now }) => {
    const fields = fieldsOf(body, "The request body", ["flavor_id", "node_number", "group_id", "is_auto_pay"]);
    optionalBoolean(fields, "is_auto_pay");
    const request = {
      flavorId: requiredString(fields, "flavor_id"),
      nodeNumber: requiredInteger(fields, "node_number", 1),
      groupId: optionalString(fields, "group_id"),
    };
    const { instance, job } = enlargeInstance(state, params.instanceId, request, now);
    return scaleReply(instance, job.id);
  });

  router.add("POST", "/v2/:project/instances/:instanceId/action/reduce", ({ params, body, now }) => {
    const fields = fieldsOf(body, "The request body", ["node_number", "group_id"]);
    const request = { nodeNumber: requiredInteger(fields, "node_number", 1), groupId: optionalString(fields, "group_id") };
    const { instance, job } = reduceInstance(state, params.instanceId, request, now);
    return scaleReply(instance, job.id);
  });

  router.add("PUT", "/v3/:project/instances/:instanceId/flavor", ({ params, body, now }) => {
    const fields = fieldsOf(body, "The request body", ["spec_code", "group_id", "is_auto_pay"]);
    optionalBoolean(fields, "is_auto_pay");
    const request = { specCode: requiredString(fields, "spec_code"), groupId: optionalString(fields, "group_id") };
    const { job } = resizeInstance(state, params.instanceId, request, now);
    return { status: 202, body: { job_id: job.id } };
  });

  router.add("PUT", "/v3/:project/instances/:instanceId/admin-user", ({ params, body, now }) => {
    const fields = fieldsOf(body, "The request body", ["name", "password"]);
    const name = adminName(requiredString(fields, "name"), "name");
    passwordField(fields, "password");
    setAdminUser(state, params.instanceId, name, now);
    // The reference documents no body: the change is followed through the instance status.
    return { status: 202 };
  });
}
