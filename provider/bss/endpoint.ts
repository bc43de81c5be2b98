import { endpointOf, type ClientSettings, type ConfigSource } from "../cloud/settings";

/**
 * Where the billing service (BSS) answers. It is one global service per cloud, not per region:
 * `https://bss.myhuaweicloud.com` (`.eu` for the European cloud). A DDM endpoint that is not a
 * `ddm.` host (a simulator, a private deployment) is taken to serve BSS too, unless
 * `ddm:bssEndpoint` / `HW_BSS_ENDPOINT` names another.
 */
export function bssEndpoint(settings: ClientSettings, config?: ConfigSource, env: Record<string, string | undefined> = process.env): string {
  const named = config?.get("ddm:bssEndpoint") ?? env.HW_BSS_ENDPOINT;
  if (named) return named.replace(/\/+$/, "");
  const endpoint = endpointOf(settings, "ddm");
  const ddm = /^ddm\.[^.]+\.(.+)$/.exec(new URL(endpoint).hostname);
  if (!ddm) return endpoint;
  return `https://bss.${ddm[1]}`;
}
