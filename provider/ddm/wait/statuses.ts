/**
 * What each status the service reports means for someone waiting on it: every instance status
 * of the reference's Table A-6 and FACTS.md §2, every schema status of Table A-7. Pure data.
 *
 * - running: the instance is available (a wait is done once it also shows the expected result)
 * - pending: it clears by itself; keep waiting
 * - failed: it does not clear by itself; stop at once, saying what to do
 * - gone: the instance no longer exists
 *
 * A status in neither table is pending: the service adds statuses, and waiting until the
 * timeout is safer than failing an operation that may be fine.
 */

export type StatusVerdict =
  | { kind: "running" }
  | { kind: "pending" }
  | { kind: "gone" }
  | { kind: "failed"; advice: string };

const running = { kind: "running" } as const;
const pending = { kind: "pending" } as const;
const failed = (advice: string): StatusVerdict => ({ kind: "failed", advice });

const ARREARS = "the account is in arrears: top up the Huawei Cloud account (Billing Center); the instance is unfrozen once it is paid, then run again";
const FAULTY = "check the instance in the DDM console; contact Huawei Cloud support if it stays so";

export const INSTANCE_STATUSES: Readonly<Record<string, StatusVerdict>> = {
  RUNNING: running,
  CREATING: pending,
  /** OpenTelekomCloud's spelling of CREATING. */
  CREATE: pending,
  CREATEFAILED: failed("the instance could not be created: delete it (pulumi destroy or the console) and create it again"),
  ERROR: failed(`the instance is faulty: ${FAULTY}`),
  RESTARTING: pending,
  FREEZING: failed(ARREARS),
  FROZEN: failed(ARREARS),
  FREEZING_FAILED: failed(`freezing the instance failed: ${FAULTY}`),
  UNFREEZING: pending,
  UNFREEZING_FAILED: failed(`unfreezing the instance failed: check the account is topped up, then ${FAULTY}`),
  RESIZING: pending,
  RESIZE_ROLL_FAILED: failed(`a class change failed and was not rolled back: ${FAULTY}`),
  UPGRADE_VERSION_INSTANCE: pending,
  ROLL_BACK_DB_VERSION: pending,
  GROWING: pending,
  REDUCING: pending,
  RESTORE: pending,
  BACKUP: pending,
  MODIFY_NAME: pending,
  MIGRATE_DATABASE: pending,
  RESET_PASSWORD: pending,
  SET_CONFIGURATION: pending,
  ONDEMAND_TO_PERIOD: pending,
  PERIOD_RESOURCE_SPEC_CHG: pending,
  data_disk_full: failed("the instance's data disk is full: free space or scale the instance in the DDM console"),
  DELETED: { kind: "gone" },
};

export const SCHEMA_STATUSES: Readonly<Record<string, StatusVerdict>> = {
  RUNNING: running,
  CREATING: pending,
  DELETING: pending,
  EXPANDING: pending,
  "ROLLING BACK": pending,
  CREATE_FAILED: failed("the schema could not be created: check its RDS instances and their administrator, then run again"),
  CREATEFAILED: failed("the schema could not be created: check its RDS instances and their administrator, then run again"),
  EXPAND_FAILED: failed(`configuring the schema's shards failed: ${FAULTY}`),
};

export function instanceStatusVerdict(status: string): StatusVerdict {
  return Object.hasOwn(INSTANCE_STATUSES, status) ? INSTANCE_STATUSES[status] : pending;
}

export function schemaStatusVerdict(status: string | undefined): StatusVerdict {
  return status !== undefined && Object.hasOwn(SCHEMA_STATUSES, status) ? SCHEMA_STATUSES[status] : pending;
}
