/**
 * The stack's state file. Its layout is the CLI's checkpoint format (what `pulumi stack export`
 * prints for a file backend: `{version: 3, checkpoint: {latest: {resources, ...}}}`), with
 * secret values sealed by the stack's passphrase so no secret is ever written in plain text.
 */
import * as fs from "fs";
import * as path from "path";
import { PassphraseCrypter, type PropertyMap } from "./secrets";

/** One resource, in memory, with property values in wire form (secrets decrypted but marked). */
export interface ResourceState {
  urn: string;
  type: string;
  custom: boolean;
  id?: string;
  inputs: PropertyMap;
  outputs: PropertyMap;
  parent?: string;
  dependencies: string[];
  propertyDependencies?: Record<string, string[]>;
  /** Provider reference `urn::id` (custom resources only). */
  provider?: string;
  protect?: boolean;
  /** Read with `get`, not managed: never deleted, only dropped from state. */
  external?: boolean;
  /** A replaced resource waiting to be deleted (create-before-delete, or a failed delete). */
  delete?: boolean;
  /** Set by a partial failure; the next update retries the resource even if nothing changed. */
  initErrors?: string[];
  additionalSecretOutputs?: string[];
  deleteBeforeReplace?: boolean;
  ignoreChanges?: string[];
  replaceOnChanges?: string[];
  retainOnDelete?: boolean;
  created?: string;
  modified?: string;
}

export interface StateFile {
  version: 3;
  checkpoint: {
    stack: string;
    latest: {
      manifest: { time: string; magic: string; version: string };
      secrets_providers: { type: "passphrase"; state: { salt: string } };
      resources: ResourceState[];
    };
  };
}

export interface LoadedState {
  resources: ResourceState[];
  crypter: PassphraseCrypter;
}

export function readStateFile(file: string): StateFile | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as StateFile) : undefined;
}

export function loadState(file: string, passphrase: string): LoadedState {
  const state = readStateFile(file);
  if (!state) return { resources: [], crypter: PassphraseCrypter.create(passphrase) };
  const crypter = PassphraseCrypter.open(passphrase, state.checkpoint.latest.secrets_providers.state.salt);
  const resources = state.checkpoint.latest.resources.map((r) => ({
    ...r,
    inputs: crypter.unseal(r.inputs ?? {}) as PropertyMap,
    outputs: crypter.unseal(r.outputs ?? {}) as PropertyMap,
  }));
  return { resources, crypter };
}

export function saveState(file: string, stackName: string, loaded: LoadedState, version: string): void {
  const { crypter } = loaded;
  const state: StateFile = {
    version: 3,
    checkpoint: {
      stack: stackName,
      latest: {
        manifest: { time: new Date().toISOString(), magic: "", version },
        secrets_providers: { type: "passphrase", state: { salt: crypter.saltState } },
        resources: dependencyOrder(loaded.resources).map((r) => ({
          ...r,
          inputs: crypter.seal(r.inputs) as PropertyMap,
          outputs: crypter.seal(r.outputs) as PropertyMap,
        })),
      },
    },
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Write-then-rename so a crash never leaves half a state file.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

/** The URNs a resource needs to exist before it: parent, dependencies and provider. */
function prerequisites(r: ResourceState): string[] {
  const urns = [...r.dependencies, ...Object.values(r.propertyDependencies ?? {}).flat()];
  if (r.parent) urns.push(r.parent);
  if (r.provider) urns.push(providerUrn(r.provider));
  return urns;
}

export function providerUrn(ref: string): string {
  return ref.slice(0, ref.lastIndexOf("::"));
}

/**
 * A stable order in which every resource comes after the resources it needs, as the CLI keeps
 * its checkpoint (deletes walk it backwards).
 */
export function dependencyOrder(resources: ResourceState[]): ResourceState[] {
  const present = new Set(resources.map((r) => r.urn));
  const placed = new Set<string>();
  const result: ResourceState[] = [];
  let pending = resources;
  while (pending.length > 0) {
    const ready = pending.filter((r) => prerequisites(r).every((u) => u === r.urn || placed.has(u) || !present.has(u)));
    // A cycle cannot come from a program (a resource cannot depend on one registered after it);
    // if a hand-edited file has one, keep the remaining order rather than loop forever.
    const next = ready.length > 0 ? ready : pending;
    for (const r of next) {
      result.push(r);
      placed.add(r.urn);
    }
    pending = pending.filter((r) => !next.includes(r));
  }
  return result;
}
