import * as pulumi from "@pulumi/pulumi";
import { remoteProvider } from "./remote-provider";
import { resourceArgs } from "./resource-options";

export interface DdmReadStrategyArgs {
  instanceId: pulumi.Input<string>;
  /**
   * RDS instance id → read weight (0–100), for the DB instances behind the instance's schemas and
   * their read replicas. Take the ids from the schemas' `usedRds` so the weights follow them.
   */
  readWeights: pulumi.Input<Record<string, pulumi.Input<number>>>;
}

/**
 * How reads are spread over the DB instances of a DDM instance's schemas. Its own resource, not
 * an input of DdmInstance: the weights name RDS instances that belong to the instance only once
 * its schemas exist, and the schemas are created after the instance.
 */
export class DdmReadStrategy extends pulumi.dynamic.Resource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly readWeights: pulumi.Output<Record<string, number>>;

  constructor(name: string, args: DdmReadStrategyArgs, opts?: pulumi.CustomResourceOptions) {
    const [props, options] = resourceArgs({ ...args }, opts, []);
    super(remoteProvider("readStrategy"), name, props, options, "ddm", "DdmReadStrategy");
  }
}
