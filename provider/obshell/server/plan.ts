import { differingKeys } from "../../resource/adoption";
import type { Props } from "../../resource/values";
import { OBSERVER_INPUT_KEYS, OBSERVER_REPLACING_KEYS } from "./types";

function pending(props: Props, operation: "scale-out" | "scale-in"): string | undefined {
  const id = props.dagId;
  if (typeof id !== "string" || !id) return undefined;
  const done = props.dagState === "SUCCEED" && props.dagOperator === "RUN";
  return props.lastOperation === operation && !done ? id : undefined;
}

/** A scale-out this resource started that has not succeeded: the next `up` carries it on. */
export function pendingJoin(props: Props): string | undefined {
  return pending(props, "scale-out");
}

/** A scale-in of this server that has not succeeded, as a refresh found it: the next `destroy` carries it on. */
export function pendingLeave(props: Props): string | undefined {
  return pending(props, "scale-in");
}

export interface ObServerDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * Pure: what a change of inputs means. The server, its agent and its zone are the membership
 * itself, and obConfigs apply only when it joins: a change to any of them replaces the
 * membership (removed first when the same agent joins again). Where to send requests, the
 * passwords, onFailure and timeouts change in place without a call.
 */
export function diffObServer(olds: Props, news: Props): ObServerDiff {
  const changed = differingKeys(olds, news, OBSERVER_INPUT_KEYS);
  const replaces = changed.filter((key) => (OBSERVER_REPLACING_KEYS as readonly string[]).includes(key));
  const sameAgent = olds.ip === news.ip && olds.port === news.port;
  return {
    changes: changed.length > 0 || pendingJoin(olds) !== undefined,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && sameAgent,
  };
}
