/**
 * `pulumi-ddm/provider`: the dynamic providers the resource classes load at run time, the DDM
 * and DCS API clients, and the lookups. The serialized provider in each resource's state only says
 * `require("pulumi-ddm/provider")`, so this module is what every deployment runs.
 */
import { cacheProvider } from "./dcs/cache";
import { accountProvider } from "./ddm/account";
import { instanceProvider } from "./ddm/instance";
import { readStrategyProvider } from "./ddm/read-strategy";
import { schemaProvider } from "./ddm/schema";
import { obServerProvider } from "./obshell/server";

export const providers = {
  instance: instanceProvider,
  schema: schemaProvider,
  account: accountProvider,
  dcsInstance: cacheProvider,
  readStrategy: readStrategyProvider,
  obServer: obServerProvider,
} as const;

export type ProviderKind = keyof typeof providers;

export * from "./ddm/client";
/** @deprecated The error class is shared by every Huawei Cloud service now: use HuaweiCloudError. */
export { HuaweiCloudError as DdmApiError } from "./cloud/errors";
export * from "./ddm/lookups";
export { instanceProvider } from "./ddm/instance";
export { schemaProvider } from "./ddm/schema";
export { accountProvider } from "./ddm/account";
export { cacheProvider } from "./dcs/cache";
export { DcsClient, DCS_SERVICE, dcsClientFor } from "./dcs/client";
export { CloudSession, sessionFor } from "./cloud/session";
export { readStrategyProvider } from "./ddm/read-strategy";
export { obServerProvider } from "./obshell/server";
export { ObshellClient, ObshellApiError } from "./obshell/client";
export { ResourceInitError } from "./resource/context";
export { InputError } from "./resource/validation";
export { OperationFailedError, WaitTimeoutError } from "./wait";
