/** The naming and password rules of the API reference, as predicates. */

/** Instance names: 4–64 characters, a letter first, then letters, digits and hyphens (§4.1.1). */
export function isInstanceName(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9-]{3,63}$/.test(value);
}

/** Administrator and account names: 1–32 characters, a letter first, then letters, digits and underscores. */
export function isUserName(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(value);
}

/**
 * Administrator and account passwords: 8–32 characters from upper- and lower-case letters, digits
 * and `~!@#%^*-_=+?`, with characters of at least three of those four kinds.
 */
export function isStrongPassword(value: string): boolean {
  if (value.length < 8 || value.length > 32) return false;
  const kinds = [/[A-Z]/, /[a-z]/, /[0-9]/, /[~!@#%^*\-_=+?]/];
  if (!/^[A-Za-z0-9~!@#%^*\-_=+?]+$/.test(value)) return false;
  return kinds.filter((kind) => kind.test(value)).length >= 3;
}

export const TIME_ZONES: ReadonlySet<string> = new Set([
  "UTC",
  ...["12", "11", "10", "09", "08", "07", "06", "05", "04", "03", "02", "01"].map((h) => `UTC-${h}:00`),
  ...["01", "02", "03", "05", "06", "07", "08", "09", "10", "11", "12"].map((h) => `UTC+${h}:00`),
]);

/**
 * Every instance status the service is documented to report: the reference's Table A-6, the
 * further ones FACTS.md §2 lists as seen in the wild, and DELETED.
 */
export const INSTANCE_STATUSES: ReadonlySet<string> = new Set([
  ...["CREATING", "CREATEFAILED", "RUNNING", "ERROR", "RESTARTING", "RESIZING", "UPGRADE_VERSION_INSTANCE", "ROLL_BACK_DB_VERSION"],
  ...["GROWING", "REDUCING", "RESTORE", "BACKUP", "MODIFY_NAME", "MIGRATE_DATABASE", "RESET_PASSWORD", "SET_CONFIGURATION"],
  ...["CREATE", "FREEZING", "FREEZING_FAILED", "FROZEN", "UNFREEZING", "UNFREEZING_FAILED", "RESIZE_ROLL_FAILED"],
  ...["ONDEMAND_TO_PERIOD", "PERIOD_RESOURCE_SPEC_CHG", "data_disk_full", "DELETED"],
]);

export const PERMISSIONS = ["CREATE", "DROP", "ALTER", "INDEX", "INSERT", "DELETE", "UPDATE", "SELECT"] as const;

export const RESERVED_SCHEMA_NAMES: ReadonlySet<string> = new Set(["information_schema", "mysql", "performance_schema", "sys"]);
