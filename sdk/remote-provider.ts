import type * as pulumi from "@pulumi/pulumi";
import type { ProviderKind } from "../provider";

const byKind = new Map<ProviderKind, pulumi.dynamic.ResourceProvider>();

/**
 * The provider object Pulumi serializes into every resource's state. It holds no code of its
 * own: each method loads `pulumi-ddm/provider` where the provider runs, so the stored provider
 * stays a few hundred bytes, carries no credentials, and state written by one version is read
 * and deleted by whichever version is installed.
 *
 * One object per kind, shared by every resource of it: the SDK caches a provider's serialized
 * text by object, and serializing one reads each function's source through a debugger session.
 * A fresh object per resource paid that on every resource of every `pulumi up`, `preview` and
 * `refresh`: 100 schemas took 1.6 s of the program's CPU to register, 0.6 s with one object.
 */
export function remoteProvider(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  let provider = byKind.get(kind);
  if (provider === undefined) {
    provider = providerOf(kind);
    byKind.set(kind, provider);
  }
  return provider;
}

function providerOf(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  const load = () => require("pulumi-ddm/provider").providers[kind];
  return {
    configure: (req) => load().configure(req),
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().delete(id, props),
  };
}
