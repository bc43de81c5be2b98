import { THROTTLED_CODE } from "./errors";

/**
 * Which failed attempts are worth another try. Pure: the transport describes what happened,
 * this decides. A non-idempotent request whose outcome is unknown (the request may have reached
 * the service) is never repeated blindly; the caller is told so it can check first.
 */

export type AttemptFailure =
  | { kind: "response"; status: number; code?: string }
  /** `sent` is false when the connection was never established (nothing reached the service). */
  | { kind: "network"; code?: string; sent: boolean };

export type Verdict =
  | { retry: true; reason: string; minDelayMs: number }
  | { retry: false; reason: string; outcomeUnknown: boolean };

/** The gateway advises waiting 2–5 s after a throttled call. */
export const THROTTLE_DELAY_MS = 2_000;

const NOT_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Connection-level failures: anything but a refused or unresolvable connection may have reached the service. */
export function networkFailure(code: string | undefined): AttemptFailure {
  return { kind: "network", code, sent: !(code !== undefined && NOT_CONNECTED.has(code)) };
}

/** TLS verification failures: the peer is not who it claims to be, and asking again will not change that. */
const UNTRUSTED_PEER = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

/** `busyCodes` are the answering service's "busy with another operation" codes: those wait and retry. */
export function classify(failure: AttemptFailure, idempotent: boolean, busyCodes: ReadonlySet<string> = new Set()): Verdict {
  if (failure.kind === "network" && failure.code !== undefined && UNTRUSTED_PEER.test(failure.code)) {
    return { retry: false, reason: `untrusted TLS certificate (${failure.code})`, outcomeUnknown: false };
  }
  if (failure.kind === "network") {
    if (!failure.sent) return { retry: true, reason: `connection failed (${failure.code ?? "network"})`, minDelayMs: 0 };
    return idempotent
      ? { retry: true, reason: `connection lost (${failure.code ?? "network"})`, minDelayMs: 0 }
      : { retry: false, reason: "connection lost after the request was sent", outcomeUnknown: true };
  }
  const { status, code } = failure;
  if (status === 429 || code === THROTTLED_CODE) return { retry: true, reason: "throttled", minDelayMs: THROTTLE_DELAY_MS };
  if (code !== undefined && busyCodes.has(code)) return { retry: true, reason: "resource busy", minDelayMs: 0 };
  if (status === 401 || status === 403) return { retry: false, reason: "not authorized", outcomeUnknown: false };
  if (status >= 500) {
    // Gateway errors are answered before the request reaches the service, so they are safe to repeat.
    if (idempotent || code?.startsWith("APIG.")) return { retry: true, reason: `server error ${status}`, minDelayMs: 0 };
    return { retry: false, reason: `server error ${status}`, outcomeUnknown: true };
  }
  return { retry: false, reason: `client error ${status}`, outcomeUnknown: false };
}

export interface RetryPolicy {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /** Upper bound on the time spent retrying one request. */
  maxRetryTimeMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 6,
  minTimeoutMs: 500,
  maxTimeoutMs: 10_000,
  maxRetryTimeMs: 120_000,
};
