import { nextPollDelay, WaitTimeoutError } from "../wait";
import { ObshellApiError } from "./client";

/**
 * One maintenance operation per cluster. Within the provider process, operations on one
 * cluster run one after another (the engine creates declared servers in parallel); a lock held
 * by someone else (`OB.Cluster.UnderMaintenance`) is waited out, with our turn given up
 * meanwhile so the process's other operations can go on. A DAG of ours that failed keeps the
 * cluster in maintenance until it is retried or rolled back, so waiting for it would be in vain.
 */

const queues = new Map<string, Promise<unknown>>();
interface FailedDag {
  description: string;
  /** The DAG's name, which newer agents give when they refuse for its lock. */
  name?: string;
}

const failedHere = new Map<string, FailedDag>();

/** Runs `work` once every earlier operation on the cluster in this process has finished. */
export function inTurn<T>(cluster: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(cluster) ?? Promise.resolve();
  const turn = previous.then(work, work);
  const settled = turn.then(
    () => undefined,
    () => undefined,
  );
  queues.set(cluster, settled);
  settled.then(() => {
    if (queues.get(cluster) === settled) queues.delete(cluster);
  });
  return turn;
}

export function recordFailedDag(cluster: string, description: string, name?: string): void {
  failedHere.set(cluster, { description, name });
}

/** The DAG a refusal names (`OB.Cluster.UnderMaintenanceWithDag`: "… under maintenance by DAG: <name>, please try again later"), if any. */
function holderNamed(busy: ObshellApiError): string | undefined {
  return /under maintenance by DAG: (.+?), please try again/i.exec(busy.serviceMessage ?? "")?.[1];
}

export function clearFailedDag(cluster: string): void {
  failedHere.delete(cluster);
}

export interface MaintenanceOptions {
  cluster: string;
  label: string;
  deadline: number;
  report?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * `operation` in the cluster's turn, again and again while the cluster answers that it is
 * under maintenance, until the deadline.
 */
export async function whenClusterFree<T>(options: MaintenanceOptions, operation: () => Promise<T>): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = Date.now();
  for (;;) {
    const outcome = await inTurn<{ value: T } | { busy: ObshellApiError }>(options.cluster, async () => {
      try {
        return { value: await operation() };
      } catch (error) {
        if (error instanceof ObshellApiError && error.isUnderMaintenance) return { busy: error };
        throw error;
      }
    });
    if ("value" in outcome) return outcome.value;
    const ours = failedHere.get(options.cluster);
    const holder = holderNamed(outcome.busy);
    // Ours, unless the agent names another DAG (ours may have given the lock back when it failed).
    if (ours && (holder === undefined || ours.name === undefined || holder === ours.name)) {
      throw new Error(
        `${options.label}: the cluster is held in maintenance by ${ours.description}, which failed in this run; ` +
          "nothing was changed. The next `pulumi up` or `pulumi destroy` retries that DAG first, then this one goes ahead",
      );
    }
    const remaining = options.deadline - Date.now();
    if (remaining <= 0) {
      throw new WaitTimeoutError(
        `${options.label}: waiting for the cluster's maintenance lock`,
        options.deadline - started,
        outcome.busy.serviceMessage ?? "another operation holds it",
        "inspect the DAG holding it with obshell or its API (GET /api/v1/task/dag/maintain/ob)",
      );
    }
    options.report?.(`${options.label}: the cluster is under maintenance by another operation; waiting`);
    await sleep(Math.min(nextPollDelay(Date.now() - started), remaining));
  }
}
