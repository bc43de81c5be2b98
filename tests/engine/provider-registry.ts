/**
 * One plugin process per provider resource, as the CLI runs them: the default `pulumi-nodejs`
 * provider (configured with the whole stack config) and any explicit `pulumi-nodejs` provider
 * resource a program declares. A provider reference whose configuration changes during a run
 * (the default provider of the previous run, used to delete what the new config no longer
 * declares) gets its own process, configured as its state says.
 */
import { DynamicProvider, type ProviderProcessOptions } from "./provider-client";
import type { PropertyMap } from "./secrets";
import { providerUrn } from "./state";

export class ProviderRegistry {
  private readonly instances = new Map<string, Promise<DynamicProvider>>();
  private spare?: Promise<DynamicProvider>;

  constructor(private readonly options: ProviderProcessOptions) {}

  /**
   * Starts a plugin process ahead of need, so that its start-up overlaps the program's; the
   * first provider to be configured takes it. Nothing is called on it until then.
   */
  prewarm(): void {
    this.spare ??= DynamicProvider.start(this.options);
    this.spare.catch(() => undefined); // a failed start surfaces when the spare is taken
  }

  /** The plugin for provider reference `ref` (`urn::id`) configured with `inputs`, started on first use. */
  get(ref: string, inputs: PropertyMap): Promise<DynamicProvider> {
    const key = `${ref}\n${JSON.stringify(inputs)}`;
    let instance = this.instances.get(key);
    if (!instance) {
      instance = this.start(ref, inputs);
      this.instances.set(key, instance);
    }
    return instance;
  }

  async close(): Promise<void> {
    const started = await Promise.allSettled([...this.instances.values(), ...(this.spare ? [this.spare] : [])]);
    await Promise.all(started.map((s) => (s.status === "fulfilled" ? s.value.close() : undefined)));
  }

  private async start(ref: string, inputs: PropertyMap): Promise<DynamicProvider> {
    const spare = this.spare;
    this.spare = undefined;
    const provider = await (spare ?? DynamicProvider.start(this.options));
    try {
      await provider.configure(providerUrn(ref), ref.slice(ref.lastIndexOf("::") + 2), inputs);
      return provider;
    } catch (err) {
      await provider.close();
      throw err;
    }
  }
}
