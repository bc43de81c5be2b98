/**
 * How a diff names what changes: the top-level properties and, for each, whether it is added,
 * updated or deleted, and whether that replaces (for replaceOnChanges and the CLI's display).
 */
export interface NativeDiff {
  changes: boolean | undefined;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Top-level input properties that change (for replaceOnChanges and the CLI's display). */
  diffs: string[];
  detailed: Record<string, "add" | "update" | "delete" | "add-replace" | "update-replace" | "delete-replace">;
}

type Props = Record<string, unknown>;

export const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Which of `keys` change from `olds` to `news`, and how; those in `replaces` count as changing. */
export function propertyChanges(keys: readonly string[], olds: Props, news: Props, replaces: readonly string[]): Pick<NativeDiff, "diffs" | "detailed"> {
  const changed = keys.filter((key) => replaces.includes(key) || !same(olds[key], news[key]));
  const detailed: NativeDiff["detailed"] = {};
  for (const key of changed) {
    const kind = olds[key] === undefined ? "add" : news[key] === undefined ? "delete" : "update";
    detailed[key] = replaces.includes(key) ? `${kind}-replace` : kind;
  }
  return { diffs: changed, detailed };
}
