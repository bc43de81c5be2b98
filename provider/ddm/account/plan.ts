import type { UpdateAccountRequest } from "../client/types";
import { assumeSameInstance, isUnknown, sameSet, type Props } from "../../resource/values";
import type { AccountInputs } from "./types";

/** Planning an account change: pure, from stored outputs and new inputs. */
export interface AccountPlan {
  replaces: string[];
  /** Body for `PUT .../users/{name}`, when permissions, schemas or description change. */
  modify?: UpdateAccountRequest;
  /** The new password, when it changes. */
  password?: string;
  changes: boolean;
}

export function planAccountChange(olds: Partial<AccountInputs>, declared: AccountInputs): AccountPlan {
  const news = assumeSameInstance(olds, declared as unknown as Props) as unknown as AccountInputs;
  const replaces = (["instanceId", "name"] as const).filter((key) => olds[key] !== news[key]);
  if (replaces.length) return { replaces, changes: true };
  // Not known yet (a preview, or the engine asking whether a schema's replacement forces this
  // account's): whatever it becomes is changed in place.
  if ((["permissions", "schemas", "description", "password"] as const).some((key) => isUnknown(news[key]))) return { replaces, changes: true };
  const user: UpdateAccountRequest["user"] = {};
  if (!sameSet(olds.permissions, news.permissions)) user.base_authority = [...news.permissions];
  if (!sameSet(olds.schemas, news.schemas)) user.databases = (news.schemas ?? []).map((name) => ({ name }));
  if ((olds.description ?? "") !== (news.description ?? "")) user.description = news.description ?? "";
  const modify = Object.keys(user).length ? { user } : undefined;
  const password = olds.password !== news.password ? news.password : undefined;
  return { replaces, modify, password, changes: modify !== undefined || password !== undefined };
}
