import { aesDecrypt, DecryptError, rsaDecryptChunks } from "./crypto";
import { errors } from "./errors";
import type { AgentRecord } from "./model";
import { versionAtLeast } from "./options";

/**
 * What an agent checks on an authenticated request, in OBShell's order: the header decrypts
 * with its key, the fields parse (names matched case-insensitively, as Go does), `ts` has not
 * passed, `uri` is the request's exactly, the password is the one it expects; then the body
 * decrypts with the AES key the header carried. v1 carries only `{password, ts}`.
 */

export interface IncomingAuth {
  headers: Record<string, string | string[] | undefined>;
  /** Path with query, as received. */
  url: string;
  rawBody: string;
  nowMs: number;
}

function header(request: IncomingAuth, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function decryptFields(agent: AgentRecord, encrypted: string): Record<string, unknown> {
  let text: string;
  try {
    text = rsaDecryptChunks(agent.keys, encrypted).toString("utf8");
  } catch (error) {
    throw errors.decrypt(error instanceof DecryptError ? error.message : String(error));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw errors.decrypt("the header is not JSON");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw errors.decrypt("the header is not a JSON object");
  return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key.toLowerCase(), value]));
}

function checkExpiry(ts: unknown, nowMs: number): void {
  if (typeof ts !== "string" || !/^[0-9]+$/.test(ts)) throw errors.timestampInvalid(ts);
  if (Number(ts) * 1000 < nowMs) throw errors.expired();
}

/** The password the agent expects: root@sys once it is in a cluster, "" while SINGLE. */
function expectedPassword(agent: AgentRecord, clusterPassword: string): string {
  return agent.identity === "SINGLE" ? "" : clusterPassword;
}

/** Returns the request body as JSON text (decrypted for v2), or throws the agent's error. */
export function verifyRequest(agent: AgentRecord, clusterPassword: string, request: IncomingAuth): string {
  const methods = agent.settings.supportedAuth ?? [versionAtLeast(agent.settings.version, "4.2.3") ? "v2" : "v1"];
  const v2 = header(request, "X-OCS-Header");
  const v1 = header(request, "X-OCS-Auth");
  if (v2 !== undefined && methods.includes("v2")) {
    const fields = decryptFields(agent, v2);
    checkExpiry(fields.ts, request.nowMs);
    if (fields.uri !== request.url) throw errors.uriMismatch(fields.uri, request.url);
    if (fields.auth !== expectedPassword(agent, clusterPassword)) throw errors.incorrectPassword();
    if (request.rawBody === "") return "";
    if (typeof fields.keys !== "string") throw errors.keysInvalid();
    try {
      return aesDecrypt(fields.keys, request.rawBody.trim()).toString("utf8");
    } catch (error) {
      if (error instanceof DecryptError && /32 bytes/.test(error.message)) throw errors.keysInvalid();
      throw errors.bodyDecrypt(error instanceof Error ? error.message : String(error));
    }
  }
  if (v1 !== undefined && methods.includes("v1")) {
    const fields = decryptFields(agent, v1);
    checkExpiry(fields.ts, request.nowMs);
    if (fields.password !== expectedPassword(agent, clusterPassword)) throw errors.incorrectPassword();
    return request.rawBody;
  }
  throw errors.unauthorized();
}
