import type { FaultKind } from "./faults";

/** One API call the simulator received, as tests see it. Control-API calls are not recorded. */
export interface CallRecord {
  seq: number;
  requestId: string;
  /** When the call arrived, epoch ms on the simulator's clock. */
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body with every password field masked; undefined when there was none. */
  body?: unknown;
  /** Undefined when the connection was dropped without an answer. */
  status?: number;
  /** `ak:<access key>`, `user:<domain>/<user>`, or `anonymous` with auth disabled. */
  principal?: string;
  faults: FaultKind[];
}

const MASK = "***";
const SECRET_KEY = /password/i;
/** A long-running CLI must not grow without bound; tests never come near this. */
const MAX_RECORDS = 10_000;

/** A copy of a JSON value with every field whose name mentions a password masked, at any depth. */
function redactPasswords(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactPasswords);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, field]) => [key, SECRET_KEY.test(key) ? MASK : redactPasswords(field)]),
    );
  }
  return value;
}

/** What the log records of a body: the redacted JSON, or a placeholder for text that is not JSON. */
export function recordedBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return redactPasswords(JSON.parse(text));
  } catch {
    return `<${Buffer.byteLength(text)} bytes, not JSON>`;
  }
}

export class CallLog {
  private records: CallRecord[] = [];
  private seq = 0;

  /** Records a call as it arrives; the caller fills in status, principal and faults as they become known. */
  begin(call: Omit<CallRecord, "seq" | "faults">): CallRecord {
    const record: CallRecord = { seq: ++this.seq, ...call, faults: [] };
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records.shift();
    return record;
  }

  list(): CallRecord[] {
    return structuredClone(this.records);
  }

  clear(): void {
    this.records = [];
  }
}
