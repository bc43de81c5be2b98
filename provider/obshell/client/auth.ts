import type { KeyObject } from "node:crypto";
import { aesEncrypt, encodeAesMaterial, freshAesMaterial, rsaEncryptChunks } from "./crypto";

/**
 * OBShell's request authentication ("API hybrid encryption"). v2 (4.2.3 and later) puts the
 * password, an expiry, the exact URI and a fresh AES key in an RSA-encrypted `X-OCS-Header` and
 * sends the body AES-encrypted; v1 (4.2.2) encrypts only `{password, ts}` into `X-OCS-Auth`.
 */

export type AuthVersion = "v1" | "v2";

/** How long a signed request stays valid: long enough for a slow network, short enough not to be replayed much later. */
export const REQUEST_VALIDITY_SECONDS = 30;

/** "4.2.3.0" < "4.2.10": compared part by part as numbers; missing parts are 0. */
export function compareVersions(a: string, b: string): number {
  const parts = (version: string) => version.split(/[.-]/).map((part) => Number.parseInt(part, 10) || 0);
  const [left, right] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference) return Math.sign(difference);
  }
  return 0;
}

/** `supportedAuth` when the agent lists it; otherwise 4.2.2.x is v1 and 4.2.3 or later is v2. */
export function authVersionFor(info: { version?: string; supportedAuth?: readonly string[] }): AuthVersion {
  const listed = (info.supportedAuth ?? []).map((version) => version.toLowerCase());
  if (listed.includes("v2")) return "v2";
  if (listed.includes("v1")) return "v1";
  if (listed.length) throw new Error(`the agent supports only authentication ${listed.join(", ")}, which this provider does not speak (v1, v2)`);
  return compareVersions(info.version ?? "0", "4.2.3") >= 0 ? "v2" : "v1";
}

export interface AuthenticatedRequest {
  headers: Record<string, string>;
  /** What goes on the wire: the AES ciphertext (v2) or the JSON (v1). */
  body?: string;
}

export interface RequestToSign {
  version: AuthVersion;
  publicKey: KeyObject;
  password: string;
  /** Path with query, exactly as sent. */
  uri: string;
  body?: unknown;
  nowMs: number;
}

export function authenticate(request: RequestToSign): AuthenticatedRequest {
  const ts = String(Math.floor(request.nowMs / 1000) + REQUEST_VALIDITY_SECONDS);
  const json = request.body === undefined ? undefined : JSON.stringify(request.body);
  if (request.version === "v1") {
    const header = rsaEncryptChunks(request.publicKey, JSON.stringify({ password: request.password, ts }));
    return { headers: { "X-OCS-Auth": header, ...(json === undefined ? {} : { "Content-Type": "application/json" }) }, body: json };
  }
  const material = freshAesMaterial();
  const header = rsaEncryptChunks(request.publicKey, JSON.stringify({ auth: request.password, ts, uri: request.uri, keys: encodeAesMaterial(material) }));
  return {
    headers: { "X-OCS-Header": header, ...(json === undefined ? {} : { "Content-Type": "application/json" }) },
    body: json === undefined ? undefined : aesEncrypt(material, json),
  };
}
