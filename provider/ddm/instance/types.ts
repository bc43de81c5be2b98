import type { Timeouts } from "../../resource/context";

/** What a user declares on a DdmInstance. */
export interface InstanceInputs {
  name: string;
  /** Node class: a spec code (ddm.c6.2xlarge.2) or a flavor id. */
  flavor: string;
  nodeNum: number;
  /** Engine version or engine id; the newest engine when omitted. */
  engine?: string;
  availabilityZones: string[];
  vpcId: string;
  subnetId: string;
  securityGroupId: string;
  paramGroupId?: string;
  timeZone?: string;
  enterpriseProjectId?: string;
  adminUsername?: string;
  adminPassword?: string;
  /** The node group to scale, for instances with several groups. */
  groupId?: string;
  /** postPaid (pay-per-use, the default) or prePaid (yearly/monthly). Fixed once created. */
  chargingMode?: "postPaid" | "prePaid";
  /** prePaid: months (1–9) or years (1) of the first subscription. */
  period?: number;
  periodUnit?: "month" | "year";
  /** prePaid: renew automatically when the period ends; changes in place. Default false. */
  autoRenew?: boolean;
  /** Parameter values by name (every value a string, as the service takes them). */
  parameters?: Record<string, string>;
  /** Restart the instance when a parameter change needs it; otherwise the change waits for a restart. */
  restartForParameters?: boolean;
  /** Used on delete: also delete the data stored on the associated RDS instances. */
  deleteRdsData?: boolean;
  /** In minutes. Pulumi's customTimeouts never reach a dynamic provider. */
  timeouts?: Timeouts;
}

export interface InstanceNodeOutput {
  nodeId: string;
  ip?: string;
  port?: number;
  status?: string;
}

export interface InstanceNodeGroupOutput {
  id: string;
  name?: string;
  /** rw, or ro for a read-only group. */
  role?: string;
  isDefault?: boolean;
  nodeCount: number;
  vcpus?: number;
  memoryGb?: number;
  architecture?: string;
}

export interface ParameterDefinitionOutput {
  name: string;
  needRestart: boolean;
  readOnly: boolean;
  valueRange?: string;
  dataType?: string;
}

/** Stored state: every input, plus what the service reports. */
export interface InstanceOutputs extends InstanceInputs {
  instanceId: string;
  status: string;
  accessIp?: string;
  accessPort?: number;
  nodes: InstanceNodeOutput[];
  nodeCount: number;
  /** Parameters set but waiting for a restart to take effect. */
  pendingRestart?: string[];
  /** The instance's parameters and their rules, read while `parameters` are declared. */
  parameterDefinitions?: ParameterDefinitionOutput[];
  /** Absent in state written before node groups were read. */
  nodeGroups?: InstanceNodeGroupOutput[];
  flavorId: string;
  flavorCode: string;
  engineId: string;
  engineVersion?: string;
  coreCount?: number;
  ramCapacity?: number;
  projectId: string;
  enableSsl?: boolean;
  created?: string;
  updated?: string;
}

export const INPUT_KEYS = [
  "name",
  "flavor",
  "nodeNum",
  "engine",
  "availabilityZones",
  "vpcId",
  "subnetId",
  "securityGroupId",
  "paramGroupId",
  "timeZone",
  "enterpriseProjectId",
  "adminUsername",
  "adminPassword",
  "groupId",
  "chargingMode",
  "period",
  "periodUnit",
  "autoRenew",
  "parameters",
  "restartForParameters",
  "deleteRdsData",
  "timeouts",
] as const satisfies ReadonlyArray<keyof InstanceInputs>;
