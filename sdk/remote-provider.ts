import type * as pulumi from "@pulumi/pulumi";
import type { ProviderKind } from "../provider";

/**
 * The provider object Pulumi serializes into every resource's state. It holds no code of its
 * own: each method loads `pulumi-ddm/provider` where the provider runs, so the stored provider
 * stays a few hundred bytes, carries no credentials, and state written by one version is read
 * and deleted by whichever version is installed.
 */
export function remoteProvider(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
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
