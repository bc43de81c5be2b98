import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The resource operation a request is made for, carried implicitly through every call it makes:
 * its deadline (the resource's timeout) bounds how long throttling may hold a request up, and
 * what throttling cost it so far is told once it is a lot.
 */
export interface OperationScope {
  deadline: number;
  throttledMs: number;
}

const scopes = new AsyncLocalStorage<OperationScope>();

/** Requests made outside a resource operation with a timeout (reads, lookups): half an hour, the shortest default timeout. */
export const DEFAULT_THROTTLE_BUDGET_MS = 30 * 60_000;

export function withDeadline<T>(deadline: number, work: () => Promise<T>): Promise<T> {
  return scopes.run({ deadline, throttledMs: 0 }, work);
}

export function currentScope(): OperationScope | undefined {
  return scopes.getStore();
}
