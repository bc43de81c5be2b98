/**
 * The step logic: what the CLI's step generator and executor do with each registration, the
 * deletes after the program, and refresh. It follows pulumi/pulumi's
 * pkg/resource/deploy/step_generator.go and step_executor.go for the cases dynamic resources
 * meet; index.ts lists what is left out.
 */
import { randomUUID } from "crypto";
import type { Reporter, Step, StepOp } from "./plan-summary";
import { ProviderError, urnName, type DynamicProvider } from "./provider-client";
import type { ProviderRegistry } from "./provider-registry";
import {
  deepEqual,
  isObject,
  isSecret,
  makeSecret,
  removeSecrets,
  UNKNOWN,
  type PropertyMap,
  type PropertyValue,
} from "./secrets";
import { dependencyOrder, type ResourceState } from "./state";

export const STACK_TYPE = "pulumi:pulumi:Stack";
const PROVIDER_PREFIX = "pulumi:providers:";
const NODEJS_PROVIDER = "pulumi:providers:pulumi-nodejs";

/** A RegisterResource request, in the engine's terms. */
export interface Goal {
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  inputs: PropertyMap;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  provider: string;
  protect?: boolean;
  /** Undefined when the program did not set the option (the provider's answer then decides). */
  deleteBeforeReplace?: boolean;
  ignoreChanges: string[];
  replaceOnChanges: string[];
  additionalSecretOutputs: string[];
  aliases: string[];
  importId: string;
  retainOnDelete?: boolean;
}

/** A ReadResource request (`Resource.get`). */
export interface ReadGoal {
  id: string;
  type: string;
  name: string;
  parent: string;
  provider: string;
  inputs: PropertyMap;
  dependencies: string[];
  additionalSecretOutputs: string[];
}

export interface DeploymentOptions {
  project: string;
  stack: string;
  preview: boolean;
  /** The previous state (refreshed already when the operation refreshes). */
  olds: ResourceState[];
  /** The default provider's inputs: the whole stack config, keys namespaced, secure values secret. */
  providerConfig: PropertyMap;
  providers: ProviderRegistry;
  reporter: Reporter;
}

interface DiffDecision {
  changes: boolean;
  replaceKeys: string[];
  changedKeys: string[];
  deleteBeforeReplace: boolean;
}

export class Deployment {
  /** Previous resources by URN, replaced-and-pending-delete ones excluded. */
  private readonly live = new Map<string, ResourceState>();
  private readonly claimed = new Set<string>();
  private readonly news = new Map<string, ResourceState>();
  /** Previous resources that a new state (or a delete) has taken the place of. */
  private readonly superseded = new Set<ResourceState>();
  /** Resources replaced create-before-delete in this run; deleted after the program. */
  private readonly pendingDeletes: ResourceState[] = [];
  /** Dependents deleted ahead of a delete-before-replace; their registration recreates them. */
  private readonly recreating = new Set<string>();
  private readonly providerInputs: Map<string, PropertyMap>;
  private readonly inFlight = new Set<Promise<unknown>>();
  private defaultProviderRef?: Promise<string>;
  private failure?: Error;
  private signalFailure!: () => void;
  /** Settles when the deployment fails: the program must then be stopped (it may wait forever on the failed resource). */
  readonly failed = new Promise<void>((resolve) => (this.signalFailure = resolve));

  constructor(private readonly options: DeploymentOptions) {
    for (const r of options.olds) if (!r.delete) this.live.set(r.urn, r);
    this.providerInputs = providerConfigs(options.olds);
  }

  /** The first failure; the deployment took no new steps after it. */
  get error(): Error | undefined {
    return this.failure;
  }

  registerResource(goal: Goal): Promise<{ urn: string; id: string; outputs: PropertyMap }> {
    return this.track(() => this.register(goal));
  }

  readResource(goal: ReadGoal): Promise<{ urn: string; outputs: PropertyMap }> {
    return this.track(() => this.read(goal));
  }

  registerResourceOutputs(urn: string, outputs: PropertyMap): void {
    const state = this.news.get(urn);
    if (state) state.outputs = outputs;
  }

  /** Waits for every registration in progress, e.g. after the program died mid-way. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * After a successful program: deletes what it no longer declares and what was replaced, one
   * at a time, dependents first.
   */
  async finish(): Promise<void> {
    await this.settle();
    if (this.failure) return;
    const condemned = dependencyOrder([
      ...this.options.olds.filter((r) => !this.superseded.has(r) && (r.delete || !this.news.has(r.urn))),
      ...this.pendingDeletes,
    ]).reverse();
    for (const r of condemned) {
      try {
        await this.delete(r);
      } catch (err) {
        this.fail("delete", r, err);
        return;
      }
    }
  }

  /** The resulting state: new states, previous ones nothing took the place of, pending deletes. */
  snapshot(): ResourceState[] {
    return [...this.news.values(), ...this.options.olds.filter((r) => !this.superseded.has(r)), ...this.pendingDeletes];
  }

  stackOutputs(): PropertyMap {
    const stack = [...this.news.values()].find((r) => r.type === STACK_TYPE);
    return stack?.outputs ?? {};
  }

  private track<T>(work: () => Promise<T>): Promise<T> {
    if (this.failure) return Promise.reject(new Error("the deployment stopped after an earlier error"));
    const done = work().catch((err: unknown) => {
      this.failure ??= err instanceof Error ? err : new Error(String(err));
      this.signalFailure();
      throw err;
    });
    this.inFlight.add(done);
    const untrack = () => this.inFlight.delete(done);
    done.then(untrack, untrack);
    return done;
  }

  private async register(goal: Goal): Promise<{ urn: string; id: string; outputs: PropertyMap }> {
    const urn = this.urnFor(goal.parent, goal.type, goal.name);
    const old = this.claim(urn, goal.aliases);
    const now = new Date().toISOString();
    const state: ResourceState = {
      urn,
      type: goal.type,
      custom: goal.custom,
      inputs: goal.inputs,
      outputs: {},
      parent: goal.parent || undefined,
      dependencies: goal.dependencies,
      propertyDependencies: goal.propertyDependencies,
      protect: goal.protect,
      additionalSecretOutputs: goal.additionalSecretOutputs,
      deleteBeforeReplace: goal.deleteBeforeReplace,
      ignoreChanges: goal.ignoreChanges,
      replaceOnChanges: goal.replaceOnChanges,
      retainOnDelete: goal.retainOnDelete,
      created: old?.created ?? now,
      modified: now,
    };
    if (!goal.custom) return this.registerComponent(state, old);
    if (goal.type.startsWith(PROVIDER_PREFIX)) return this.registerProvider(state, old);
    let op: StepOp = old ? "update" : "create";
    try {
      if (!goal.type.startsWith("pulumi-nodejs:")) {
        throw new Error(`only dynamic resources (pulumi.dynamic.Resource) are supported by the test engine`);
      }
      if (goal.importId) throw new Error("importing resources is not supported by the test engine");
      state.provider = goal.provider || (await this.defaultProvider());
      const provider = await this.provider(state.provider);
      // Ignored properties keep their old values before the provider sees them, as in the CLI.
      const inputs = old ? applyIgnoreChanges(goal.inputs, old.inputs, goal.ignoreChanges) : goal.inputs;
      state.inputs = await this.check(provider, state, old?.inputs ?? {}, inputs);
      if (!old) {
        await this.create(provider, state, undefined);
        this.step(this.recreating.has(urn) ? "replace" : "create", state);
      } else {
        const diff = await this.diff(provider, old, state, goal);
        const detailedDiff = diff.changedKeys.length > 0 ? diff.changedKeys : changedKeys(old.inputs, state.inputs);
        if (diff.changes && diff.replaceKeys.length > 0) {
          op = "replace";
          await this.replace(provider, old, state, goal, diff);
          this.step("replace", state, { detailedDiff, replaceKeys: diff.replaceKeys });
        } else if (diff.changes || old.initErrors?.length) {
          // A partially failed resource is updated even without changes, to retry its initialization.
          await this.update(provider, old, state, goal.ignoreChanges);
          this.step("update", state, { detailedDiff });
        } else {
          op = "same";
          state.id = old.id;
          state.outputs = old.outputs;
          this.record(state, old);
          this.step("same", state);
        }
      }
    } catch (err) {
      throw this.fail(op, state, err);
    }
    return { urn, id: state.id ?? "", outputs: state.outputs };
  }

  private registerComponent(state: ResourceState, old: ResourceState | undefined) {
    // Outputs stay as they were until the program registers new ones (RegisterResourceOutputs).
    state.outputs = old?.outputs ?? {};
    this.record(state, old);
    this.step(!old ? "create" : deepEqual(old.inputs, state.inputs) ? "same" : "update", state);
    return Promise.resolve({ urn: state.urn, id: "", outputs: {} });
  }

  /** An explicit provider resource. Its inputs configure the plugin; the dynamic provider has no CheckConfig/DiffConfig. */
  private registerProvider(state: ResourceState, old: ResourceState | undefined) {
    if (state.type !== NODEJS_PROVIDER) {
      throw this.fail("create", state, new Error("only pulumi-nodejs (dynamic) providers are supported by the test engine"));
    }
    state.id = old?.id ?? randomUUID();
    state.outputs = state.inputs;
    this.providerInputs.set(`${state.urn}::${state.id}`, state.inputs);
    this.record(state, old);
    this.step(!old ? "create" : deepEqual(old.inputs, state.inputs) ? "same" : "update", state);
    return Promise.resolve({ urn: state.urn, id: state.id, outputs: state.outputs });
  }

  private async read(goal: ReadGoal): Promise<{ urn: string; outputs: PropertyMap }> {
    const urn = this.urnFor(goal.parent, goal.type, goal.name);
    const old = this.claim(urn, []);
    const state: ResourceState = {
      urn,
      type: goal.type,
      custom: true,
      id: goal.id,
      inputs: goal.inputs,
      outputs: {},
      parent: goal.parent || undefined,
      dependencies: goal.dependencies,
      external: true,
      additionalSecretOutputs: goal.additionalSecretOutputs,
    };
    try {
      state.provider = goal.provider || (await this.defaultProvider());
      const provider = await this.provider(state.provider);
      const result = await provider.read(urn, goal.id, {}, goal.inputs);
      if (!result.id) throw new Error(`resource '${goal.id}' does not exist`);
      state.id = result.id;
      state.outputs = result.outputs;
      this.record(state, old);
      this.step("read", state);
    } catch (err) {
      throw this.fail("read", state, err);
    }
    return { urn, outputs: state.outputs };
  }

  private async check(provider: DynamicProvider, state: ResourceState, olds: PropertyMap, news: PropertyMap) {
    const { inputs, failures } = await provider.check(state.urn, olds, news);
    if (failures.length > 0) {
      const problems = failures.map((f) => (f.property ? `property ${f.property} has a problem: ${f.reason}` : f.reason));
      throw new Error(`resource is invalid: ${problems.join("; ")}`);
    }
    return inputs;
  }

  /** The provider's diff, completed as the CLI completes it (its DIFF_UNKNOWN fallback, replaceOnChanges). */
  private async diff(provider: DynamicProvider, old: ResourceState, state: ResourceState, goal: Goal): Promise<DiffDecision> {
    if (old.provider !== state.provider && !(isDefaultProvider(old.provider) && isDefaultProvider(state.provider))) {
      return { changes: true, replaceKeys: ["provider"], changedKeys: [], deleteBeforeReplace: false };
    }
    const d = await provider.diff(state.urn, old.id!, old.inputs, old.outputs, state.inputs, goal.ignoreChanges);
    let changes = d.changes === "some";
    let keys = d.diffs;
    if (d.changes === "unknown") {
      // The provider could not say (a dynamic provider without `diff`, or one that left
      // `changes` unset): the engine compares old and new inputs itself.
      const news = applyIgnoreChanges(state.inputs, old.inputs, goal.ignoreChanges);
      keys = changedKeys(removeSecrets(old.inputs), removeSecrets(news));
      changes = keys.length > 0;
    }
    const replaceKeys = [...d.replaces];
    for (const key of keys) {
      if (goal.replaceOnChanges.some((p) => pathContains(p, key)) && !replaceKeys.includes(key)) replaceKeys.push(key);
    }
    if (old.initErrors?.length && goal.replaceOnChanges.some((p) => pathContains(p, "#initerror"))) {
      replaceKeys.push("#initerror");
      changes = true;
    }
    return { changes, replaceKeys, changedKeys: keys, deleteBeforeReplace: d.deleteBeforeReplace };
  }

  private async create(provider: DynamicProvider, state: ResourceState, old: ResourceState | undefined) {
    try {
      const { id, outputs } = await provider.create(state.urn, state.inputs, this.options.preview);
      state.id = id;
      state.outputs = outputs;
    } catch (err) {
      // A partial failure: the resource exists, so it stays in state with what the provider returned.
      if (err instanceof ProviderError && err.initFailure) {
        state.id = err.initFailure.id;
        state.outputs = err.initFailure.properties;
        state.initErrors = err.initFailure.reasons;
        this.record(state, old);
      }
      throw err;
    }
    this.record(state, old);
  }

  private async update(provider: DynamicProvider, old: ResourceState, state: ResourceState, ignoreChanges: string[]) {
    state.id = old.id;
    try {
      state.outputs = await provider.update(
        state.urn,
        old.id!,
        old.inputs,
        old.outputs,
        state.inputs,
        ignoreChanges,
        this.options.preview,
      );
    } catch (err) {
      if (err instanceof ProviderError && err.initFailure) {
        state.outputs = err.initFailure.properties;
        state.initErrors = err.initFailure.reasons;
        this.record(state, old);
      }
      throw err;
    }
    this.record(state, old);
  }

  private async replace(provider: DynamicProvider, old: ResourceState, state: ResourceState, goal: Goal, diff: DiffDecision) {
    if (old.protect && goal.protect) {
      throw new Error(
        `unable to replace resource "${state.urn}" as it is currently marked for protection. ` +
          "To unprotect the resource, remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`",
      );
    }
    // A replacement starts afresh: its inputs are checked again without the old ones.
    state.inputs = await this.check(provider, state, {}, goal.inputs);
    if (goal.deleteBeforeReplace ?? diff.deleteBeforeReplace) {
      for (const dependent of await this.dependentReplacements(old)) {
        await this.deleteResource(dependent);
        this.superseded.add(dependent);
        this.recreating.add(dependent.urn);
      }
      await this.deleteResource(old);
      this.superseded.add(old);
      await this.create(provider, state, undefined);
    } else {
      await this.create(provider, state, old);
      this.pendingDeletes.push({ ...old, delete: true });
    }
  }

  /**
   * What must go before `root` is deleted to be replaced, as the CLI works it out: each previous
   * resource not registered yet whose inputs come from `root` (or from another resource going)
   * is diffed with those inputs unknown, and goes too if its provider says that replaces it.
   * Dependents first.
   */
  private async dependentReplacements(root: ResourceState): Promise<ResourceState[]> {
    const going = new Set([root.urn]);
    const found: ResourceState[] = [];
    for (const r of dependencyOrder([...this.live.values()])) {
      if (!r.custom || r.external || !r.provider || this.superseded.has(r)) continue;
      const unknown = Object.keys(r.inputs).filter((key) => (r.propertyDependencies?.[key] ?? []).some((urn) => going.has(urn)));
      if (unknown.length === 0) continue;
      const inputs = { ...r.inputs, ...Object.fromEntries(unknown.map((key) => [key, UNKNOWN])) };
      const diff = await (await this.provider(r.provider)).diff(r.urn, r.id!, r.inputs, r.outputs, inputs, r.ignoreChanges ?? []);
      if (diff.replaces.length > 0) {
        found.push(r);
        going.add(r.urn);
      }
    }
    return found.reverse();
  }

  private async delete(r: ResourceState): Promise<void> {
    if (r.protect) {
      throw new Error(
        `unable to delete resource "${r.urn}" as it is currently marked for protection. ` +
          "To unprotect the resource, either remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`, or use the command: `pulumi state unprotect`",
      );
    }
    await this.deleteResource(r);
    this.superseded.add(r);
    const pending = this.pendingDeletes.indexOf(r);
    if (pending >= 0) this.pendingDeletes.splice(pending, 1);
    // The old half of a replacement, the default provider and read resources are not shown as deletes.
    if (pending < 0 && !r.delete && !isDefaultProvider(`${r.urn}::`) && !r.external) this.step("delete", r);
  }

  /** The provider's Delete, for the resources that have one; nothing happens in a preview. */
  private async deleteResource(r: ResourceState): Promise<void> {
    if (this.options.preview || !r.custom || r.external || r.retainOnDelete || r.type.startsWith(PROVIDER_PREFIX)) return;
    const provider = await this.provider(r.provider!);
    await provider.delete(r.urn, r.id!, r.inputs, r.outputs);
  }

  /** The `pulumi-nodejs` default provider, registered once per deployment with the stack config. */
  private defaultProvider(): Promise<string> {
    this.defaultProviderRef ??= Promise.resolve().then(() => {
      const urn = this.urnFor("", NODEJS_PROVIDER, "default");
      const old = this.claim(urn, []);
      const inputs = this.options.providerConfig;
      const now = new Date().toISOString();
      const state: ResourceState = {
        urn,
        type: NODEJS_PROVIDER,
        custom: true,
        id: old?.id ?? randomUUID(),
        inputs,
        outputs: inputs,
        dependencies: [],
        created: old?.created ?? now,
        modified: now,
      };
      const ref = `${urn}::${state.id}`;
      this.providerInputs.set(ref, inputs);
      this.record(state, old);
      return ref;
    });
    return this.defaultProviderRef;
  }

  private provider(ref: string): Promise<DynamicProvider> {
    const inputs = this.providerInputs.get(ref);
    if (!inputs) return Promise.reject(new Error(`unknown provider reference ${ref}`));
    return this.options.providers.get(ref, inputs);
  }

  /** Takes the previous state for a URN (or one of its aliases); a URN can be registered once. */
  private claim(urn: string, aliases: string[]): ResourceState | undefined {
    if (this.claimed.has(urn)) throw new Error(`duplicate resource URN '${urn}'; try giving it a unique name`);
    this.claimed.add(urn);
    for (const candidate of [urn, ...aliases]) {
      const old = this.live.get(candidate);
      if (old && !this.superseded.has(old)) {
        this.live.delete(candidate);
        return old;
      }
    }
    return undefined;
  }

  /** Makes `state` the resource's new state; the CLI's executor marks secret outputs at this point. */
  private record(state: ResourceState, old: ResourceState | undefined): void {
    markSecretOutputs(state);
    this.news.set(state.urn, state);
    if (old) this.superseded.add(old);
  }

  private step(op: StepOp, r: ResourceState, extra: Partial<Step> = {}): void {
    this.options.reporter.step({ op, urn: r.urn, type: r.type, name: urnName(r.urn), ...extra });
  }

  /** Reports a failed step and returns the error the deployment fails with: the provider's message. */
  private fail(op: StepOp, r: ResourceState, err: unknown): Error {
    let message = err instanceof Error ? err.message : String(err);
    const reasons = err instanceof ProviderError ? (err.initFailure?.reasons ?? []) : [];
    if (reasons.some((reason) => reason !== message)) message += ` (${reasons.join("; ")})`;
    this.step(op, r, { error: message });
    // The CLI reports a failed step as an error diagnostic on the resource.
    this.options.reporter.message({ severity: "error", message, urn: r.urn, source: "engine" });
    const error = new Error(`${urnName(r.urn)} (${r.type}): ${op} failed: ${message}`);
    this.failure ??= error;
    this.signalFailure();
    return error;
  }

  private urnFor(parent: string, type: string, name: string): string {
    const parentType = parent ? parent.split("::")[2] : "";
    const qualified = parentType && parentType !== STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${this.options.stack}::${this.options.project}::${qualified}::${name}`;
  }
}

/**
 * Refresh: Read every custom resource through the provider recorded in its state. A resource
 * whose read returns no id is gone and leaves the state; otherwise its outputs, and its inputs if
 * the provider returned some, are replaced. Returns the refreshed state and the first error.
 */
export async function refreshResources(
  olds: ResourceState[],
  providers: ProviderRegistry,
  reporter: Reporter,
): Promise<{ resources: ResourceState[]; error?: Error }> {
  const configs = providerConfigs(olds);
  const results = await Promise.allSettled(
    olds.map(async (r): Promise<ResourceState | undefined> => {
      if (!r.custom || r.type.startsWith(PROVIDER_PREFIX)) return r;
      const step: Step = { op: "refresh", urn: r.urn, type: r.type, name: urnName(r.urn) };
      try {
        const provider = await providers.get(r.provider!, configs.get(r.provider!) ?? {});
        const read = await provider.read(r.urn, r.id!, r.inputs, r.outputs);
        if (!read.id) {
          reporter.step({ ...step, drift: "delete" });
          return undefined;
        }
        const fresh: ResourceState = { ...r, id: read.id, outputs: read.outputs, inputs: read.inputs ?? r.inputs };
        delete fresh.initErrors;
        markSecretOutputs(fresh);
        const same = deepEqual(r.outputs, fresh.outputs) && deepEqual(r.inputs, fresh.inputs);
        reporter.step({
          ...step,
          drift: same ? "same" : "update",
          detailedDiff: same ? undefined : changedKeys(r.outputs, fresh.outputs),
        });
        return fresh;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        reporter.step({ ...step, error: message });
        reporter.message({ severity: "error", message, urn: r.urn, source: "engine" });
        throw new Error(`${step.name} (${r.type}): refresh failed: ${message}`);
      }
    }),
  );
  const resources = results.flatMap((res, i) => (res.status === "fulfilled" ? (res.value ? [res.value] : []) : [olds[i]]));
  const failed = results.find((res): res is PromiseRejectedResult => res.status === "rejected");
  return { resources, error: failed?.reason as Error | undefined };
}

/** Provider reference -> the inputs its plugin is configured with, from provider resources in state. */
function providerConfigs(resources: ResourceState[]): Map<string, PropertyMap> {
  return new Map(
    resources.filter((r) => r.type.startsWith(PROVIDER_PREFIX) && r.id).map((r) => [`${r.urn}::${r.id}`, r.inputs]),
  );
}

function isDefaultProvider(ref: string | undefined): boolean {
  return !!ref && ref.split("::")[2]?.startsWith(PROVIDER_PREFIX) === true && ref.split("::")[3] === "default";
}

/**
 * As the CLI's step executor does for every new state: keys listed in additionalSecretOutputs
 * become secret, and so does any output whose input of the same name is secret.
 */
function markSecretOutputs(state: ResourceState): void {
  for (const key of state.additionalSecretOutputs ?? []) {
    if (key !== "id" && key in state.outputs) state.outputs[key] = makeSecret(state.outputs[key]);
  }
  for (const [key, value] of Object.entries(state.outputs)) {
    if (isSecret(state.inputs[key])) state.outputs[key] = makeSecret(value);
  }
}

/** Top-level keys whose values differ. */
function changedKeys(olds: PropertyMap, news: PropertyMap): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => !deepEqual(olds[k], news[k])).sort();
}

/** Property paths as the CLI writes them in ignoreChanges/replaceOnChanges: `a`, `a.b`, `a[0]`, `a.*`. */
function parsePath(path: string): string[] {
  return path.split(/\.|\[|\]/).filter((part) => part !== "").map((part) => part.replace(/^"(.*)"$/, "$1"));
}

/** Whether `pattern` covers `path` (it is the same path or a prefix of it; `*` matches any element). */
function pathContains(pattern: string, path: string): boolean {
  const p = parsePath(pattern);
  const q = parsePath(path);
  return p.length <= q.length && p.every((part, i) => part === "*" || part === q[i]);
}

/** The new inputs with each ignored path set back to its old value (removed if it had none). */
function applyIgnoreChanges(news: PropertyMap, olds: PropertyMap, paths: string[]): PropertyMap {
  if (paths.length === 0) return news;
  const result = structuredClone(news);
  for (const path of paths) {
    const parts = parsePath(path);
    let from: PropertyValue | undefined = olds;
    let to: PropertyValue | undefined = result;
    for (const part of parts.slice(0, -1)) {
      from = container(from)?.[part];
      to = container(to)?.[part];
    }
    const last = parts[parts.length - 1];
    const target = container(to);
    if (!target) continue;
    const previous = container(from)?.[last];
    if (previous === undefined) delete target[last];
    else target[last] = previous;
  }
  return result;
}

function container(v: PropertyValue | undefined): Record<string, PropertyValue> | undefined {
  if (isSecret(v)) return container(v.value);
  // Arrays are indexed by the same string keys the path parser yields.
  return Array.isArray(v) || isObject(v) ? (v as Record<string, PropertyValue>) : undefined;
}
