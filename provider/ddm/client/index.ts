import { createHash } from "node:crypto";
import { DdmClient } from "./ddm-client";
import { resolveSettings, type ConfigSource } from "../../cloud/settings";

export { DdmClient, ifNotFound, serviceTime, type Listing, type ListOptions, type Submitted } from "./ddm-client";
export { DdmApiError, isDdmApiError, parseServiceError } from "../../cloud/errors";
export { redact, registerSecret } from "../../cloud/redact";
export { resolveSettings, defaultEndpoints, SettingsError, type ClientSettings, type ConfigSource, type Credentials } from "../../cloud/settings";
export type * from "./types";

const clients = new Map<string, DdmClient>();

/**
 * The client for the given configuration, shared process-wide so that every resource in one
 * deployment shares its token, project id and rate limit.
 */
export function clientFor(config?: ConfigSource, env: Record<string, string | undefined> = process.env): DdmClient {
  const settings = resolveSettings(config, env);
  const key = createHash("sha256").update(JSON.stringify(settings)).digest("hex");
  let client = clients.get(key);
  if (!client) {
    client = new DdmClient(settings);
    clients.set(key, client);
  }
  return client;
}
