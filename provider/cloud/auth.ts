import { signRequest, type SignableRequest } from "./signer";
import { registerSecret } from "./redact";
import type { ClientSettings, Credentials } from "./settings";

/** Adds authentication to a request about to be sent (called afresh for every attempt). */
export interface Authenticator {
  authorize(request: SignableRequest): Promise<Record<string, string>>;
  /** After a 401: true when fresh credentials were obtained and the request may be sent once more. */
  renewAfterUnauthorized(): boolean;
}

export class AkSkAuthenticator implements Authenticator {
  constructor(private readonly credentials: Extract<Credentials, { kind: "aksk" }>) {
    registerSecret(credentials.secretKey);
    registerSecret(credentials.securityToken);
  }

  async authorize(request: SignableRequest): Promise<Record<string, string>> {
    return signRequest(request, this.credentials);
  }

  renewAfterUnauthorized(): boolean {
    // A bad signature stays bad, and five in a row lock the key: never repeat it.
    return false;
  }
}

export interface IssuedToken {
  token: string;
  expiresAt: number;
}

/** Obtains a password token from IAM; supplied by the client so it goes through the same transport. */
export type TokenIssuer = () => Promise<IssuedToken>;

/** Tokens live 24 h; renew well before expiry so a long wait never sends an expired one. */
const RENEW_BEFORE_EXPIRY_MS = 10 * 60_000;

export class TokenAuthenticator implements Authenticator {
  private current?: IssuedToken;
  private pending?: Promise<IssuedToken>;
  private renewedAfter401 = false;

  constructor(
    private readonly issue: TokenIssuer,
    private readonly now: () => number = Date.now,
  ) {}

  async authorize(request: SignableRequest): Promise<Record<string, string>> {
    const token = await this.token();
    return { ...request.headers, "X-Auth-Token": token.token };
  }

  renewAfterUnauthorized(): boolean {
    if (this.renewedAfter401 || !this.current) return false;
    this.renewedAfter401 = true;
    this.current = undefined;
    return true;
  }

  private async token(): Promise<IssuedToken> {
    if (this.current && this.current.expiresAt - RENEW_BEFORE_EXPIRY_MS > this.now()) return this.current;
    this.pending ??= this.issue().finally(() => (this.pending = undefined));
    const token = await this.pending;
    registerSecret(token.token);
    if (this.current?.token !== token.token) this.renewedAfter401 = false;
    this.current = token;
    return token;
  }
}

export function passwordTokenRequest(
  credentials: Extract<Credentials, { kind: "password" }>,
  settings: Pick<ClientSettings, "region" | "projectId">,
): unknown {
  registerSecret(credentials.password);
  const scope = settings.projectId
    ? { project: { id: settings.projectId } }
    : settings.region
      ? { project: { name: settings.region } }
      : { domain: { name: credentials.domainName } };
  return {
    auth: {
      identity: {
        methods: ["password"],
        password: {
          user: { domain: { name: credentials.domainName }, name: credentials.userName, password: credentials.password },
        },
      },
      scope,
    },
  };
}
