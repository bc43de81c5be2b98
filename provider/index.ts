/**
 * `pulumi-ddm/provider`: the dynamic providers the resource classes load at run time, the DDM
 * API client, and the lookups. The serialized provider in each resource's state only says
 * `require("pulumi-ddm/provider")`, so this module is what every deployment runs.
 */
import { accountProvider } from "./ddm/account";
import { instanceProvider } from "./ddm/instance";
import { schemaProvider } from "./ddm/schema";
import { obServerProvider } from "./obshell/server";

export const providers = {
  instance: instanceProvider,
  schema: schemaProvider,
  account: accountProvider,
  obServer: obServerProvider,
} as const;

export type ProviderKind = keyof typeof providers;

export * from "./ddm/client";
export * from "./ddm/lookups";
export { instanceProvider } from "./ddm/instance";
export { schemaProvider } from "./ddm/schema";
export { accountProvider } from "./ddm/account";
export { obServerProvider } from "./obshell/server";
export { ObshellClient, ObshellApiError } from "./obshell/client";
export { ResourceInitError } from "./resource/context";
export { InputError } from "./resource/validation";
export { OperationFailedError, WaitTimeoutError } from "./wait";
