import { BssClient, bssEndpoint } from "../bss";
import { withDeadline } from "../cloud/deadline";
import { redact } from "../cloud/redact";
import { sessionFor } from "../cloud/session";
import type { ConfigSource } from "../cloud/settings";
import { dcsClientFor, type DcsClient } from "../dcs/client";
import { clientFor, type DdmClient } from "../ddm/client";
import { stderrReporter, throttledReporter, type Reporter } from "../wait";

/**
 * What every resource provider shares in one provider process: the stack config handed to
 * `configure()` (a dynamic provider cannot read stack config any other way), and from it each
 * service's client, all on one session per credential. Without `configure()`, the environment alone decides.
 */
let config: ConfigSource | undefined;

export function configure(source: ConfigSource | undefined): void {
  config = source;
}

export function client(): DdmClient {
  return clientFor(config);
}

export function dcsClient(): DcsClient {
  return dcsClientFor(config);
}

/** The billing service, on the DDM client's session (same credentials and rate limit). */
export function billing(): BssClient {
  const { settings } = client();
  return new BssClient(sessionFor(settings), bssEndpoint(settings, config));
}

/** Progress lines at most every 10 s per operation (override with DDM_PROGRESS_INTERVAL_MS). */
export function progressReporter(): Reporter {
  const interval = Number(process.env.DDM_PROGRESS_INTERVAL_MS ?? 10_000);
  return throttledReporter(stderrReporter, Number.isFinite(interval) ? interval : 10_000);
}

export interface Timeouts {
  create?: number;
  update?: number;
  delete?: number;
}

export function timeoutMs(timeouts: Timeouts | undefined, kind: keyof Timeouts, defaultMinutes: number): number {
  const minutes = timeouts?.[kind];
  return (typeof minutes === "number" && minutes > 0 ? minutes : defaultMinutes) * 60_000;
}

type Method = (...args: any[]) => Promise<unknown>;

/**
 * The provider with its create, update and delete each run within the resource's timeout for
 * it (its `timeouts` input, else `defaults`), so a throttled request waits as long as that
 * allows and no longer. The inputs are create's first argument, update's third, delete's second.
 */
export function boundedByTimeouts<P extends { create?: Method; update?: Method; delete?: Method }>(provider: P, defaults: Partial<Record<keyof Timeouts, number>>): P {
  const bounded = { ...provider };
  const inputsAt = { create: 0, update: 2, delete: 1 } as const;
  for (const kind of ["create", "update", "delete"] as const) {
    const method = provider[kind];
    const minutes = defaults[kind];
    if (!method || minutes === undefined) continue;
    const wrapped: Method = (...args) => {
      const timeouts = (args[inputsAt[kind]] as { timeouts?: Timeouts } | undefined)?.timeouts;
      return withDeadline(Date.now() + timeoutMs(timeouts, kind, minutes), () => method.apply(provider, args));
    };
    (bounded as Record<string, Method>)[kind] = wrapped;
  }
  return bounded;
}

/**
 * An error the dynamic-provider host turns into a partial failure: the resource is kept in
 * state with `properties`, so a create or update that failed after the cloud resource existed
 * never orphans it.
 */
export class ResourceInitError extends Error {
  override readonly name = "ResourceInitError";
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[] = [message],
  ) {
    super(message);
  }
}

/** The message of anything thrown, with every known secret masked: it ends up in the CLI's output. */
export function errorMessage(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}

/** A failed step's message, naming the step once: a wait's error already starts with the step's label. */
export function stepFailure(step: string, error: unknown): string {
  const message = errorMessage(error);
  return message.startsWith(`${step} `) ? message : `${step} failed: ${message}`;
}

/** A failed create's message, naming the resource once: a wait's error already starts with its name. */
export function createFailure(name: string, error: unknown): string {
  const message = errorMessage(error);
  return `${name}: create did not finish: ${message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message}`;
}
