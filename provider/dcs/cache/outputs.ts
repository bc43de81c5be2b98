import { toNumber } from "../../cloud/shape";
import { compact, sameSet } from "../../resource/values";
import type { CacheInstance } from "../client/types";
import { capacityOf } from "./settle";
import type { CacheInputs, CacheOutputs } from "./types";

/**
 * The inputs as the live instance has them: drift in name, size, class, zones or maintenance
 * window shows up here; what the service cannot report (the password) or reports only as a
 * default the user did not ask for (port, window, security group) is kept as declared. An
 * import knows no inputs (no engine): it takes the engine and its version from the instance.
 */
export function liveInputs(inputs: CacheInputs, instance: CacheInstance): CacheInputs {
  const zones = instance.az_codes;
  const imported = inputs.engine === undefined;
  const declared = <K extends keyof CacheInputs>(key: K, live: CacheInputs[K] | undefined) =>
    inputs[key] === undefined || live === undefined || live === "" ? inputs[key] : live;
  return compact({
    ...inputs,
    name: instance.name ?? inputs.name,
    engine: inputs.engine ?? (instance.engine as CacheInputs["engine"]),
    engineVersion: imported && instance.engine_version ? instance.engine_version : declared("engineVersion", instance.engine_version),
    capacity: capacityOf(instance),
    specCode: instance.spec_code,
    availabilityZones: zones && zones.length && !sameSet(zones, inputs.availabilityZones) ? zones : inputs.availabilityZones,
    vpcId: instance.vpc_id || inputs.vpcId,
    subnetId: instance.subnet_id || inputs.subnetId,
    securityGroupId: declared("securityGroupId", instance.security_group_id),
    port: declared("port", toNumber(instance.port)),
    maintainBegin: declared("maintainBegin", instance.maintain_begin),
    maintainEnd: declared("maintainEnd", instance.maintain_end),
  });
}

export function toOutputs(inputs: CacheInputs, instance: CacheInstance, projectId: string, cacheMode?: string): CacheOutputs {
  return compact({
    ...inputs,
    instanceId: instance.instance_id,
    status: instance.status,
    ip: instance.ip,
    port: toNumber(instance.port) ?? inputs.port,
    domainName: instance.domain_name,
    maxMemory: toNumber(instance.max_memory),
    usedMemory: toNumber(instance.used_memory),
    chargingMode: toNumber(instance.charging_mode),
    cacheMode,
    projectId,
    portDeclared: inputs.port !== undefined,
  });
}

/**
 * The inputs part of stored outputs (or of inputs). The stored `port` is the live one: a declared
 * port that differs from it asks for a new instance (plan.ts); an omitted one never does, and is
 * left out here (state written before `portDeclared` keeps it).
 */
export function inputsOf(outputs: Partial<CacheOutputs>): CacheInputs {
  const { name, engine, engineVersion, capacity, specCode, availabilityZones, vpcId, subnetId, securityGroupId } = outputs;
  const { password, noPasswordAccess, port, maintainBegin, maintainEnd, reservedIps, timeouts } = outputs;
  return compact({
    name: name!,
    engine: engine!,
    engineVersion,
    capacity: capacity!,
    specCode: specCode!,
    availabilityZones: availabilityZones ?? [],
    vpcId: vpcId!,
    subnetId: subnetId!,
    securityGroupId,
    password,
    noPasswordAccess,
    port: outputs.portDeclared === false ? undefined : port,
    maintainBegin,
    maintainEnd,
    reservedIps,
    timeouts,
  });
}
