import * as pulumi from "@pulumi/pulumi";
import * as lookups from "../provider/ddm/lookups";

/**
 * The lookups, each in two forms as Pulumi users expect: `getX(args)` takes plain values and
 * returns a Promise; `getXOutput(args)` takes `pulumi.Input`s (another resource's outputs, say)
 * and returns an Output, unknown in a preview until its arguments are known.
 */

/** Reads `ddm:*` keys from the program's stack config. */
const stackConfig = {
  get(key: string): string | undefined {
    const [namespace, name] = key.split(":");
    return new pulumi.Config(namespace).get(name);
  },
};

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/**
 * A lookup's failure, as the Pulumi runtime should report it: its message alone, which names
 * the argument and the rule, or the call that failed. The runtime prints any uncaught error
 * (a RunError too, for its trace span) with util.inspect, which on Node 20 and 22 loops for
 * minutes and gigabytes over the `node_modules/@pulumi/output.ts` frames of an apply
 * (nodejs/node#64011) before the program can exit. So this error carries no frames, and
 * no `cause` (inspect would format the cause's frames).
 */
export class LookupError extends pulumi.RunError {
  /** The argument at fault, when an argument was. */
  readonly property?: string;

  constructor(failure: unknown) {
    super(failure instanceof Error ? failure.message : String(failure));
    this.name = "LookupError";
    this.stack = `${this.name}: ${this.message}`;
    const property = (failure as { property?: unknown } | undefined)?.property;
    if (typeof property === "string") this.property = property;
  }
}

function reported<R>(lookup: Promise<R>): Promise<R> {
  return lookup.catch((error: unknown) => Promise.reject(new LookupError(error)));
}

function outputForm<A extends object, R>(lookup: (args: A) => Promise<R>): (args: pulumi.Input<Inputs<A>>) => pulumi.Output<R> {
  return (args) => pulumi.output(args).apply((plain) => lookup(plain as A)) as pulumi.Output<R>;
}

export interface InstanceLookupArgs {
  instanceId: string;
}

/** DDM engines available in the region. */
export function getEngines(): Promise<lookups.EngineInfo[]> {
  return reported(lookups.getEngines({ config: stackConfig }));
}
export function getEnginesOutput(): pulumi.Output<lookups.EngineInfo[]> {
  return pulumi.output(getEngines());
}

/** Node classes of an engine (version or id; the newest when omitted), to choose one by vCPUs and memory. */
export function getFlavors(args: { engine?: string } = {}): Promise<lookups.FlavorInfo[]> {
  return reported(lookups.getFlavors({ ...args, config: stackConfig }));
}
export const getFlavorsOutput = outputForm(getFlavors);

/** The nodes of an instance. */
export function getInstanceNodes(args: InstanceLookupArgs): Promise<lookups.NodeInfo[]> {
  return reported(lookups.getInstanceNodes({ ...args, config: stackConfig }));
}
export const getInstanceNodesOutput = outputForm(getInstanceNodes);

/** Instances of the project, optionally only those with this name and this status. */
export function getInstances(args: { name?: string; status?: string } = {}): Promise<lookups.InstanceInfo[]> {
  return reported(lookups.getInstances({ ...args, config: stackConfig }));
}
export const getInstancesOutput = outputForm(getInstances);

/** The schemas of an instance. */
export function getSchemas(args: InstanceLookupArgs): Promise<lookups.SchemaInfo[]> {
  return reported(lookups.getSchemas({ ...args, config: stackConfig }));
}
export const getSchemasOutput = outputForm(getSchemas);

/** The accounts of an instance. */
export function getAccounts(args: InstanceLookupArgs): Promise<lookups.AccountInfo[]> {
  return reported(lookups.getAccounts({ ...args, config: stackConfig }));
}
export const getAccountsOutput = outputForm(getAccounts);

/** RDS instances that an instance's schemas can use as data nodes. */
export function getAvailableRdsInstances(args: InstanceLookupArgs): Promise<lookups.RdsInstanceInfo[]> {
  return reported(lookups.getAvailableRdsInstances({ ...args, config: stackConfig }));
}
export const getAvailableRdsInstancesOutput = outputForm(getAvailableRdsInstances);

/** The parameters of an instance, with their values and rules. */
export function getParameters(args: InstanceLookupArgs): Promise<lookups.ParameterInfo[]> {
  return reported(lookups.getParameters({ ...args, config: stackConfig }));
}
export const getParametersOutput = outputForm(getParameters);

export type { AccountInfo, EngineInfo, FlavorInfo, InstanceInfo, NodeInfo, ParameterInfo, RdsInstanceInfo, SchemaInfo } from "../provider/ddm/lookups";
