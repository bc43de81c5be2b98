import * as pulumi from "@pulumi/pulumi";
import type { SchemaShardOutput } from "../provider/ddm/schema/types";
import { remoteProvider } from "./remote-provider";
import { resourceArgs } from "./resource-options";

export interface DdmSchemaDataNode {
  /** RDS instance id. */
  id: pulumi.Input<string>;
  adminUser: pulumi.Input<string>;
  adminPassword: pulumi.Input<string>;
}

export interface DdmSchemaArgs {
  instanceId: pulumi.Input<string>;
  /** 2–48 characters: lowercase letters, digits and underscores, starting with a letter. */
  name: pulumi.Input<string>;
  shardMode: pulumi.Input<"cluster" | "single">;
  shardNumber: pulumi.Input<number>;
  /** Shards per data node, 1–64. */
  shardUnit?: pulumi.Input<number>;
  dataNodes: pulumi.Input<pulumi.Input<DdmSchemaDataNode>[]>;
  /** On delete, also delete the data on the RDS instances. */
  deleteRdsData?: pulumi.Input<boolean>;
  /** Minutes; default 30 each. */
  timeouts?: pulumi.Input<{ create?: number; delete?: number }>;
}

/**
 * A logical database (schema) of a DDM instance. A change of shards or of the set of data nodes
 * replaces it; new data-node credentials, deleteRdsData and timeouts are recorded in place.
 */
export class DdmSchema extends pulumi.dynamic.Resource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly shardMode: pulumi.Output<string>;
  declare readonly shardNumber: pulumi.Output<number>;
  declare readonly shardUnit: pulumi.Output<number | undefined>;
  declare readonly dataNodes: pulumi.Output<DdmSchemaDataNode[]>;
  declare readonly status: pulumi.Output<string>;
  declare readonly shards: pulumi.Output<SchemaShardOutput[]>;
  declare readonly dataVips: pulumi.Output<string[]>;
  declare readonly usedRds: pulumi.Output<Array<{ id: string; name?: string; status?: string }>>;
  declare readonly created: pulumi.Output<number>;
  declare readonly updated: pulumi.Output<number>;

  constructor(name: string, args: DdmSchemaArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { status: undefined, shards: undefined, dataVips: undefined, usedRds: undefined, created: undefined, updated: undefined };
    const [props, options] = resourceArgs({ ...outputs, ...args }, opts, ["dataNodes"]);
    super(remoteProvider("schema"), name, props, options, "ddm", "DdmSchema");
  }
}
