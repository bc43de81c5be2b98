import { createHash, createHmac } from "node:crypto";

/**
 * Huawei Cloud APIG request signing, SDK-HMAC-SHA256.
 *
 * Pure functions over a request description, in the style of the AWS SDK v3 signer:
 * `signRequest` returns the headers to add; the transport sends exactly the body it signed.
 */

export const ALGORITHM = "SDK-HMAC-SHA256";
export const DATE_HEADER = "x-sdk-date";

export interface AkSkCredentials {
  accessKey: string;
  secretKey: string;
  /** Present for temporary credentials; sent as X-Security-Token and signed. */
  securityToken?: string;
}

export interface SignableRequest {
  method: string;
  /** Absolute URL or path with query string, as sent. */
  url: string;
  /** Headers to sign, any case. Only these are signed: never headers the HTTP library adds itself. */
  headers: Record<string, string>;
  /** The exact body bytes that will be sent ("" for none). */
  body: string;
}

/** RFC 3986 unreserved characters stay; every other UTF-8 byte becomes %XX (uppercase). */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Each path segment encoded; always ends in "/" (the request itself is sent without it). */
export function canonicalUri(pathname: string): string {
  const encoded = pathname.split("/").map((segment) => encodeRfc3986(decodeSafely(segment))).join("/");
  return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

/** Parameters sorted by key, repeated keys sorted by value, `enc(k)=enc(v)` joined by "&". */
export function canonicalQueryString(params: ReadonlyArray<readonly [string, string]>): string {
  return params
    .map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)] as const)
    .sort(([ka, va], [kb, vb]) => (ka === kb ? compare(va, vb) : compare(ka, kb)))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lowerCaseHeaders(headers: Record<string, string>): Map<string, string> {
  const result = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) result.set(name.toLowerCase(), String(value).trim());
  return result;
}

export function signedHeaderNames(headers: Record<string, string>): string[] {
  return [...lowerCaseHeaders(headers).keys()].sort(compare);
}

export function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}

function queryParams(url: URL): Array<[string, string]> {
  return [...url.searchParams.entries()];
}

function parseUrl(url: string): URL {
  return new URL(url, "http://signing.invalid");
}

export function canonicalRequest(request: SignableRequest, signedHeaders: readonly string[]): string {
  const url = parseUrl(request.url);
  const headers = lowerCaseHeaders(request.headers);
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${headers.get(name) ?? ""}\n`).join("");
  return [
    request.method.toUpperCase(),
    canonicalUri(url.pathname),
    canonicalQueryString(queryParams(url)),
    canonicalHeaders,
    signedHeaders.join(";"),
    sha256Hex(request.body),
  ].join("\n");
}

export function stringToSign(sdkDate: string, canonicalRequestText: string): string {
  return `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequestText)}`;
}

export function signature(secretKey: string, toSign: string): string {
  return createHmac("sha256", secretKey).update(toSign, "utf8").digest("hex");
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatSdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

export function parseSdkDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

/**
 * Signs a request. `request.headers` must already hold every header to sign except the date and
 * token, which are added here. Returns the headers to send: the given ones plus X-Sdk-Date,
 * X-Security-Token (temporary credentials) and Authorization.
 */
export function signRequest(
  request: SignableRequest,
  credentials: AkSkCredentials,
  date: Date = new Date(),
): Record<string, string> {
  const headers: Record<string, string> = { ...request.headers, "X-Sdk-Date": formatSdkDate(date) };
  if (credentials.securityToken) headers["X-Security-Token"] = credentials.securityToken;
  const signed = signedHeaderNames(headers);
  const toSign = stringToSign(headers["X-Sdk-Date"], canonicalRequest({ ...request, headers }, signed));
  headers.Authorization =
    `${ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signed.join(";")}, ` +
    `Signature=${signature(credentials.secretKey, toSign)}`;
  return headers;
}

export interface ParsedAuthorization {
  accessKey: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`; undefined when malformed. */
export function parseAuthorization(value: string | undefined): ParsedAuthorization | undefined {
  if (!value?.startsWith(`${ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.slice(ALGORITHM.length + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKey = fields.get("Access");
  const signedHeaders = fields.get("SignedHeaders");
  const sig = fields.get("Signature");
  if (!accessKey || !signedHeaders || !sig) return undefined;
  return { accessKey, signedHeaders: signedHeaders.split(";"), signature: sig };
}
