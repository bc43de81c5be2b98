/**
 * The `Outputs:` block the CLI prints after an operation (pkg/backend/display, v3.248.0:
 * `printOutputs` and `getResourceOutputsPropertiesString`), as measured against the real CLI:
 *
 * - `up` and `refresh`: every output; against the previous outputs, `+` added, `-` removed,
 *   `~ old => new` changed, the rest plain.
 * - `preview` of a new stack: every output, values not known yet as `[unknown]`.
 * - `preview` of an existing stack: only what changes, and only where the new value is known
 *   (an output that becomes unknown is left out), so a preview whose outputs all wait on updated
 *   resources prints no block at all.
 * - `destroy`: no block.
 */
import { isSecret, removeSecrets, UNKNOWN, type PropertyMap, type PropertyValue } from "./secrets";
import type { OperationKind } from "./plan-summary";

type Line = { mark: " " | "+" | "-" | "~"; key: string; value: string };

function shown(value: PropertyValue): string {
  if (isSecret(value)) return "[secret]";
  if (value === UNKNOWN) return "[unknown]";
  return JSON.stringify(removeSecrets(value));
}

const same = (a: PropertyValue, b: PropertyValue) => JSON.stringify(a) === JSON.stringify(b);

/** The block's lines, or none; `previous` is undefined when the stack had no outputs recorded yet. */
export function outputsBlock(kind: OperationKind, outputs: PropertyMap, previous: PropertyMap | undefined): string[] {
  if (kind === "destroy") return [];
  // An output that becomes unknown in a preview is left out of the comparison altogether, so it
  // does not count towards the column width either; one that stays the same does.
  const keys = [...new Set([...Object.keys(previous ?? {}), ...Object.keys(outputs)])]
    .filter((key) => !(kind === "preview" && previous?.[key] !== undefined && outputs[key] === UNKNOWN))
    .sort();
  const lines: Line[] = [];
  for (const key of keys) {
    const before = previous?.[key];
    const after = outputs[key];
    if (after === null) continue;
    if (!previous) lines.push({ mark: " ", key, value: shown(after) });
    else if (after === undefined) lines.push({ mark: "-", key, value: shown(before!) });
    else if (before === undefined) lines.push({ mark: "+", key, value: shown(after) });
    else if (!same(before, after)) lines.push({ mark: "~", key, value: `${shown(before)} => ${shown(after)}` });
    else if (kind !== "preview") lines.push({ mark: " ", key, value: shown(after) });
  }
  if (lines.length === 0) return [];
  const width = Math.max(...keys.map((key) => key.length));
  return ["Outputs:", ...lines.map(({ mark, key, value }) => `  ${mark} ${key.padEnd(width)}: ${value}`)];
}
