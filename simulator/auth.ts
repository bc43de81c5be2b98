import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { canonicalRequest, DATE_HEADER, parseAuthorization, parseSdkDate, signature, stringToSign } from "../provider/cloud/signer";
import { authFailed, ServiceError } from "./errors";
import type { AkSkCredential, IamUser } from "./options";

/** The gateway rejects signatures dated more than 15 minutes away from its clock (FACTS.md §4). */
const MAX_CLOCK_SKEW_MS = 15 * 60_000;
const ANONYMOUS = "anonymous";

/** A request as it arrived: the raw URL and the exact body, since the signature covers both. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface AuthConfig {
  enabled: boolean;
  credentials: AkSkCredential[];
  users: IamUser[];
  tokenTtlMs: number;
  projectId: string;
  region: string;
}

export interface IssuedToken {
  token: string;
  principal: string;
  issuedAt: number;
  expiresAt: number;
  user: IamUser;
  /** False for a domain-scoped (or unscoped) token. */
  projectScoped: boolean;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function iamUnauthorized(message: string): ServiceError {
  return new ServiceError(401, "IAM.0006", message);
}

function objectAt(value: unknown, ...path: string[]): Record<string, unknown> | undefined {
  let current = value;
  for (const key of path) {
    if (!current || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current && typeof current === "object" && !Array.isArray(current) ? (current as Record<string, unknown>) : undefined;
}

/**
 * Who sent a request: verifies AK/SK signatures (SDK-HMAC-SHA256, with the project's own signer)
 * and the IAM tokens this simulator issued. Principals are spelled as the client's rate limiter
 * spells them: `ak:<AK>` or `user:<domain>/<name>`.
 */
export class Authenticator {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(private readonly config: AuthConfig) {}

  /** The principal of a request, or a 401 gateway error saying what is wrong. */
  verify(request: ReceivedRequest, now: number): string {
    if (!this.config.enabled) return ANONYMOUS;
    const token = header(request.headers, "x-auth-token");
    if (token !== undefined) return this.verifyToken(token, now);
    if (header(request.headers, "authorization") !== undefined) return this.verifySignature(request, now);
    throw authFailed("no Authorization or X-Auth-Token header");
  }

  private verifyToken(token: string, now: number): string {
    const issued = this.tokens.get(token);
    if (!issued) throw authFailed("the token is not valid");
    if (issued.expiresAt <= now) throw authFailed("the token has expired");
    return issued.principal;
  }

  private verifySignature(request: ReceivedRequest, now: number): string {
    const authorization = parseAuthorization(header(request.headers, "authorization"));
    if (!authorization) throw authFailed("malformed SDK-HMAC-SHA256 Authorization header");
    const credential = this.config.credentials.find((c) => c.accessKey === authorization.accessKey);
    if (!credential) throw authFailed("unknown access key");
    const sdkDate = header(request.headers, DATE_HEADER) ?? "";
    const signedAt = parseSdkDate(sdkDate);
    if (!signedAt) throw authFailed("missing or malformed X-Sdk-Date");
    if (Math.abs(signedAt.getTime() - now) > MAX_CLOCK_SKEW_MS) throw authFailed("X-Sdk-Date is more than 15 minutes off");
    if (!authorization.signedHeaders.includes(DATE_HEADER)) throw authFailed("X-Sdk-Date must be signed");
    const securityToken = header(request.headers, "x-security-token");
    if (credential.securityToken !== undefined) {
      if (securityToken === undefined || !authorization.signedHeaders.includes("x-security-token")) {
        throw authFailed("temporary credentials need a signed X-Security-Token");
      }
      if (!sameText(securityToken, credential.securityToken)) throw authFailed("the security token does not match the access key");
    } else if (securityToken !== undefined) {
      throw authFailed("X-Security-Token sent with a permanent access key");
    }
    // Each signed header with the value received; the body as the exact text received (JSON is
    // UTF-8, so decoding and re-encoding it gives back the same bytes the client hashed).
    const headers = Object.fromEntries(authorization.signedHeaders.map((name) => [name, header(request.headers, name) ?? ""]));
    const canonical = canonicalRequest({ method: request.method, url: request.url, headers, body: request.body }, authorization.signedHeaders);
    const expected = signature(credential.secretKey, stringToSign(sdkDate, canonical));
    if (!sameText(expected, authorization.signature)) throw authFailed("the signature does not match");
    return `ak:${credential.accessKey}`;
  }

  /** Whether the principal holds IAM permissions (see `iamPermissions` in options.ts). */
  hasIamPermissions(principal: string | undefined): boolean {
    if (!this.config.enabled || principal === undefined) return true;
    const holder =
      this.config.credentials.find((c) => principal === `ak:${c.accessKey}`) ??
      this.config.users.find((u) => principal === `user:${u.domainName}/${u.userName}`);
    return holder?.iamPermissions !== false;
  }

  /** POST /v3/auth/tokens with the password method (FACTS.md §5). */
  issueToken(body: unknown, now: number): IssuedToken {
    const identity = objectAt(body, "auth", "identity");
    const methods = identity?.methods;
    const user = objectAt(identity, "password", "user");
    const domainName = objectAt(user, "domain")?.name;
    if (!Array.isArray(methods) || !methods.includes("password") || !user || typeof user.name !== "string" || typeof user.password !== "string") {
      throw new ServiceError(400, "IAM.0007", "The request body must use the password method: auth.identity.password.user.");
    }
    const known = this.config.users.find(
      (candidate) => candidate.domainName === domainName && candidate.userName === user.name && candidate.password === user.password,
    );
    if (!known) throw iamUnauthorized("The username or password is wrong.");
    const scope = objectAt(body, "auth", "scope");
    const project = objectAt(scope, "project");
    if (project && project.name !== this.config.region && project.id !== this.config.projectId) {
      throw iamUnauthorized("The project in the scope does not exist or is not accessible.");
    }
    const issued: IssuedToken = {
      token: `MIIsim${randomBytes(96).toString("base64url")}`,
      principal: `user:${known.domainName}/${known.userName}`,
      issuedAt: now,
      expiresAt: now + this.config.tokenTtlMs,
      user: known,
      projectScoped: project !== undefined,
    };
    this.tokens.set(issued.token, issued);
    return issued;
  }
}
