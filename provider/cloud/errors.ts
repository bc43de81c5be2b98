import { DBS_ADVICE } from "../ddm/client/advice";
import { redact } from "./redact";

/**
 * Codes meaning "the instance is busy with another operation; wait and retry": DBS.200019 (HTTP
 * 409) and DBS.212033 (as the Terraform provider treats it) are retried by the transport too.
 */
export const BUSY_CODES: ReadonlySet<string> = new Set(["DBS.200019", "DBS.212033"]);
/**
 * DBS.200076 (HTTP 400, "the instance and node must be in the Available state"): the reference's
 * answer while the instance is busy or otherwise not RUNNING (FACTS.md §3). Busy too, but not
 * retried blindly: the instance's status says at once whether waiting can help (FROZEN cannot).
 */
export const UNAVAILABLE_CODE = "DBS.200076";
export const THROTTLED_CODE = "APIG.0308";
/**
 * "Not found" answered with HTTP 400 and a code, as the reference's error table lists them:
 * schema (DBS.300129), account (DBS.300327), task (DBS.300400). A 404 means the same.
 */
export const NOT_FOUND_CODES: ReadonlySet<string> = new Set(["DBS.300129", "DBS.300327", "DBS.300400"]);

export interface ServiceError {
  code?: string;
  message?: string;
}

/**
 * Extracts the code and message from any of the three error body formats:
 * v1/v2 `{errCode, externalMessage}`, v3 `{error_code, error_msg}`, and API gateway bodies
 * (same keys as v3, plus `request_id`). Anything else yields what text it can.
 */
export function parseServiceError(body: unknown): ServiceError {
  if (typeof body === "string") {
    const trimmed = body.trim();
    if (!trimmed) return {};
    try {
      return parseServiceError(JSON.parse(trimmed));
    } catch {
      return { message: summarizeText(trimmed) };
    }
  }
  if (!body || typeof body !== "object") return {};
  const record = body as Record<string, unknown>;
  const nested = record.error && typeof record.error === "object" ? (record.error as Record<string, unknown>) : {};
  const code = firstString(record.errCode, record.error_code, record.code, nested.code);
  const message = firstString(record.externalMessage, record.error_msg, record.message, nested.message);
  return { code, message };
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === "string" && value) return value;
    if (typeof value === "number") return String(value);
  }
  return undefined;
}

/** HTML error pages from proxies: keep the title, not the markup. */
function summarizeText(text: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
  const plain = (title ?? text.replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ").trim();
  return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}

export interface DdmApiErrorDetails {
  operation: string;
  status?: number;
  code?: string;
  serviceMessage?: string;
  requestId?: string;
  /** The request may or may not have taken effect: the caller must check before repeating it. */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

/** The one error type the client throws. Its message never contains credentials, tokens or passwords. */
export class DdmApiError extends Error {
  override readonly name = "DdmApiError";
  readonly operation: string;
  readonly status?: number;
  readonly code?: string;
  readonly serviceMessage?: string;
  readonly requestId?: string;
  readonly advice?: string;
  readonly outcomeUnknown: boolean;

  constructor(details: DdmApiErrorDetails) {
    const advice = details.code ? DBS_ADVICE[details.code] : undefined;
    super(redact(describe(details, advice)));
    this.operation = details.operation;
    this.status = details.status;
    this.code = details.code;
    this.serviceMessage = details.serviceMessage === undefined ? undefined : redact(details.serviceMessage);
    this.requestId = details.requestId;
    this.advice = advice;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
    if (details.cause !== undefined) Object.defineProperty(this, "cause", { value: details.cause, enumerable: false });
  }

  get isNotFound(): boolean {
    return this.status === 404 || (this.code !== undefined && NOT_FOUND_CODES.has(this.code));
  }

  get isBusy(): boolean {
    return this.code !== undefined && (BUSY_CODES.has(this.code) || this.code === UNAVAILABLE_CODE);
  }

  get isThrottled(): boolean {
    return this.status === 429 || this.code === THROTTLED_CODE;
  }
}

function describe(details: DdmApiErrorDetails, advice: string | undefined): string {
  const what = [
    details.status === undefined ? undefined : `HTTP ${details.status}`,
    details.code,
    details.serviceMessage,
  ].filter(Boolean);
  const parts = [`${details.operation} failed${what.length ? `: ${what.join(" ")}` : ""}`];
  if (details.outcomeUnknown) parts.push("(the request may have taken effect)");
  if (advice) parts.push(`— ${advice}`);
  if (details.requestId) parts.push(`[request id ${details.requestId}]`);
  return parts.join(" ");
}

export function isDdmApiError(error: unknown): error is DdmApiError {
  return error instanceof DdmApiError;
}
