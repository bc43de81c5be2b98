import type { ConfigSource } from "../cloud/settings";
import type { Timeouts } from "../resource/context";
import { compact, type Props } from "../resource/values";
import { propertyChanges, type NativeDiff } from "./changes";
import { PROVIDER_SETTINGS, settingHint, settingOf, settingsSource } from "./config";
import { checkProviderSettings } from "./config-check";
import { diffProviderSettings } from "./config-diff";
import { refName, type Field } from "./fields";
import { functionSpec } from "./functions";
import { RESOURCE_TYPES, resourceSpec, type ResourceSpec } from "./resources";
import { unwrap, unwrapProps, wrapProps } from "./secrets";

/**
 * The native provider's operations on the values the engine sends and takes back, delegating
 * every decision to the dynamic providers (the same objects the dynamic resources load). What
 * the protocol adds is handled here: secrets unwrapped and wrapped again, customTimeouts mapped
 * onto the `timeouts` input the waiters read, the changed properties named for replaceOnChanges,
 * and credentials an import cannot read.
 */

export interface CheckFailure {
  property: string;
  reason: string;
}

export type { NativeDiff } from "./changes";

type Operation = keyof Timeouts;

/**
 * The providers and their clients load on first use, not at start: the engine waits for a
 * plugin's port before anything else, and a GetSchema needs none of them.
 */
async function providers(): Promise<typeof import("../index").providers> {
  return (await import("../index")).providers;
}

async function providerOf(spec: ResourceSpec) {
  return (await providers())[spec.kind];
}

function specOf(type: string): ResourceSpec {
  const spec = resourceSpec(type);
  if (!spec) throw new Error(`unknown resource type ${type}`);
  return spec;
}

function holdsSecretField(field: Field): boolean {
  if (field.secret) return true;
  if ("items" in field) return holdsSecretField(field.items);
  if ("additionalProperties" in field) return holdsSecretField(field.additionalProperties);
  const type = refName(field);
  return type !== undefined && Object.values(RESOURCE_TYPES[type] ?? {}).some(holdsSecretField);
}

/** The properties that hold credentials, by the schema. */
export function secretProperties(spec: ResourceSpec): string[] {
  return Object.entries(spec.inputs).filter(([, field]) => holdsSecretField(field)).map(([key]) => key);
}

/**
 * customTimeouts arrive in seconds; the providers take `timeouts` in minutes. A request without
 * one (0) leaves the resource's own `timeouts` input, or the provider's default, in force.
 */
export function withTimeout(props: Props, operation: Operation, seconds: number): Props {
  if (!(seconds > 0)) return props;
  const declared = (props.timeouts ?? {}) as Timeouts;
  return { ...props, timeouts: { ...declared, [operation]: seconds / 60 } };
}

/** State keeps the declared `timeouts`, not the request's, so a later diff does not see a change. */
function declaredTimeouts(outs: Props, declared: Props): Props {
  const { timeouts: _applied, ...rest } = outs;
  return declared.timeouts === undefined ? rest : { ...rest, timeouts: declared.timeouts };
}

function isObject(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A value the service cannot report, as an import left it (absent, or an empty string), takes
 * the declared one: lists of objects match by `id`, objects key by key. Known values are kept.
 */
export function adoptUnread(old: unknown, declared: unknown): unknown {
  if (old === undefined || old === "") return declared;
  if (Array.isArray(old) && Array.isArray(declared)) {
    const byId = new Map(declared.filter(isObject).map((item) => [item.id, item]));
    return old.map((item) => (isObject(item) && byId.has(item.id) ? adoptUnread(item, byId.get(item.id)) : item));
  }
  if (isObject(old) && isObject(declared)) {
    return { ...old, ...Object.fromEntries(Object.keys(declared).map((key) => [key, adoptUnread(old[key], declared[key])])) };
  }
  return old;
}

function withUnreadAdopted(spec: ResourceSpec, olds: Props, news: Props): Props {
  const adopted = { ...olds };
  for (const key of spec.unreadable) if (news[key] !== undefined) adopted[key] = adoptUnread(olds[key], news[key]);
  return adopted;
}

/** Which declared properties change, and how, from the old inputs to the new. */
export function changedProperties(spec: ResourceSpec, oldInputs: Props, news: Props, replaces: readonly string[]): Pick<NativeDiff, "diffs" | "detailed"> {
  return propertyChanges(Object.keys(spec.inputs), oldInputs, news, replaces);
}

/** The properties without those a setting filled in: the setting's value stays out of state. */
function without(props: Props | undefined, keys: readonly string[]): Props | undefined {
  if (props === undefined) return undefined;
  const rest = { ...props };
  for (const key of keys) delete rest[key];
  return rest;
}

export class NativeProvider {
  private config: ConfigSource | undefined;

  /**
   * The credentials a state lacks (an import's), from the Provider's settings, and which ones
   * were filled in: they are used for the call, never written to state.
   */
  private withSettings(spec: ResourceSpec, props: Props): { props: Props; filled: string[] } {
    const filled: string[] = [];
    const result = { ...props };
    for (const [input, setting] of Object.entries(spec.fromSettings ?? {})) {
      if (result[input] !== undefined || !setting) continue;
      const value = settingOf(this.config, setting);
      if (value === undefined) throw new Error(`${spec.token}: the state has no ${input} (an imported resource): set ${settingHint(setting)}`);
      result[input] = value;
      filled.push(input);
    }
    return { props: result, filled };
  }

  /** The Provider resource's inputs (or the stack's `ddm:*` config, for the default provider). */
  async configure(args: Props): Promise<void> {
    this.config = settingsSource(unwrap(args) as Props);
    for (const provider of Object.values(await providers())) await provider.configure({ config: this.config } as never);
  }

  /**
   * A Provider's settings as given, the credentials among them secret in state even when the
   * program passed them in plain text (the engine sends this call no secrets, only plain values).
   */
  checkConfig(news: Props): { inputs: Props; failures: CheckFailure[] } {
    const settings = unwrap(news) as Props;
    const credentials = Object.entries(PROVIDER_SETTINGS).filter(([, field]) => field.secret).map(([key]) => key);
    return { inputs: wrapProps(settings, credentials), failures: checkProviderSettings(settings) };
  }

  /** Which settings change; another region or project replaces the provider and its resources. */
  diffConfig(olds: Props, news: Props): NativeDiff {
    return diffProviderSettings(olds, news);
  }

  async check(type: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const spec = specOf(type);
    const incoming = unwrapProps(news);
    const result = await (await providerOf(spec)).check(unwrapProps(olds).plain, incoming.plain);
    const inputs = wrapProps(compact(result.inputs ?? incoming.plain), [...incoming.secretKeys, ...secretProperties(spec)]);
    return { inputs, failures: (result.failures ?? []).map(({ property, reason }) => ({ property, reason })) };
  }

  async diff(type: string, id: string, olds: Props, news: Props, oldInputs: Props): Promise<NativeDiff> {
    const spec = specOf(type);
    const declared = unwrapProps(news).plain;
    const previous = withUnreadAdopted(spec, unwrapProps(olds).plain, declared);
    const previousInputs = withUnreadAdopted(spec, Object.keys(oldInputs).length ? unwrapProps(oldInputs).plain : previous, declared);
    const result = await (await providerOf(spec)).diff(id, previous, declared);
    const replaces = result.replaces ?? [];
    const changed = result.changes === false ? { diffs: [], detailed: {} } : changedProperties(spec, previousInputs, declared, replaces);
    return { changes: result.changes, replaces, deleteBeforeReplace: result.deleteBeforeReplace ?? false, ...changed };
  }

  async create(type: string, props: Props, timeoutSeconds: number): Promise<{ id: string; outs: Props }> {
    const spec = specOf(type);
    const { plain, secretKeys } = unwrapProps(props);
    const secrets = [...secretKeys, ...secretProperties(spec)];
    try {
      const result = await (await providerOf(spec)).create(withTimeout(plain, "create", timeoutSeconds));
      return { id: result.id, outs: wrapProps(declaredTimeouts(result.outs ?? {}, plain), secrets) };
    } catch (error) {
      throw await partial(error, plain, secrets);
    }
  }

  async read(type: string, id: string, props: Props, inputs: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
    const spec = specOf(type);
    const state = unwrapProps(props);
    const declared = unwrapProps(inputs);
    const secrets = [...state.secretKeys, ...declared.secretKeys, ...secretProperties(spec)];
    // An import (`pulumi import`, or the import option) reads with no state: the id says what to read.
    const known = Object.keys(state.plain).length || !spec.importProps ? state.plain : spec.importProps(id);
    const { props: readable, filled } = this.withSettings(spec, known);
    const result = await (await providerOf(spec)).read(id, readable);
    if (!result.id) return { id: "", props: {} };
    const readInputs = without(result.inputs, filled);
    return {
      id: result.id,
      props: wrapProps(without(result.props, filled) ?? {}, secrets),
      inputs: readInputs === undefined ? undefined : wrapProps(readInputs, secrets),
    };
  }

  async update(type: string, id: string, olds: Props, news: Props, timeoutSeconds: number): Promise<{ outs: Props }> {
    const spec = specOf(type);
    const declared = unwrapProps(news);
    const secrets = [...declared.secretKeys, ...secretProperties(spec)];
    const previous = withUnreadAdopted(spec, unwrapProps(olds).plain, declared.plain);
    try {
      const result = await (await providerOf(spec)).update(id, previous, withTimeout(declared.plain, "update", timeoutSeconds));
      return { outs: wrapProps(declaredTimeouts(result.outs ?? {}, declared.plain), secrets) };
    } catch (error) {
      throw await partial(error, declared.plain, secrets);
    }
  }

  async delete(type: string, id: string, props: Props, timeoutSeconds: number): Promise<void> {
    const spec = specOf(type);
    const { props: state } = this.withSettings(spec, unwrapProps(props).plain);
    await (await providerOf(spec)).delete(id, withTimeout(state, "delete", timeoutSeconds));
  }

  async invoke(token: string, args: Props): Promise<Props> {
    const spec = functionSpec(token);
    if (!spec) throw new Error(`unknown function ${token}`);
    return compact({ [spec.result]: await spec.run(unwrap(args) as Props, this.config) });
  }
}

/** A partial failure keeps the resource in state: with the declared timeouts and its secrets wrapped. */
async function partial(error: unknown, declared: Props, secrets: string[]): Promise<unknown> {
  const { ResourceInitError } = await import("../resource/context");
  if (!(error instanceof ResourceInitError)) return error;
  return new ResourceInitError(error.message, error.id, wrapProps(declaredTimeouts(error.properties, declared), secrets), error.reasons);
}
