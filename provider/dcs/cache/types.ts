import type { Timeouts } from "../../resource/context";

/** What a user declares on a DcsInstance. */
export interface CacheInputs {
  name: string;
  engine: "Redis" | "Memcached";
  /** Redis only: "4.0", "5.0", "6.0". */
  engineVersion?: string;
  /** GB; fractional for the small flavors (0.125, 0.25, 0.5). */
  capacity: number;
  /** The flavor, e.g. redis.ha.xu1.large.r2.4. */
  specCode: string;
  availabilityZones: string[];
  vpcId: string;
  subnetId: string;
  /** Required for Memcached. */
  securityGroupId?: string;
  password?: string;
  /** Instead of a password. */
  noPasswordAccess?: boolean;
  /** Redis only; 6379 when omitted. */
  port?: number;
  /** "HH:00:00", both or neither. */
  maintainBegin?: string;
  maintainEnd?: string;
  /** Cluster shards (their addresses) to keep when a cluster shrinks. */
  reservedIps?: string[];
  /** In minutes. Pulumi's customTimeouts never reach a dynamic provider. */
  timeouts?: Timeouts;
}

/** Stored state: every input, plus what the service reports. */
export interface CacheOutputs extends CacheInputs {
  instanceId: string;
  status: string;
  ip?: string;
  port?: number;
  domainName?: string;
  /** MB. */
  maxMemory?: number;
  /** MB. */
  usedMemory?: number;
  /** 0 pay-per-use, 1 yearly/monthly. */
  chargingMode?: number;
  /** single, ha, cluster, proxy, ha_rw_split: the flavor's. */
  cacheMode?: string;
  projectId: string;
  /**
   * Whether the program declared `port` (`port` itself is the live one). A refresh reads only
   * the stored outputs, and without this would count the service's default as declared.
   */
  portDeclared?: boolean;
}

export const CACHE_INPUT_KEYS = [
  "name",
  "engine",
  "engineVersion",
  "capacity",
  "specCode",
  "availabilityZones",
  "vpcId",
  "subnetId",
  "securityGroupId",
  "password",
  "noPasswordAccess",
  "port",
  "maintainBegin",
  "maintainEnd",
  "reservedIps",
  "timeouts",
] as const satisfies ReadonlyArray<keyof CacheInputs>;
