import * as pulumi from "@pulumi/pulumi";
import type { InstanceNodeGroupOutput, InstanceNodeOutput, ParameterDefinitionOutput } from "../provider/ddm/instance/types";
import { remoteProvider } from "./remote-provider";
import { resourceArgs } from "./resource-options";

export interface DdmInstanceTimeouts {
  /** Minutes; default 30. */
  create?: number;
  /** Minutes; default 60. */
  update?: number;
  /** Minutes; default 30. */
  delete?: number;
}

export interface DdmInstanceArgs {
  /** 4–64 characters: letters, digits and hyphens, starting with a letter. */
  name: pulumi.Input<string>;
  /** Node class: a spec code such as "ddm.c6.2xlarge.2", or a flavor id. */
  flavor: pulumi.Input<string>;
  /** Number of nodes (≥ 1). Changing it scales the instance out or in. */
  nodeNum: pulumi.Input<number>;
  /** Engine version ("3.0.8") or engine id; the newest engine when omitted. */
  engine?: pulumi.Input<string>;
  availabilityZones: pulumi.Input<pulumi.Input<string>[]>;
  vpcId: pulumi.Input<string>;
  subnetId: pulumi.Input<string>;
  securityGroupId: pulumi.Input<string>;
  paramGroupId?: pulumi.Input<string>;
  /** "UTC" (default) or "UTC±hh:00". */
  timeZone?: pulumi.Input<string>;
  enterpriseProjectId?: pulumi.Input<string>;
  adminUsername?: pulumi.Input<string>;
  adminPassword?: pulumi.Input<string>;
  /**
   * The node group that scaling and class changes apply to. Not needed while the instance has
   * one group; required once it has several (`nodeGroups` lists them).
   */
  groupId?: pulumi.Input<string>;
  /** "postPaid" (pay-per-use, default) or "prePaid" (yearly/monthly). Chosen once: a change is refused. */
  chargingMode?: pulumi.Input<"postPaid" | "prePaid">;
  /** prePaid: length of the subscription, 1–9 months or 1 year. Chosen once. */
  period?: pulumi.Input<number>;
  periodUnit?: pulumi.Input<"month" | "year">;
  /** prePaid: renew automatically at the end of the period (default false); changes in place. */
  autoRenew?: pulumi.Input<boolean>;
  /**
   * Parameter values by name, as strings ("max_connections": "30000"). Only the declared ones are
   * managed: refresh shows their drift, and one left out keeps its value.
   */
  parameters?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Restart the instance (soft restart) when changed parameters need it. Default false: the
   * update succeeds with a warning and `pendingRestart` names what waits for a restart.
   */
  restartForParameters?: pulumi.Input<boolean>;
  /** On delete, also delete the data on the associated RDS instances. */
  deleteRdsData?: pulumi.Input<boolean>;
  /** Pulumi's customTimeouts never reach a dynamic provider; set these instead. */
  timeouts?: pulumi.Input<DdmInstanceTimeouts>;
}

const OUTPUTS = [
  "instanceId",
  "status",
  "accessIp",
  "accessPort",
  "nodes",
  "nodeCount",
  "nodeGroups",
  "pendingRestart",
  "parameterDefinitions",
  "flavorId",
  "flavorCode",
  "engineId",
  "engineVersion",
  "coreCount",
  "ramCapacity",
  "projectId",
  "enableSsl",
  "created",
  "updated",
] as const;

/** A Huawei Cloud DDM instance. */
export class DdmInstance extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly flavor: pulumi.Output<string>;
  declare readonly nodeNum: pulumi.Output<number>;
  declare readonly engine: pulumi.Output<string | undefined>;
  declare readonly availabilityZones: pulumi.Output<string[]>;
  declare readonly vpcId: pulumi.Output<string>;
  declare readonly subnetId: pulumi.Output<string>;
  declare readonly securityGroupId: pulumi.Output<string>;
  declare readonly adminUsername: pulumi.Output<string | undefined>;
  declare readonly adminPassword: pulumi.Output<string | undefined>;
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly accessIp: pulumi.Output<string>;
  declare readonly accessPort: pulumi.Output<number>;
  declare readonly nodes: pulumi.Output<InstanceNodeOutput[]>;
  declare readonly nodeCount: pulumi.Output<number>;
  declare readonly nodeGroups: pulumi.Output<InstanceNodeGroupOutput[]>;
  declare readonly parameters: pulumi.Output<Record<string, string> | undefined>;
  /** Parameters set but waiting for a restart to take effect. */
  declare readonly pendingRestart: pulumi.Output<string[]>;
  /** The instance's parameters and their rules, read while `parameters` are declared. */
  declare readonly parameterDefinitions: pulumi.Output<ParameterDefinitionOutput[] | undefined>;
  declare readonly flavorId: pulumi.Output<string>;
  declare readonly flavorCode: pulumi.Output<string>;
  declare readonly engineId: pulumi.Output<string>;
  declare readonly engineVersion: pulumi.Output<string>;
  declare readonly coreCount: pulumi.Output<number>;
  declare readonly ramCapacity: pulumi.Output<number>;
  declare readonly projectId: pulumi.Output<string>;
  declare readonly enableSsl: pulumi.Output<boolean>;
  declare readonly created: pulumi.Output<string>;
  declare readonly updated: pulumi.Output<string>;

  constructor(name: string, args: DdmInstanceArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.fromEntries(OUTPUTS.map((key) => [key, undefined]));
    const [props, options] = resourceArgs({ ...outputs, ...args }, opts, ["adminPassword"]);
    super(remoteProvider("instance"), name, props, options, "ddm", "DdmInstance");
  }
}
