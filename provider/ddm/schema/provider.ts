import type * as pulumi from "@pulumi/pulumi";
import { HuaweiCloudError, type DdmClient } from "../client";
import type { SchemaDetail } from "../client/types";
import { toNumber } from "../../cloud/shape";
import { adoptNamed, alreadyExists, importIdOf } from "../../resource/adoption";
import { boundedByTimeouts, client, configure, errorMessage, progressReporter, ResourceInitError, timeoutMs } from "../../resource/context";
import { compositeId, splitCompositeId } from "../../resource/ids";
import { assumeSameInstance, compact, withProvider, type Props } from "../../resource/values";
import { stderrReporter, waitFor } from "../../wait";
import { observeSchemaStatus, whenInstanceReady, type InstanceScope } from "../wait";
import { checkSchema } from "./check";
import { credentialsWarning, planSchemaChange } from "./plan";
import { SCHEMA_INPUT_KEYS, type DataNode, type SchemaInputs, type SchemaOutputs } from "./types";

const DEFAULT_MINUTES = { create: 30, delete: 30 };
/**
 * Schema creation fails now and then on some clouds, and answers get lost: a clean retry
 * usually succeeds, so a create is attempted up to this many times.
 */
const MAX_CREATE_ATTEMPTS = 5;

function inputsOf(props: Props): SchemaInputs {
  return compact(Object.fromEntries(SCHEMA_INPUT_KEYS.map((key) => [key, props[key]]))) as unknown as SchemaInputs;
}

function toOutputs(inputs: SchemaInputs, schema: SchemaDetail): SchemaOutputs {
  return compact({
    ...inputs,
    status: schema.status ?? "UNKNOWN",
    shards: (schema.databases ?? []).map((shard) => ({ name: shard.name, dbSlot: shard.dbslot, status: shard.status, rdsId: shard.id })),
    dataVips: schema.dataVips ?? [],
    usedRds: (schema.used_rds ?? []).map((rds) => ({ id: rds.id, name: rds.name, status: rds.status })),
    created: toNumber(schema.created),
    updated: toNumber(schema.updated),
  });
}

/**
 * The inputs as the live schema has them. Data nodes keep the credentials the user supplied
 * (the service never returns them), so refresh reports real drift without inventing any.
 */
export function liveSchemaInputs(inputs: SchemaInputs, schema: SchemaDetail): SchemaInputs {
  const declared = new Map(inputs.dataNodes.map((node) => [node.id, node]));
  const liveIds = (schema.used_rds ?? []).map((rds) => rds.id);
  const sameNodes = liveIds.length === declared.size && liveIds.every((id) => declared.has(id));
  const dataNodes: DataNode[] = sameNodes
    ? inputs.dataNodes
    : liveIds.map((id) => declared.get(id) ?? { id, adminUser: "", adminPassword: "" });
  return compact({
    ...inputs,
    shardMode: (schema.shard_mode as SchemaInputs["shardMode"]) ?? inputs.shardMode,
    shardNumber: schema.shard_number ?? inputs.shardNumber,
    shardUnit: inputs.shardUnit === undefined ? undefined : schema.shard_unit ?? inputs.shardUnit,
    dataNodes,
  });
}

function scopeOf(ddm: DdmClient, inputs: Pick<SchemaInputs, "instanceId" | "name">, deadline: number): InstanceScope {
  return { client: ddm, instanceId: inputs.instanceId, label: `schema ${inputs.name}`, deadline, report: progressReporter() };
}

async function waitForSchema(ddm: DdmClient, inputs: SchemaInputs, deadline: number): Promise<SchemaDetail> {
  let last: SchemaDetail | undefined;
  await waitFor({
    label: `schema ${inputs.name}: creating ${inputs.shardNumber} shards`,
    timeoutMs: Math.max(deadline - Date.now(), 1),
    report: progressReporter(),
    observe: async () => {
      last = await ddm.findSchema(inputs.instanceId, inputs.name);
      if (!last) return { state: "pending", status: "not visible yet" };
      const failed = last.used_rds?.find((rds) => rds.error_msg)?.error_msg;
      return observeSchemaStatus(last.status, failed);
    },
  });
  return last!;
}

/** The schema's status does not allow the request (DBS.300130): it is being created or deleted. */
const INVALID_SCHEMA_STATUS = "DBS.300130";

/**
 * Asks for the deletion until the service takes it: a schema still CREATING is waited for; one
 * already DELETING (a repeated DELETE whose first answer was lost) needs nothing more.
 */
async function requestDeletion(ddm: DdmClient, scope: InstanceScope, name: string, deleteRdsData: boolean | undefined): Promise<void> {
  for (;;) {
    try {
      await whenInstanceReady(scope, () => ddm.deleteSchema(scope.instanceId, name, deleteRdsData));
      return;
    } catch (error) {
      if (error instanceof HuaweiCloudError && (error.isNotFound || error.outcomeUnknown)) return;
      if (!(error instanceof HuaweiCloudError && error.code === INVALID_SCHEMA_STATUS) || Date.now() > scope.deadline) throw error;
      const schema = await ddm.findSchema(scope.instanceId, name);
      if (!schema || schema.status === "DELETING") return;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

async function deleteAndWait(ddm: DdmClient, scope: InstanceScope, name: string, deleteRdsData: boolean | undefined): Promise<void> {
  await requestDeletion(ddm, scope, name, deleteRdsData);
  await waitFor<void>({
    label: `schema ${name}: deleting`,
    timeoutMs: Math.max(scope.deadline - Date.now(), 1),
    report: scope.report,
    observe: async () => {
      const schema = await ddm.findSchema(scope.instanceId, name);
      return schema ? { state: "pending", status: schema.status } : { state: "done", value: undefined };
    },
  });
}

function createRequest(inputs: SchemaInputs) {
  return {
    databases: [
      compact({
        name: inputs.name,
        shard_mode: inputs.shardMode,
        shard_number: inputs.shardNumber,
        shard_unit: inputs.shardUnit,
        used_rds: inputs.dataNodes.map((node) => ({ id: node.id, adminUser: node.adminUser, adminPassword: node.adminPassword })),
      }),
    ],
  };
}

/** Creates the schema and waits for RUNNING; a failed attempt is cleaned up (never left half-made) and retried. */
async function createSchema(ddm: DdmClient, inputs: SchemaInputs, deadline: number): Promise<SchemaDetail> {
  const scope = scopeOf(ddm, inputs, deadline);
  for (let attempt = 1; ; attempt++) {
    try {
      await whenInstanceReady(scope, () => ddm.createSchema(inputs.instanceId, createRequest(inputs)));
    } catch (error) {
      // A lost answer: the schema list tells whether the request took effect.
      if (!(error instanceof HuaweiCloudError && error.outcomeUnknown)) throw error;
      if (!(await ddm.findSchema(inputs.instanceId, inputs.name))) {
        if (attempt >= MAX_CREATE_ATTEMPTS) throw error;
        continue;
      }
    }
    try {
      return await waitForSchema(ddm, inputs, deadline);
    } catch (error) {
      if (attempt >= MAX_CREATE_ATTEMPTS || Date.now() > deadline) throw error;
      await deleteAndWait(ddm, scope, inputs.name, false);
    }
  }
}

/** The `import` option: the declared schema, as it is, waited for if still being created. */
async function adoptSchema(ddm: DdmClient, inputs: SchemaInputs, importId: string, deadline: number): Promise<SchemaDetail> {
  const find = () => ddm.findSchema(inputs.instanceId, inputs.name);
  await adoptNamed("schema", importId, inputs, SCHEMA_INPUT_KEYS, find, liveSchemaInputs);
  return waitForSchema(ddm, inputs, deadline);
}

export const schemaProvider = boundedByTimeouts({
  async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    configure(request.config);
  },

  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return { inputs: news, failures: checkSchema(news) };
  },

  async diff(_id: string, olds: Props, declared: Props): Promise<pulumi.dynamic.DiffResult> {
    const news = assumeSameInstance(olds, declared);
    const { changes, replaces } = planSchemaChange(inputsOf(olds), inputsOf(news));
    // Names are unique per instance: the old schema goes first.
    return { changes, replaces, deleteBeforeReplace: replaces.length > 0 };
  },

  async create(props: Props): Promise<pulumi.dynamic.CreateResult> {
    const inputs = inputsOf(props);
    const ddm = client();
    const deadline = Date.now() + timeoutMs(inputs.timeouts, "create", DEFAULT_MINUTES.create);
    const id = compositeId(inputs.instanceId, inputs.name);
    const importId = importIdOf(props);
    if (importId) return { id, outs: withProvider(toOutputs(inputs, await adoptSchema(ddm, inputs, importId, deadline)), props) };
    // Only a schema this create made may be cleaned up after a failure: one that is there
    // already belongs to someone (an interrupted run, a person) and is left alone.
    if (await ddm.findSchema(inputs.instanceId, inputs.name)) throw alreadyExists("schema", inputs.name, inputs.instanceId);
    let schema: SchemaDetail;
    try {
      schema = await createSchema(ddm, inputs, deadline);
    } catch (error) {
      // A schema that never became usable is removed rather than kept half-made; only if
      // that fails too is it kept in state, so it is never orphaned.
      const message = `schema ${inputs.name}: create failed: ${errorMessage(error)}`;
      const leftover = await ddm.findSchema(inputs.instanceId, inputs.name).catch(() => undefined);
      if (!leftover) throw new Error(message);
      const cleaned = await deleteAndWait(ddm, scopeOf(ddm, inputs, Date.now() + 5 * 60_000), inputs.name, false).then(
        () => true,
        () => false,
      );
      if (cleaned) throw new Error(message);
      throw new ResourceInitError(message, id, withProvider(toOutputs(inputs, leftover), props));
    }
    return { id, outs: withProvider(toOutputs(inputs, schema), props) };
  },

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const stored = inputsOf(props);
    const { instanceId, name } = stored.instanceId && stored.name ? stored : splitCompositeId(id);
    const schema = await client().findSchema(instanceId, name);
    if (!schema) return { id: "", props: {} };
    const inputs = liveSchemaInputs({ ...stored, instanceId, name, dataNodes: stored.dataNodes ?? [] }, schema);
    return { id, props: withProvider(toOutputs(inputs, schema), props), inputs: withProvider(inputs, props) };
  },

  async update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    // Only deleteRdsData, timeouts and data-node credentials reach here: recorded, no API call.
    const inputs = inputsOf(news);
    const { credentialsChanged } = planSchemaChange(inputsOf(olds), inputs);
    if (credentialsChanged.length) stderrReporter(credentialsWarning(inputs.name, credentialsChanged));
    return { outs: withProvider({ ...(olds as object), ...inputs }, news) };
  },

  async delete(id: string, props: Props): Promise<void> {
    const stored = inputsOf(props);
    const { instanceId, name } = stored.instanceId && stored.name ? stored : splitCompositeId(id);
    const ddm = client();
    const deadline = Date.now() + timeoutMs(stored.timeouts, "delete", DEFAULT_MINUTES.delete);
    try {
      await deleteAndWait(ddm, scopeOf(ddm, { instanceId, name }, deadline), name, stored.deleteRdsData);
    } catch (error) {
      // The instance itself gone takes its schemas with it.
      if (error instanceof HuaweiCloudError && error.isNotFound) return;
      throw error;
    }
  },
}, DEFAULT_MINUTES);
