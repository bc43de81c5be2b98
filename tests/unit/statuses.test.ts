import { INSTANCE_STATUSES, instanceStatusVerdict, SCHEMA_STATUSES, schemaStatusVerdict } from "../../provider/ddm/wait/statuses";
import { INSTANCE_STATUSES as DOCUMENTED } from "../../simulator/state/rules";

/** The status table: every documented status decided once (FACTS.md §2, reference A.6). */

const PENDING = [
  "CREATING", "CREATE", "RESTARTING", "UNFREEZING", "RESIZING", "UPGRADE_VERSION_INSTANCE", "ROLL_BACK_DB_VERSION", "GROWING",
  "REDUCING", "RESTORE", "BACKUP", "MODIFY_NAME", "MIGRATE_DATABASE", "RESET_PASSWORD", "SET_CONFIGURATION", "ONDEMAND_TO_PERIOD",
  "PERIOD_RESOURCE_SPEC_CHG",
];
const FAILED = ["CREATEFAILED", "ERROR", "FREEZING", "FROZEN", "FREEZING_FAILED", "UNFREEZING_FAILED", "RESIZE_ROLL_FAILED", "data_disk_full"];

test("every documented instance status has a verdict, and the table has no other", () => {
  expect(Object.keys(INSTANCE_STATUSES).sort()).toEqual([...DOCUMENTED].sort());
  expect(instanceStatusVerdict("RUNNING")).toEqual({ kind: "running" });
  expect(instanceStatusVerdict("DELETED")).toEqual({ kind: "gone" });
  for (const status of PENDING) expect([status, instanceStatusVerdict(status).kind]).toEqual([status, "pending"]);
  for (const status of FAILED) expect([status, instanceStatusVerdict(status).kind]).toEqual([status, "failed"]);
  expect(PENDING.length + FAILED.length + 2).toBe(DOCUMENTED.size);
});

test("arrears say what to do: top up the account", () => {
  for (const status of ["FROZEN", "FREEZING"]) {
    const verdict = instanceStatusVerdict(status);
    expect(verdict.kind === "failed" && verdict.advice).toMatch(/top up/);
  }
});

test("statuses the tables do not know are pending, never failed", () => {
  expect(instanceStatusVerdict("SOMETHING_NEW")).toEqual({ kind: "pending" });
  expect(instanceStatusVerdict("toString")).toEqual({ kind: "pending" });
  expect(schemaStatusVerdict(undefined)).toEqual({ kind: "pending" });
});

test("schema statuses (reference A.7, FACTS.md §2)", () => {
  expect(Object.keys(SCHEMA_STATUSES).sort()).toEqual(["CREATEFAILED", "CREATE_FAILED", "CREATING", "DELETING", "EXPANDING", "EXPAND_FAILED", "ROLLING BACK", "RUNNING"]);
  expect(["CREATING", "DELETING", "EXPANDING", "ROLLING BACK"].map((s) => schemaStatusVerdict(s).kind)).toEqual(["pending", "pending", "pending", "pending"]);
  expect(["CREATE_FAILED", "CREATEFAILED", "EXPAND_FAILED"].map((s) => schemaStatusVerdict(s).kind)).toEqual(["failed", "failed", "failed"]);
});
