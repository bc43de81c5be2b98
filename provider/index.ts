/**
 * `pulumi-ddm/provider`: the dynamic providers the resource classes load at run time, the DDM
 * API client, and the lookups. The serialized provider in each resource's state only says
 * `require("pulumi-ddm/provider")`, so this module is what every deployment runs.
 */
import { accountProvider } from "./account";
import { instanceProvider } from "./instance";
import { schemaProvider } from "./schema";

export const providers = {
  instance: instanceProvider,
  schema: schemaProvider,
  account: accountProvider,
} as const;

export type ProviderKind = keyof typeof providers;

export * from "./client";
export * from "./lookups";
export { instanceProvider } from "./instance";
export { schemaProvider } from "./schema";
export { accountProvider } from "./account";
export { ResourceInitError } from "./resource/context";
export { InputError } from "./resource/validation";
export { OperationFailedError, WaitTimeoutError } from "./wait";
