import type { FaultOptions } from "./options";

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What goes wrong with a request instead of handling it. */
export type RequestFault = "error500" | "error429" | "drop" | "busy";
export type FaultKind = RequestFault | "slow" | "dropAfterCommit";

export interface FaultPlan {
  before?: RequestFault;
  slowMs: number;
  dropAfterCommit: boolean;
}

const DEFAULT_SEED = 1;
const RATES = ["error500Rate", "error429Rate", "dropRate", "busyRate", "slowRate", "dropAfterCommitRate"] as const;

export class FaultConfigError extends Error {}

function validate(options: FaultOptions): void {
  for (const key of RATES) {
    const rate = options[key];
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new FaultConfigError(`${key} must be between 0 and 1`);
  }
  const exclusive = (options.error500Rate ?? 0) + (options.error429Rate ?? 0) + (options.dropRate ?? 0) + (options.busyRate ?? 0);
  if (exclusive > 1) throw new FaultConfigError("error500Rate + error429Rate + dropRate + busyRate must not exceed 1");
  if (options.slowMs !== undefined && !(Number.isFinite(options.slowMs) && options.slowMs >= 0)) {
    throw new FaultConfigError("slowMs must be a non-negative number");
  }
  for (const [operation, setting] of Object.entries(options.failJobs ?? {})) {
    if (typeof setting === "number" && !(setting >= 0 && setting <= 1)) {
      throw new FaultConfigError(`failJobs.${operation} must be a boolean or between 0 and 1`);
    }
  }
}

/**
 * Decides, from seeded random streams, which faults to inject. Every request draws exactly three
 * numbers whatever it is, and job failures draw from a stream of their own, so the fault sequence
 * depends only on the seed and the order of requests.
 */
export class FaultInjector {
  private options: FaultOptions = {};
  private requestRandom = prng(DEFAULT_SEED);
  private jobRandom = prng(~DEFAULT_SEED);

  constructor(options: FaultOptions = {}) {
    this.configure(options);
  }

  /** Replaces the whole configuration; a seed restarts both streams, no seed continues them. */
  configure(options: FaultOptions): void {
    validate(options);
    this.options = structuredClone(options);
    if (options.seed !== undefined) {
      this.requestRandom = prng(options.seed);
      this.jobRandom = prng(~options.seed);
    }
  }

  current(): FaultOptions {
    return structuredClone(this.options);
  }

  planRequest(): FaultPlan {
    const [which, slow, afterCommit] = [this.requestRandom(), this.requestRandom(), this.requestRandom()];
    const o = this.options;
    const bands: Array<[RequestFault, number]> = [
      ["error500", o.error500Rate ?? 0],
      ["error429", o.error429Rate ?? 0],
      ["drop", o.dropRate ?? 0],
      ["busy", o.busyRate ?? 0],
    ];
    let floor = 0;
    let before: RequestFault | undefined;
    for (const [fault, rate] of bands) {
      if (which < floor + rate) {
        before = fault;
        break;
      }
      floor += rate;
    }
    return {
      before,
      slowMs: slow < (o.slowRate ?? 0) ? (o.slowMs ?? 1_000) : 0,
      dropAfterCommit: afterCommit < (o.dropAfterCommitRate ?? 0),
    };
  }

  /** Decided when the operation is submitted; it then fails when it completes. */
  operationFails(operation: string): boolean {
    const setting = (this.options.failJobs as Record<string, boolean | number> | undefined)?.[operation];
    if (typeof setting === "boolean") return setting;
    return setting !== undefined && this.jobRandom() < setting;
  }
}
