import { propertyChanges, type NativeDiff } from "./changes";
import type { ProviderSettings } from "./config";
import { unwrap } from "./secrets";

/**
 * Pure: what a change of a Provider's settings means. Another region or project holds other
 * resources, so the provider (and with it every resource it manages) is replaced, as pulumi-aws
 * does for a region; credentials, endpoints and limits reach the same resources, so the provider
 * is only updated.
 */
export const REPLACING_SETTINGS: readonly string[] = ["region", "projectId"] satisfies ReadonlyArray<keyof ProviderSettings>;

type Props = Record<string, unknown>;

export function diffProviderSettings(olds: Props, news: Props): NativeDiff {
  const before = unwrap(olds) as Props;
  const after = unwrap(news) as Props;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => key !== "version");
  const changed = propertyChanges(keys, before, after, []);
  const replaces = changed.diffs.filter((key) => REPLACING_SETTINGS.includes(key));
  const { diffs, detailed } = propertyChanges(keys, before, after, replaces);
  return { changes: diffs.length > 0, replaces, deleteBeforeReplace: false, diffs, detailed };
}
