import * as pulumi from "@pulumi/pulumi";
import type { Permission } from "../provider/ddm/account/types";

export type DdmAccountPermission = Permission;
import { remoteProvider } from "./remote-provider";
import { resourceArgs } from "./resource-options";

export interface DdmAccountArgs {
  instanceId: pulumi.Input<string>;
  /** 1–32 characters: letters, digits and underscores, starting with a letter. */
  name: pulumi.Input<string>;
  password: pulumi.Input<string>;
  /** A non-empty subset of CREATE, DROP, ALTER, INDEX, INSERT, DELETE, UPDATE, SELECT. */
  permissions: pulumi.Input<pulumi.Input<Permission>[]>;
  /** Schemas the account may use. */
  schemas?: pulumi.Input<pulumi.Input<string>[]>;
  /** At most 256 characters. */
  description?: pulumi.Input<string>;
}

/** A DDM account. Permissions, schemas, description and password change in place. */
export class DdmAccount extends pulumi.dynamic.Resource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly password: pulumi.Output<string>;
  declare readonly permissions: pulumi.Output<Permission[]>;
  declare readonly schemas: pulumi.Output<string[] | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly status: pulumi.Output<string>;
  declare readonly created: pulumi.Output<number>;
  declare readonly passwordLastChanged: pulumi.Output<number>;
  declare readonly extendedPermissions: pulumi.Output<string[]>;

  constructor(name: string, args: DdmAccountArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { status: undefined, created: undefined, passwordLastChanged: undefined, extendedPermissions: undefined };
    const [props, options] = resourceArgs({ ...outputs, ...args }, opts, ["password"]);
    super(remoteProvider("account"), name, props, options, "ddm", "DdmAccount");
  }
}
