import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The recent calls of one credential, shared by the provider processes of one machine (several
 * stacks deployed at once, or `up` then `destroy` back to back), so that each counts the others'
 * calls against the limit instead of learning of them from 429s. A file in the user's cache
 * directory, named by a hash of the principal (the access key id or the IAM user, never a secret)
 * and the gateway it calls (`recordKey`), holding each process's call times and when the
 * credential was last throttled.
 *
 * It is only ever a help: every failure (a read-only directory, a lock held by a crashed process,
 * a garbled file) leaves the limiter on its own window and the service's answers, never stuck.
 * The lock is an O_EXCL lock file held for one synchronous read-modify-write (well under a
 * millisecond), so one older than LOCK_STALE_MS belongs to a process that died holding it.
 */

export interface RecordView {
  /** Every other process's calls (start or answer times, ms). */
  others: number[];
  /** The last time any process saw this credential throttled. */
  throttledAt?: number;
}

export interface RecordUpdate {
  /** This process's calls, replacing what it published before. */
  own?: readonly number[];
  throttledAt?: number;
}

/** `busy`: another process holds the lock just now; `off`: the record cannot be used in this process. */
export type Unavailable = "busy" | "off";

export const LOCK_STALE_MS = 2_000;
const VERSION = 1;

interface FileShape {
  v: number;
  calls: Record<string, number[]>;
  throttledAt?: number;
}

/**
 * What one record counts: a principal's calls to one gateway over one window. Runs against
 * another region's endpoint, or a simulator of their own, spend another limit: counting their
 * calls here would slow this run for nothing (the window only differs against simulators).
 */
export function recordKey(principal: string, gateway: string, windowMs: number): string {
  return `${principal} at ${gateway} per ${windowMs} ms`;
}

/** The record's file name for a key: a hash, so neither the access key id nor the user is written in clear. */
export function recordFileName(key: string): string {
  return `${createHash("sha256").update(`pulumi-ddm limit ${key}`).digest("hex").slice(0, 32)}.json`;
}

function parse(text: string): FileShape {
  try {
    const value = JSON.parse(text) as Partial<FileShape>;
    if (value?.v !== VERSION || typeof value.calls !== "object" || value.calls === null) return { v: VERSION, calls: {} };
    const calls: Record<string, number[]> = {};
    for (const [id, times] of Object.entries(value.calls)) {
      if (Array.isArray(times)) calls[id] = times.filter((time): time is number => typeof time === "number" && Number.isFinite(time));
    }
    const throttledAt = typeof value.throttledAt === "number" && Number.isFinite(value.throttledAt) ? value.throttledAt : undefined;
    return { v: VERSION, calls, throttledAt };
  } catch {
    return { v: VERSION, calls: {} };
  }
}

export class SharedRecord {
  private readonly file: string;
  private readonly lock: string;
  /** This process in the record; random, so a pid reused after a crash is not mistaken for it. */
  private readonly id = `${process.pid}-${randomBytes(4).toString("hex")}`;
  private off = false;

  constructor(
    dir: string,
    key: string,
    private readonly windowMs: number,
  ) {
    this.file = path.join(dir, recordFileName(key));
    this.lock = `${this.file}.lock`;
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch {
      this.off = true;
    }
  }

  /**
   * Under the lock: reads the record, lets `decide` see the others' calls of the last window, and
   * writes back what it returns. Synchronous, so the decision and what it publishes are one step.
   */
  transact<T>(now: number, decide: (view: RecordView) => { result: T; update?: RecordUpdate }): T | Unavailable {
    if (this.off) return "off";
    if (!this.acquire()) return this.off ? "off" : "busy";
    try {
      const record = this.read();
      const since = now - this.windowMs;
      const others = Object.entries(record.calls)
        .filter(([id]) => id !== this.id)
        .flatMap(([, times]) => times.filter((time) => time > since));
      const { result, update } = decide({ others, throttledAt: record.throttledAt });
      if (update) this.write(record, update, since);
      return result;
    } catch {
      this.off = true;
      return "off";
    } finally {
      fs.rmSync(this.lock, { force: true });
    }
  }

  private acquire(): boolean {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.closeSync(fs.openSync(this.lock, "wx", 0o600));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
          this.off = true;
          return false;
        }
        if (!this.removeIfStale()) return false;
      }
    }
    return false;
  }

  /** By the file system's clock, the one the lock's time is written in. */
  private removeIfStale(): boolean {
    try {
      if (Date.now() - fs.statSync(this.lock).mtimeMs < LOCK_STALE_MS) return false;
      fs.rmSync(this.lock, { force: true });
      return true;
    } catch {
      // Released between the two calls: try again.
      return true;
    }
  }

  private read(): FileShape {
    try {
      return parse(fs.readFileSync(this.file, "utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { v: VERSION, calls: {} };
      throw error;
    }
  }

  /** Written beside and renamed over, so a reader never sees half a file. */
  private write(record: FileShape, update: RecordUpdate, since: number): void {
    const calls: Record<string, number[]> = {};
    for (const [id, times] of Object.entries(record.calls)) {
      const recent = times.filter((time) => time > since);
      if (recent.length && id !== this.id) calls[id] = recent;
    }
    const own = update.own ?? record.calls[this.id]?.filter((time) => time > since) ?? [];
    if (own.length) calls[this.id] = [...own];
    const throttledAt = Math.max(update.throttledAt ?? -Infinity, record.throttledAt ?? -Infinity);
    const next: FileShape = { v: VERSION, calls, ...(Number.isFinite(throttledAt) ? { throttledAt } : {}) };
    const temporary = `${this.file}.${this.id}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(next), { mode: 0o600 });
    fs.renameSync(temporary, this.file);
  }
}
