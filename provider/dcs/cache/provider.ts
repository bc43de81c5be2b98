import type * as pulumi from "@pulumi/pulumi";
import { HuaweiCloudError } from "../../cloud/errors";
import { compact } from "../../resource/values";
import { differsFromDeclaration, ImportError, importIdOf } from "../../resource/adoption";
import { boundedByTimeouts, configure, createFailure, dcsClient, progressReporter, ResourceInitError, stepFailure, timeoutMs } from "../../resource/context";
import { withProvider, type Props } from "../../resource/values";
import { stderrReporter } from "../../wait";
import type { DcsClient } from "../client";
import type { CacheInstance } from "../client/types";
import { checkCache } from "./check";
import { runCacheOperation, whenCacheReady, type CacheContext } from "./execute";
import { resolveFlavor } from "./flavors";
import { inputsOf, liveInputs, toOutputs } from "./outputs";
import { describeCacheOperation, planCacheChange, scaleOperation, type CacheOperation } from "./plan";
import { settleCache, settleCacheDeletion } from "./settle";
import type { CacheInputs, CacheOutputs } from "./types";

/** The Terraform provider's defaults (DCS-FACTS.md). */
const DEFAULT_MINUTES = { create: 60, update: 60, delete: 15 };
const MAX_CREATE_ATTEMPTS = 5;
const LOOKS_FOR_A_LOST_CREATE = 3;

async function describeLive(dcs: DcsClient, inputs: CacheInputs, instance: CacheInstance, cacheMode?: string): Promise<CacheOutputs> {
  return toOutputs(inputs, instance, await dcs.projectId(), cacheMode);
}

/** Best effort: what to store when an operation failed after the instance existed. */
async function truthfulState(dcs: DcsClient, id: string, inputs: CacheInputs, previous: Partial<CacheOutputs>): Promise<CacheOutputs> {
  const live = await dcs.findInstance(id).catch(() => undefined);
  const projectId = previous.projectId ?? (await dcs.projectId().catch(() => ""));
  if (!live) return compact({ ...(previous as CacheOutputs), ...inputs, instanceId: id, projectId, status: previous.status ?? "UNKNOWN" });
  return toOutputs(liveInputs(inputs, live), live, projectId, previous.cacheMode);
}

/** An instance a create with a lost answer made: exactly this name, not among those that existed before. */
async function findCreated(dcs: DcsClient, name: string, before: ReadonlySet<string>): Promise<string | undefined> {
  for (let look = 0; look < LOOKS_FOR_A_LOST_CREATE; look++) {
    const created = (await dcs.listInstances(name)).filter((i) => i.name === name && !before.has(i.instance_id));
    if (created.length) return created[0].instance_id;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  return undefined;
}

async function submitCreate(dcs: DcsClient, inputs: CacheInputs): Promise<string> {
  const before = new Set((await dcs.listInstances(inputs.name)).filter((i) => i.name === inputs.name).map((i) => i.instance_id));
  if (before.size) {
    stderrReporter(
      `warning: ${inputs.name}: cache instance ${[...before].join(", ")} already has this name; creating another. ` +
        `If an interrupted run created it, adopt it with the import option instead (README, "Recovery").`,
    );
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const { id } = await dcs.createInstance(
        compact({
          name: inputs.name,
          engine: inputs.engine,
          engine_version: inputs.engineVersion,
          capacity: inputs.capacity,
          spec_code: inputs.specCode,
          az_codes: inputs.availabilityZones,
          vpc_id: inputs.vpcId,
          subnet_id: inputs.subnetId,
          security_group_id: inputs.securityGroupId,
          password: inputs.password,
          no_password_access: inputs.noPasswordAccess ? true : undefined,
          port: inputs.port,
          instance_num: 1 as const,
          maintain_begin: inputs.maintainBegin,
          maintain_end: inputs.maintainEnd,
        }),
      );
      return id;
    } catch (error) {
      if (!(error instanceof HuaweiCloudError && error.outcomeUnknown)) throw error;
      const id = await findCreated(dcs, inputs.name, before);
      if (id) return id;
      if (attempt >= MAX_CREATE_ATTEMPTS) throw error;
    }
  }
}

/** The import option: the instance as it is, refused when it differs from the declaration. */
async function adopt(dcs: DcsClient, inputs: CacheInputs, importId: string): Promise<string> {
  const instance = await dcs.findInstance(importId);
  if (!instance) throw new ImportError("cache instance", importId, "no such DCS instance in this project");
  const live = liveInputs(inputs, instance);
  const plan = planCacheChange({ ...live, engine: instance.engine as CacheInputs["engine"] }, inputs);
  const differences = [
    ...plan.replaces.map((key) => `${key} cannot be changed`),
    ...(plan.modify ? [describeCacheOperation(instance.name, plan.modify)] : []),
    ...(plan.scale ? [`${instance.name}: capacity ${plan.scale.from.capacity} GB ${plan.scale.from.specCode} is declared as ${plan.scale.to.capacity} GB ${plan.scale.to.specCode}`] : []),
  ];
  if (differences.length) throw differsFromDeclaration("cache instance", importId, differences);
  return importId;
}

export const cacheProvider = boundedByTimeouts({
  async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    configure(request.config);
  },

  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return { inputs: news, failures: checkCache(news, olds) };
  },

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const plan = planCacheChange(olds as Partial<CacheOutputs>, news as unknown as CacheInputs);
    return { changes: plan.changes, replaces: plan.replaces, deleteBeforeReplace: false };
  },

  async create(props: Props): Promise<pulumi.dynamic.CreateResult> {
    const inputs = inputsOf(props as Partial<CacheOutputs>);
    const dcs = dcsClient();
    const startedAt = Date.now();
    const importId = importIdOf(props);
    const flavor = await resolveFlavor(dcs, inputs.engine, inputs.specCode, inputs.capacity);
    const id = importId ? await adopt(dcs, inputs, importId) : await submitCreate(dcs, inputs);
    try {
      const instance = await settleCache(dcs, {
        label: `${inputs.name}: ${importId ? `importing ${id}` : `creating ${inputs.capacity} GB ${inputs.specCode}`}`,
        instanceId: id,
        expected: () => true,
        timeoutMs: timeoutMs(inputs.timeouts, "create", DEFAULT_MINUTES.create),
        startedAt,
        report: progressReporter(),
      });
      return { id, outs: withProvider(await describeLive(dcs, inputs, instance, flavor.cacheMode), props) };
    } catch (error) {
      const state = await truthfulState(dcs, id, inputs, { cacheMode: flavor.cacheMode });
      throw new ResourceInitError(createFailure(inputs.name, error), id, withProvider(state, props));
    }
  },

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const previous = props as Partial<CacheOutputs>;
    const dcs = dcsClient();
    const instance = await dcs.findInstance(id);
    if (!instance) return { id: "", props: {} };
    const inputs = liveInputs(inputsOf(previous), instance);
    const cacheMode = instance.spec_code === previous.specCode ? previous.cacheMode : undefined;
    const outputs = toOutputs(inputs, instance, previous.projectId ?? (await dcs.projectId()), cacheMode);
    return { id, props: withProvider(outputs, props), inputs: withProvider(inputs, props) };
  },

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const previous = olds as Partial<CacheOutputs>;
    const inputs = inputsOf(news as Partial<CacheOutputs>);
    const dcs = dcsClient();
    const plan = planCacheChange(previous, inputs);
    const context: CacheContext = {
      client: dcs,
      instanceId: id,
      label: inputs.name,
      deadline: Date.now() + timeoutMs(inputs.timeouts, "update", DEFAULT_MINUTES.update),
      report: progressReporter(),
    };
    let applied: CacheInputs = { ...inputsOf(previous), reservedIps: inputs.reservedIps, timeouts: inputs.timeouts };
    let cacheMode = previous.cacheMode;
    let current: CacheOperation | undefined;
    let instance: CacheInstance | undefined;
    try {
      if (plan.modify) {
        current = plan.modify;
        instance = await runCacheOperation(context, current);
        applied = { ...applied, name: inputs.name, maintainBegin: inputs.maintainBegin, maintainEnd: inputs.maintainEnd };
      }
      if (plan.scale) {
        const [from, to] = await Promise.all([
          resolveFlavor(dcs, inputs.engine, plan.scale.from.specCode),
          resolveFlavor(dcs, inputs.engine, plan.scale.to.specCode, plan.scale.to.capacity),
        ]);
        current = scaleOperation(plan.scale, { from, to }, inputs);
        instance = await runCacheOperation(context, current);
        cacheMode = to.cacheMode;
      }
      applied = { ...inputs };
      instance ??= await dcs.getInstance(id);
      return { outs: withProvider(toOutputs(applied, instance, previous.projectId ?? (await dcs.projectId()), cacheMode), news) };
    } catch (error) {
      const step = current ? describeCacheOperation(inputs.name, current) : `${inputs.name}: update`;
      const state = await truthfulState(dcs, id, applied, previous);
      throw new ResourceInitError(stepFailure(step, error), id, withProvider(state, news));
    }
  },

  async delete(id: string, props: Props): Promise<void> {
    const outputs = props as Partial<CacheOutputs>;
    const dcs = dcsClient();
    const label = `${outputs.name ?? id}: deleting`;
    const startedAt = Date.now();
    const deadline = startedAt + timeoutMs(outputs.timeouts, "delete", DEFAULT_MINUTES.delete);
    const report = progressReporter();
    try {
      await whenCacheReady({ client: dcs, instanceId: id, label, deadline, report }, () => dcs.deleteInstance(id));
    } catch (error) {
      if (error instanceof HuaweiCloudError && error.isNotFound) return;
      if (!(error instanceof HuaweiCloudError && error.outcomeUnknown)) throw error;
    }
    await settleCacheDeletion(dcs, { label, instanceId: id, timeoutMs: deadline - startedAt, startedAt, report });
  },
}, DEFAULT_MINUTES);

