import { createHash } from "node:crypto";
import { sessionFor } from "../../cloud/session";
import { resolveSettings, type ConfigSource } from "../../cloud/settings";
import { DcsClient } from "./dcs-client";

export { DcsClient } from "./dcs-client";
export { DCS_SERVICE } from "./advice";
export type * from "./types";

const clients = new Map<string, DcsClient>();

/** The DCS client for the configuration, on the session every other service's client of the same credentials uses. */
export function dcsClientFor(config?: ConfigSource, env: Record<string, string | undefined> = process.env): DcsClient {
  const settings = resolveSettings(config, env);
  const key = createHash("sha256").update(JSON.stringify(settings)).digest("hex");
  let client = clients.get(key);
  if (!client) {
    client = new DcsClient(settings, {}, sessionFor(settings));
    clients.set(key, client);
  }
  return client;
}
