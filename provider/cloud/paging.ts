import type { Urgency } from "./rate-limiter";
import { malformed } from "./shape";

/** How to page a listing: stop early once `enough` says so; the rate limiter's queue place. */
export interface ListOptions<T> {
  enough?: (items: readonly T[]) => boolean;
  urgency?: Urgency;
}

/** A listing and the number of calls it took. */
export interface Listing<T> {
  items: T[];
  pages: number;
}

/** One page's items, and whether it is the last (judged from the page and all items so far). */
export interface Page<T> {
  items: T[];
  last: (itemsSoFar: number) => boolean;
}

/** A server that ignores offsets must not make us loop forever. */
export const MAX_PAGES = 1_000;

/**
 * Pages through an offset/limit listing: the next offset is the number of items received so
 * far (a service may size its pages itself), until a page says it is the last, an empty page,
 * or `enough`.
 */
export async function pageThrough<T>(operation: string, read: (offset: number) => Promise<Page<T>>, options: ListOptions<T> = {}): Promise<Listing<T>> {
  const items: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const batch = await read(items.length);
    items.push(...batch.items);
    if (batch.items.length === 0 || batch.last(items.length) || options.enough?.(items)) return { items, pages: page };
  }
  throw malformed(operation, `more than ${MAX_PAGES} pages`);
}
