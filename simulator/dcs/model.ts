import type { CacheMode } from "./catalog";

/** The simulated DCS service's records: plain data, so snapshots are deep copies. No passwords are kept. */

/** An operation in progress, as the instance's undocumented `task` field shows it. */
export interface DcsTask {
  name: string;
  status: string;
}

export interface DcsInstanceRecord {
  id: string;
  name: string;
  engine: "Redis" | "Memcached";
  engineVersion: string;
  specCode: string;
  cacheMode: CacheMode;
  /** GB, fractional for the small sizes. */
  capacity: number;
  replicaCount: number;
  /** Shard addresses of a cluster instance: what `reserved_ip` names when it shrinks. */
  shardIps: string[];
  azCodes: string[];
  vpcId: string;
  subnetId: string;
  securityGroupId?: string;
  noPasswordAccess: boolean;
  port: number;
  ip: string;
  domainName: string;
  usedMemoryMb: number;
  maintainBegin: string;
  maintainEnd: string;
  status: string;
  task: DcsTask | null;
  /** An accepted change not yet shown in the status: the instance refuses others meanwhile. */
  pending: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A background task (ListBackgroundTask): one accepted extend or resize, from its submit until the instance is idle. */
export interface DcsBackgroundTask {
  id: string;
  instanceId: string;
  /** EXTEND, AddReplica or DelReplica. */
  name: string;
  oldCapacity: number;
  newCapacity: number;
  oldCacheMode: string;
  newCacheMode: string;
  specCode: string;
  status: string;
  createdAt: number;
  updatedAt: number;
  /** When the instance is idle again with the change: 100 %. */
  endsAt: number;
  /** A failed change: when it stopped. */
  failedAt?: number;
}

export interface DcsSnapshot {
  now: number;
  instances: DcsInstanceRecord[];
}
