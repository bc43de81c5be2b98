import { redact } from "../../cloud/redact";

export interface ObshellApiErrorDetails {
  operation: string;
  status?: number;
  /** The string code of 4.3.1 and later, or the old integer code as text. */
  code?: string;
  serviceMessage?: string;
  outcomeUnknown?: boolean;
}

/** The one error the OBShell client throws; its message never contains a password. */
export class ObshellApiError extends Error {
  override readonly name = "ObshellApiError";
  readonly operation: string;
  readonly status?: number;
  readonly code?: string;
  readonly serviceMessage?: string;
  readonly outcomeUnknown: boolean;

  constructor(details: ObshellApiErrorDetails) {
    const what = [details.status === undefined ? undefined : `HTTP ${details.status}`, details.code, details.serviceMessage].filter(Boolean).join(" ");
    super(redact(`${details.operation} failed${what ? `: ${what}` : ""}${details.outcomeUnknown ? " (the request may have taken effect)" : ""}`));
    this.operation = details.operation;
    this.status = details.status;
    this.code = details.code;
    this.serviceMessage = details.serviceMessage === undefined ? undefined : redact(details.serviceMessage);
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }

  /** Another cluster operation holds the maintenance lock. Older agents have only the message to go on. */
  get isUnderMaintenance(): boolean {
    return /UnderMaintenance/i.test(this.code ?? "") || /under maintenance/i.test(this.serviceMessage ?? "");
  }

  /** The agent could not read the header: its key may have changed since we fetched it. */
  get isHeaderUnreadable(): boolean {
    return /Header\.Decrypt|DecryptFailed|DecryptError/i.test(this.code ?? "");
  }

  get isAuthenticationFailure(): boolean {
    return /^Security\./.test(this.code ?? "") || this.code === "10008" || this.status === 401;
  }
}
