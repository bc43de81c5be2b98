import type * as pulumi from "@pulumi/pulumi";
import { DdmApiError, type DdmClient } from "../client";
import type { Account } from "../client/types";
import { toNumber } from "../../cloud/shape";
import { adoptNamed, alreadyExists, importIdOf } from "../../resource/adoption";
import { client, configure } from "../../resource/context";
import { compositeId, splitCompositeId } from "../../resource/ids";
import { compact, sameSet, withProvider, type Props } from "../../resource/values";
import { whenInstanceReady, type InstanceScope } from "../wait";
import { checkAccount } from "./check";
import { planAccountChange } from "./plan";
import { ACCOUNT_INPUT_KEYS, type AccountInputs, type AccountOutputs, type Permission } from "./types";

/** An account operation never waits on a job, only, at worst, for the instance to be free. */
const BUSY_WAIT_MS = 30 * 60_000;
const DUPLICATE_ACCOUNT = "DBS.300311";
/** Requests whose answer was lost are checked and sent again at most this many times in all. */
const MAX_UNKNOWN_OUTCOMES = 5;

function inputsOf(props: Props): AccountInputs {
  return compact(Object.fromEntries(ACCOUNT_INPUT_KEYS.map((key) => [key, props[key]]))) as unknown as AccountInputs;
}

function toOutputs(inputs: AccountInputs, account: Account | undefined): AccountOutputs {
  return compact({
    ...inputs,
    status: account?.status,
    created: toNumber(account?.created),
    passwordLastChanged: toNumber(account?.password_last_changed),
    extendedPermissions: account?.extend_authority ?? [],
  });
}

/** Drift in permissions, schemas and description; the password is never read back. */
export function liveAccountInputs(inputs: AccountInputs, account: Account): AccountInputs {
  const permissions = (account.base_authority ?? []) as Permission[];
  const schemas = (account.databases ?? []).map((schema) => schema.name);
  return compact({
    ...inputs,
    permissions: sameSet(permissions, inputs.permissions) ? inputs.permissions : permissions,
    schemas: sameSet(schemas, inputs.schemas) ? inputs.schemas : schemas,
    description: (account.description ?? "") === (inputs.description ?? "") ? inputs.description : account.description,
  });
}

function isGone(error: unknown): boolean {
  return error instanceof DdmApiError && error.isNotFound;
}

function scopeOf(ddm: DdmClient, inputs: Pick<AccountInputs, "instanceId" | "name">): InstanceScope {
  return { client: ddm, instanceId: inputs.instanceId, label: `account ${inputs.name}`, deadline: Date.now() + BUSY_WAIT_MS };
}

function locate(id: string, props: Props): { instanceId: string; name: string } {
  const { instanceId, name } = props as Partial<AccountInputs>;
  return instanceId && name ? { instanceId, name } : splitCompositeId(id);
}

export const accountProvider = {
  async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    configure(request.config);
  },

  async check(_olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return { inputs: news, failures: checkAccount(news) };
  },

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const plan = planAccountChange(olds as Partial<AccountInputs>, news as unknown as AccountInputs);
    // Names are unique per instance: the old account must go before its replacement.
    return { changes: plan.changes, replaces: plan.replaces, deleteBeforeReplace: plan.replaces.length > 0 };
  },

  async create(props: Props): Promise<pulumi.dynamic.CreateResult> {
    const inputs = inputsOf(props);
    const ddm = client();
    const id = compositeId(inputs.instanceId, inputs.name);
    const importId = importIdOf(props);
    if (importId) {
      // The password cannot be read back: it is recorded as declared.
      const find = () => ddm.findAccount(inputs.instanceId, inputs.name);
      const account = await adoptNamed("account", importId, inputs, ACCOUNT_INPUT_KEYS, find, liveAccountInputs);
      return { id, outs: withProvider(toOutputs(inputs, account), props) };
    }
    const request = {
      users: [
        compact({
          name: inputs.name,
          password: inputs.password,
          base_authority: inputs.permissions,
          description: inputs.description,
          databases: inputs.schemas?.map((name) => ({ name })),
        }),
      ],
    };
    let account: Account | undefined;
    for (let attempt = 1; !account; attempt++) {
      try {
        await whenInstanceReady(scopeOf(ddm, inputs), () => ddm.createAccount(inputs.instanceId, request));
        account = await ddm.findAccount(inputs.instanceId, inputs.name);
        break;
      } catch (error) {
        if (attempt === 1 && error instanceof DdmApiError && error.code === DUPLICATE_ACCOUNT) {
          throw alreadyExists("account", inputs.name, inputs.instanceId);
        }
        // A lost answer: the listing tells whether the account was made before asking again.
        if (!(error instanceof DdmApiError && error.outcomeUnknown) || attempt >= MAX_UNKNOWN_OUTCOMES) throw error;
        account = await ddm.findAccount(inputs.instanceId, inputs.name);
      }
    }
    return { id, outs: withProvider(toOutputs(inputs, account), props) };
  },

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const where = locate(id, props);
    const account = await client().findAccount(where.instanceId, where.name);
    if (!account) return { id: "", props: {} };
    const inputs = liveAccountInputs({ ...inputsOf(props), ...where }, account);
    return { id, props: withProvider(toOutputs(inputs, account), props), inputs: withProvider(inputs, props) };
  },

  async update(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const inputs = inputsOf(news);
    const ddm = client();
    const plan = planAccountChange(olds as Partial<AccountInputs>, inputs);
    const scope = scopeOf(ddm, inputs);
    if (plan.modify) await whenInstanceReady(scope, () => ddm.updateAccount(inputs.instanceId, inputs.name, plan.modify!));
    if (plan.password !== undefined) {
      await whenInstanceReady(scope, () => ddm.resetAccountPassword(inputs.instanceId, inputs.name, plan.password!));
    }
    const account = await ddm.findAccount(inputs.instanceId, inputs.name);
    return { outs: withProvider(toOutputs(inputs, account), news) };
  },

  async delete(id: string, props: Props): Promise<void> {
    const where = locate(id, props);
    const ddm = client();
    try {
      await whenInstanceReady(scopeOf(ddm, where), () => ddm.deleteAccount(where.instanceId, where.name));
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  },
};
