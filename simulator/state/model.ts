/**
 * The simulated service's records. Plain data, so that snapshots are deep copies tests can
 * compare and the control API can send as JSON. Times are epoch milliseconds; no passwords are
 * kept anywhere.
 */

export type JobStatus = "Running" | "Completed" | "Failed";

export interface NodeRecord {
  id: string;
  name: string;
  /** normal, creating, resizing, createfail, … (reference A.6) */
  status: string;
  ip: string;
  az: string;
  serverId: string;
  floatingIp: string;
  resSubnetIp: string;
  dataVolumeId: string;
  systemVolumeId: string;
}

export interface NodeGroupRecord {
  id: string;
  name: string;
  role: string;
  flavorCode: string;
  isDefault: boolean;
  nodes: NodeRecord[];
}

export interface RdsRecord {
  id: string;
  name: string;
  status: string;
  privateIp: string;
  port: number;
  azCode: string;
}

export interface SchemaRecord {
  name: string;
  status: string;
  shardMode: "cluster" | "single";
  shardNumber: number;
  shardUnit?: number;
  rdsIds: string[];
  createdAt: number;
  updatedAt: number;
  errorMsg?: string;
}

export interface AccountRecord {
  name: string;
  status: string;
  permissions: string[];
  description: string;
  schemas: string[];
  createdAt: number;
  passwordChangedAt: number;
}

export interface InstanceRecord {
  id: string;
  name: string;
  status: string;
  engineId: string;
  engineVersion: string;
  availableZones: string[];
  vpcId: string;
  subnetId: string;
  securityGroupId: string;
  enterpriseProjectId: string;
  timeZone: string;
  paramGroupId?: string;
  adminUserName?: string;
  accessIp: string;
  accessPort: number;
  createdAt: number;
  updatedAt: number;
  errorMsg?: string;
  /** The first is the default group; a control call may add more. */
  groups: NodeGroupRecord[];
  /** RDS instances available to this instance alone; the project's shared ones come on top. */
  rds: RdsRecord[];
  schemas: SchemaRecord[];
  accounts: AccountRecord[];
  /** Parameter values by name (state/parameters.ts). */
  parameters: Record<string, string>;
  parametersUpdatedAt: number;
  /** Parameters changed since the last restart that take effect only after one. */
  pendingRestart: string[];
  /** Yearly/monthly billing; absent for pay-per-use (state/orders.ts). */
  billing?: import("./orders").Billing;
  /** Read weights by RDS instance id (state/read-weights.ts). */
  readWeights: Record<string, number>;
}

export interface JobRecord {
  id: string;
  name: string;
  instanceId: string;
  instanceName: string;
  createdAt: number;
  /** createdAt + the operation's duration: the exact moment the job completes or fails. */
  endsAt: number;
  status: JobStatus;
  /** Set once the job has ended; always equal to endsAt. */
  completedAt?: number;
  failReason?: string;
}

export interface SimulatorSnapshot {
  now: number;
  instances: InstanceRecord[];
  /** The project's RDS instances that do not belong to one DDM instance. */
  sharedRds: RdsRecord[];
  jobs: JobRecord[];
  orders: import("./orders").OrderRecord[];
}
