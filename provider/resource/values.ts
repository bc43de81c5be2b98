/** Helpers for the values Pulumi hands a dynamic provider and takes back. */

/** What the engine sends for a value not known yet during preview (`pulumi.runtime.unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/**
 * A copy without `undefined` anywhere: the engine's Struct encoding rejects it, so nothing the
 * provider returns may contain it.
 */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(compact) as T;
  if (value && typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) result[key] = compact(item);
    return result as T;
  }
  return value;
}

/** Set equality for lists the service treats as sets (availability zones, permissions). */
export function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const left = new Set(a ?? []);
  const right = new Set(b ?? []);
  return left.size === right.size && [...left].every((item) => right.has(item));
}

export type Props = Record<string, unknown>;

const PROVIDER_KEY = "__provider";

/** Partial-failure properties and read inputs must carry the serialized provider along. */
export function withProvider(values: object, props: Props): Props {
  return props[PROVIDER_KEY] === undefined ? { ...values } : { ...values, [PROVIDER_KEY]: props[PROVIDER_KEY] };
}

/**
 * During preview an instance being updated reports its outputs as unknown, its id included,
 * although an update never changes the id. Dependents compare an unknown instance id as
 * unchanged; if the instance is in fact replaced, `up` diffs them again with the new id.
 */
export function assumeSameInstance(olds: Props, news: Props): Props {
  return isUnknown(news.instanceId) && olds.instanceId !== undefined ? { ...news, instanceId: olds.instanceId } : news;
}
