import * as pulumi from "@pulumi/pulumi";
import { remoteProvider } from "./remote-provider";
import { resourceArgs } from "./resource-options";

export interface DcsInstanceTimeouts {
  /** Minutes; default 60. */
  create?: number;
  /** Minutes; default 60. */
  update?: number;
  /** Minutes; default 15. */
  delete?: number;
}

export interface DcsInstanceArgs {
  /** 4–64 characters: letters, digits, underscores and hyphens, starting with a letter. */
  name: pulumi.Input<string>;
  engine: pulumi.Input<"Redis" | "Memcached">;
  /** Redis only ("4.0", "5.0", "6.0"). Changing it replaces the instance. */
  engineVersion?: pulumi.Input<string>;
  /** GB; 0.125, 0.25 or 0.5 for the small flavors. Larger: extend; smaller: resize. */
  capacity: pulumi.Input<number>;
  /** The flavor, e.g. "redis.ha.xu1.large.r2.4": a new one changes the class in place. */
  specCode: pulumi.Input<string>;
  availabilityZones: pulumi.Input<pulumi.Input<string>[]>;
  vpcId: pulumi.Input<string>;
  subnetId: pulumi.Input<string>;
  /** Required for Memcached. */
  securityGroupId?: pulumi.Input<string>;
  /** 8–64 characters of three kinds; or set noPasswordAccess. */
  password?: pulumi.Input<string>;
  noPasswordAccess?: pulumi.Input<boolean>;
  /** Redis only; 6379 when omitted. Changing it replaces the instance. */
  port?: pulumi.Input<number>;
  /** Maintenance window, "HH:00:00", both or neither. */
  maintainBegin?: pulumi.Input<string>;
  maintainEnd?: pulumi.Input<string>;
  /** Shard addresses to keep when a cluster shrinks (required then). */
  reservedIps?: pulumi.Input<pulumi.Input<string>[]>;
  /** Pulumi's customTimeouts never reach a dynamic provider; set these instead. */
  timeouts?: pulumi.Input<DcsInstanceTimeouts>;
}

const OUTPUTS = ["instanceId", "status", "ip", "port", "domainName", "maxMemory", "usedMemory", "chargingMode", "cacheMode", "projectId", "portDeclared"] as const;

/** A Huawei Cloud DCS instance (Redis or Memcached). */
export class DcsInstance extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly engine: pulumi.Output<"Redis" | "Memcached">;
  declare readonly engineVersion: pulumi.Output<string | undefined>;
  declare readonly capacity: pulumi.Output<number>;
  declare readonly specCode: pulumi.Output<string>;
  declare readonly availabilityZones: pulumi.Output<string[]>;
  declare readonly vpcId: pulumi.Output<string>;
  declare readonly subnetId: pulumi.Output<string>;
  declare readonly securityGroupId: pulumi.Output<string | undefined>;
  declare readonly password: pulumi.Output<string | undefined>;
  declare readonly noPasswordAccess: pulumi.Output<boolean | undefined>;
  declare readonly maintainBegin: pulumi.Output<string | undefined>;
  declare readonly maintainEnd: pulumi.Output<string | undefined>;
  declare readonly reservedIps: pulumi.Output<string[] | undefined>;
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly ip: pulumi.Output<string>;
  declare readonly port: pulumi.Output<number>;
  declare readonly domainName: pulumi.Output<string>;
  /** MB. */
  declare readonly maxMemory: pulumi.Output<number>;
  /** MB. */
  declare readonly usedMemory: pulumi.Output<number>;
  /** 0 pay-per-use, 1 yearly/monthly. */
  declare readonly chargingMode: pulumi.Output<number>;
  /** The flavor's cache mode: single, ha, cluster, proxy or ha_rw_split. */
  declare readonly cacheMode: pulumi.Output<string>;
  declare readonly projectId: pulumi.Output<string>;
  /** Whether the program declared `port` (`port` is the live one). */
  declare readonly portDeclared: pulumi.Output<boolean>;

  constructor(name: string, args: DcsInstanceArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.fromEntries(OUTPUTS.map((key) => [key, undefined]));
    const [props, options] = resourceArgs({ ...outputs, ...args }, opts, ["password"]);
    super(remoteProvider("dcsInstance"), name, props, options, "dcs", "DcsInstance");
  }
}
