import * as pulumi from "@pulumi/pulumi";
import type { OnFailure } from "../provider/obshell/server/types";
import { remoteProvider } from "./remote-provider";
import { resourceArgs } from "./resource-options";

export interface ObServerAgent {
  host: pulumi.Input<string>;
  /** Default 2886. */
  port?: pulumi.Input<number>;
}

export interface ObServerTimeouts {
  create?: number;
  update?: number;
  delete?: number;
}

export interface ObServerArgs {
  /** An agent of the cluster (any member but the server itself) that takes the requests. */
  clusterAgent: pulumi.Input<ObServerAgent>;
  /** The cluster's root@sys password. */
  password: pulumi.Input<string>;
  /** The joining server's IP, as its agent knows it. */
  ip: pulumi.Input<string>;
  /** The joining server's OBShell port; default 2886. */
  port?: pulumi.Input<number>;
  /** A new zone is added to the cluster when it does not exist. */
  zone: pulumi.Input<string>;
  /**
   * The new server's settings as OBShell takes them (`mysql_port`, `rpc_port`, `memory_limit`,
   * `system_memory`, `log_disk_size`, `datafile_size`, …). They apply when the server joins: a
   * change replaces the membership.
   */
  obConfigs: pulumi.Input<Record<string, pulumi.Input<string | number>>>;
  /** The joining agent's own password, when it has one. */
  targetAgentPassword?: pulumi.Input<string>;
  /**
   * When the scale-out or scale-in DAG fails: "keep" (default) it failed for inspection (the next
   * `up` or `destroy` retries it), "retry" once, or "rollback".
   */
  onFailure?: pulumi.Input<OnFailure>;
  /** Minutes; default 30 each. */
  timeouts?: pulumi.Input<ObServerTimeouts>;
}

/**
 * One server's membership in an OceanBase cluster managed by OBShell: creating it scales the
 * cluster out, deleting it scales it in, each followed to the end of its DAG.
 */
export class ObServer extends pulumi.dynamic.Resource {
  declare readonly clusterAgent: pulumi.Output<{ host: string; port: number }>;
  declare readonly ip: pulumi.Output<string>;
  declare readonly port: pulumi.Output<number>;
  declare readonly zone: pulumi.Output<string>;
  declare readonly obConfigs: pulumi.Output<Record<string, string>>;
  declare readonly onFailure: pulumi.Output<OnFailure | undefined>;
  declare readonly svrIp: pulumi.Output<string | undefined>;
  declare readonly svrPort: pulumi.Output<number | undefined>;
  declare readonly sqlPort: pulumi.Output<number | undefined>;
  /** ACTIVE, INACTIVE, DELETING, or NOT A MEMBER while a failed scale-out (or scale-in) waits for the next run. */
  declare readonly status: pulumi.Output<string>;
  declare readonly withRootserver: pulumi.Output<boolean>;
  declare readonly clusterName: pulumi.Output<string | undefined>;
  declare readonly lastOperation: pulumi.Output<"scale-out" | "scale-in" | undefined>;
  declare readonly dagId: pulumi.Output<string | undefined>;
  declare readonly dagName: pulumi.Output<string | undefined>;
  declare readonly dagState: pulumi.Output<string | undefined>;
  declare readonly dagOperator: pulumi.Output<string | undefined>;

  constructor(name: string, args: ObServerArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = {
      svrIp: undefined,
      svrPort: undefined,
      sqlPort: undefined,
      status: undefined,
      withRootserver: undefined,
      clusterName: undefined,
      lastOperation: undefined,
      dagId: undefined,
      dagName: undefined,
      dagState: undefined,
      dagOperator: undefined,
    };
    const [props, options] = resourceArgs({ ...outputs, ...args }, opts, ["password", "targetAgentPassword"]);
    super(remoteProvider("obServer"), name, props, options, "obshell", "ObServer");
  }
}
