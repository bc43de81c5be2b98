import type { Urgency } from "../cloud/rate-limiter";

/**
 * Where a watcher reads what it follows, for one kind of item of one service and credential
 * (DDM jobs, DDM instances, DCS instances): one item, or the listing that answers for all.
 */
export interface Feed<T> {
  /** For diagnostics: "ddm jobs". The watcher tells feeds apart by identity. */
  readonly name: string;
  /** One item; undefined when the service says it does not exist. */
  readOne(id: string, urgency: Urgency): Promise<T | undefined>;
  /**
   * The listing, paged only until every one of `wanted` has been seen (or it ends): items by id,
   * and the calls it took. `since` is the earliest submit among the operations that want it,
   * for listings that filter by time. Absent where the service has no listing that answers for
   * many items (DCS background tasks): the watcher then reads each item on its own.
   */
  readList?(wanted: ReadonlySet<string>, since: number, urgency: Urgency): Promise<FeedListing<T>>;
  /**
   * False where a listed item can never show an operation done (DCS instances: the entries lack
   * `task`): a poll aimed at an end then reads the item itself, which can.
   */
  readonly listingShowsEnd?: boolean;
}

export interface FeedListing<T> {
  items: Map<string, T>;
  calls: number;
}

/** For a listing's `enough`: every wanted item is among those received. */
export function seenAll<T>(wanted: ReadonlySet<string>, idOf: (item: T) => string): (items: readonly T[]) => boolean {
  return (items) => {
    const seen = new Set(items.map(idOf));
    return [...wanted].every((id) => seen.has(id));
  };
}

export function byId<T>(items: readonly T[], idOf: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [idOf(item), item]));
}
