import { createHash } from "node:crypto";
import { DdmClient } from "./ddm-client";
import { sessionFor } from "../../cloud/session";
import { resolveSettings, type ConfigSource } from "../../cloud/settings";

export { DdmClient, serviceTime, type Listing, type ListOptions, type Submitted } from "./ddm-client";
export { DDM_SERVICE } from "./advice";
export { ifNotFound } from "../../cloud/session";
export { HuaweiCloudError, isHuaweiCloudError, parseServiceError } from "../../cloud/errors";
export { redact, registerSecret } from "../../cloud/redact";
export {
  resolveSettings,
  defaultEndpoints,
  SettingsError,
  type ClientSettings,
  type ConfigSource,
  type Credentials,
  type ServiceName,
} from "../../cloud/settings";
export type * from "./types";

const clients = new Map<string, DdmClient>();

/**
 * The client for the given configuration, shared process-wide; its session (token, project id,
 * rate limit) is shared with every other service's client of the same credentials.
 */
export function clientFor(config?: ConfigSource, env: Record<string, string | undefined> = process.env): DdmClient {
  const settings = resolveSettings(config, env);
  const key = createHash("sha256").update(JSON.stringify(settings)).digest("hex");
  let client = clients.get(key);
  if (!client) {
    client = new DdmClient(settings, {}, sessionFor(settings));
    clients.set(key, client);
  }
  return client;
}
