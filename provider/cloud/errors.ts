import { redact } from "./redact";
import type { ServiceProfile } from "./service";

export const THROTTLED_CODE = "APIG.0308";

/** The API gateway's codes, the same in front of every service. */
export const GATEWAY_ADVICE: Readonly<Record<string, string>> = {
  "APIG.0301": "Authentication failed: check the access key, secret key and clock (requests more than 15 minutes off are rejected). Repeated failures lock the key for 5 minutes.",
  [THROTTLED_CODE]: "The API rate limit was exceeded; lower ddm:maxRequestsPerMinute.",
};

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

export interface CloudErrorDetails {
  operation: string;
  /** The service that answered; its tables give the advice and say what is busy or not found. */
  service?: ServiceProfile;
  status?: number;
  code?: string;
  serviceMessage?: string;
  requestId?: string;
  /** The request may or may not have taken effect: the caller must check before repeating it. */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

/**
 * The one error type every Huawei Cloud client throws, whichever service answered. Its message
 * never contains credentials, tokens or passwords.
 */
export class HuaweiCloudError extends Error {
  override readonly name = "HuaweiCloudError";
  readonly operation: string;
  readonly status?: number;
  readonly code?: string;
  readonly serviceMessage?: string;
  readonly requestId?: string;
  readonly advice?: string;
  readonly outcomeUnknown: boolean;
  private readonly service?: ServiceProfile;

  constructor(details: CloudErrorDetails) {
    const advice = details.code ? (details.service?.advice[details.code] ?? GATEWAY_ADVICE[details.code]) : undefined;
    super(redact(describe(details, advice)));
    this.operation = details.operation;
    this.status = details.status;
    this.code = details.code;
    this.serviceMessage = details.serviceMessage === undefined ? undefined : redact(details.serviceMessage);
    this.requestId = details.requestId;
    this.advice = advice;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
    Object.defineProperty(this, "service", { value: details.service, enumerable: false });
    if (details.cause !== undefined) Object.defineProperty(this, "cause", { value: details.cause, enumerable: false });
  }

  get isNotFound(): boolean {
    return this.status === 404 || (this.code !== undefined && (this.service?.notFoundCodes.has(this.code) ?? false));
  }

  get isBusy(): boolean {
    const { code, service } = this;
    return code !== undefined && service !== undefined && (service.busyCodes.has(code) || service.unavailableCodes.has(code));
  }

  get isThrottled(): boolean {
    return this.status === 429 || this.code === THROTTLED_CODE;
  }
}

function describe(details: CloudErrorDetails, advice: string | undefined): string {
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

export function isHuaweiCloudError(error: unknown): error is HuaweiCloudError {
  return error instanceof HuaweiCloudError;
}
