import { all, isString, matches, type Rule } from "./validation";
import { compositeId } from "./ids";
import type { Props } from "./values";

/**
 * The `import` resource option. Pulumi cannot import into a dynamic provider (the engine's Read
 * carries no serialized provider: pulumi/pulumi#16175), so the SDK passes the id as this input
 * and create adopts that resource instead of making a new one. This is how a resource an
 * interrupted `pulumi up` created gets back into state without a duplicate.
 *
 * Like Pulumi's own import, adopting never changes the resource: one that differs from its
 * declaration is refused, and the input is ignored once the resource is in state.
 */
export const IMPORT_KEY = "importId";

export function importIdOf(props: Props): string | undefined {
  const id = props[IMPORT_KEY];
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** Schemas and accounts are imported by `{instanceId}/{name}`. */
export const compositeImportId: Rule = all(
  isString,
  matches(/^[A-Za-z0-9._-]+\/[A-Za-z0-9_]+$/, "must be {instanceId}/{name}, as in the resource's id"),
);

export class ImportError extends Error {
  constructor(what: string, id: string, problem: string) {
    super(`import ${what} ${id}: ${problem}`);
    this.name = "ImportError";
  }
}

export function differsFromDeclaration(what: string, id: string, differences: readonly string[]): ImportError {
  const listed = differences.join("; ");
  return new ImportError(what, id, `it differs from the declaration (${listed}). Declare it as it is to import it, then change it in a later update`);
}

/**
 * Adopts a schema or account: the import id must name the resource it is given to, and what is
 * found must be as declared (`live` reads the declared inputs back from it).
 */
export async function adoptNamed<T extends { instanceId: string; name: string }, R>(
  what: string,
  importId: string,
  inputs: T,
  keys: readonly (keyof T & string)[],
  find: () => Promise<R | undefined>,
  live: (inputs: T, found: R) => T,
): Promise<R> {
  const expected = compositeId(inputs.instanceId, inputs.name);
  if (importId !== expected) throw new ImportError(what, importId, `this resource declares ${expected}; the import id must be that`);
  const found = await find();
  if (!found) throw new ImportError(what, importId, `no such ${what} on the instance`);
  const differences = differingKeys(live(inputs, found), inputs, keys);
  if (differences.length) throw differsFromDeclaration(what, importId, differences.map((key) => `${key} differs`));
  return found;
}

/** The keys whose values differ; values are not shown, as some are credentials. */
export function differingKeys<T extends object>(a: T, b: T, keys: readonly (keyof T & string)[]): string[] {
  return keys.filter((key) => JSON.stringify(a[key] ?? null) !== JSON.stringify(b[key] ?? null));
}

/** A schema or account that exists already belongs to someone: refused, with the way to adopt it. */
export function alreadyExists(what: string, name: string, instanceId: string): Error {
  return new Error(
    `${what} ${name} already exists on instance ${instanceId}; nothing was changed. ` +
      `To manage it with Pulumi, import it: resource option import: "${instanceId}/${name}"`,
  );
}
