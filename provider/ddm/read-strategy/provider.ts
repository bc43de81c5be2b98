import type * as pulumi from "@pulumi/pulumi";
import { client, configure } from "../../resource/context";
import { assumeSameInstance, compact, isUnknown, withProvider, type Props } from "../../resource/values";
import { whenInstanceReady } from "../wait";
import { checkReadStrategy } from "./check";
import { READ_STRATEGY_INPUT_KEYS, type ReadStrategyInputs } from "./types";

/**
 * The read weights of an instance's DB instances (reference §4.1.11): one write, no job. The
 * service reports no read weights, so refresh can only tell whether the instance still exists.
 */

/** Waiting for the instance to be free is the only wait. */
const BUSY_WAIT_MS = 30 * 60_000;

function inputsOf(props: Props): ReadStrategyInputs {
  return compact(Object.fromEntries(READ_STRATEGY_INPUT_KEYS.map((key) => [key, props[key]]))) as unknown as ReadStrategyInputs;
}

async function apply(inputs: ReadStrategyInputs): Promise<void> {
  const ddm = client();
  const scope = { client: ddm, instanceId: inputs.instanceId, label: `read weights of ${inputs.instanceId}`, deadline: Date.now() + BUSY_WAIT_MS };
  await whenInstanceReady(scope, () => ddm.setReadWeights(inputs.instanceId, inputs.readWeights));
}

function sameWeights(a: Record<string, number> | undefined, b: Record<string, number> | undefined): boolean {
  const left = Object.entries(a ?? {});
  return left.length === Object.keys(b ?? {}).length && left.every(([id, weight]) => b?.[id] === weight);
}

export const readStrategyProvider = {
  async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    configure(request.config);
  },

  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return { inputs: news, failures: checkReadStrategy(news) };
  },

  async diff(_id: string, olds: Props, declared: Props): Promise<pulumi.dynamic.DiffResult> {
    const news = assumeSameInstance(olds, declared);
    const replaces = news.instanceId !== olds.instanceId ? ["instanceId"] : [];
    const weights = news.readWeights as Record<string, number> | undefined;
    const changed = isUnknown(weights) || Object.values(weights ?? {}).some(isUnknown) || !sameWeights(olds.readWeights as never, weights);
    return { changes: replaces.length > 0 || changed, replaces };
  },

  async create(props: Props): Promise<pulumi.dynamic.CreateResult> {
    const inputs = inputsOf(props);
    await apply(inputs);
    return { id: inputs.instanceId, outs: withProvider(inputs, props) };
  },

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    // An import knows only the id, which is the instance's.
    const inputs = { ...inputsOf(props), instanceId: inputsOf(props).instanceId ?? id };
    const instance = await client().findInstance(inputs.instanceId);
    if (!instance) return { id: "", props: {} };
    return { id, props: withProvider(inputs, props), inputs: withProvider(inputs, props) };
  },

  async update(_id: string, _olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    // The whole map is sent: a weight the service keeps for an RDS instance no longer declared is left as it is.
    const inputs = inputsOf(news);
    await apply(inputs);
    return { outs: withProvider(inputs, news) };
  },

  /** No API resets read weights: deleting the resource leaves them as they are, and makes no call. */
  async delete(): Promise<void> {},
};
