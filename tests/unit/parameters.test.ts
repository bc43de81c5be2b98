import { changedParameters, declaredLive, parameterProblems, toDefinitions } from "../../provider/ddm/instance/parameters";
import { planInstanceChange, planParameters } from "../../provider/ddm/instance/plan";
import type { InstanceOutputs } from "../../provider/ddm/instance";
import { UNKNOWN } from "../../provider/resource/values";

const definitions = toDefinitions([
  { name: "temp_table_size_limit", value: "1000000", need_restart: "0", read_only: "0", value_range: "500000-2000000000", data_type: "integer" },
  { name: "long_query_time", value: "1", need_restart: "0", read_only: "0", value_range: "0.01-10", data_type: "double" },
  { name: "max_connections", value: "20000", need_restart: "1", read_only: "0", value_range: "10-40000", data_type: "integer" },
  { name: "sql_audit", value: "OFF", need_restart: "0", read_only: "1", value_range: "OFF,ON", data_type: "string" },
  { name: "odd", value: "x", need_restart: "0", read_only: "0", value_range: "something else", data_type: "string" },
]);

test("definitions read the service's string flags", () => {
  expect(definitions[2]).toEqual({ name: "max_connections", needRestart: true, readOnly: false, valueRange: "10-40000", dataType: "integer" });
});

test("every rule of value_range, read_only and the names, one problem per parameter", () => {
  expect(parameterProblems({ temp_table_size_limit: "600000", long_query_time: "0.5", odd: "anything" }, definitions)).toEqual([]);
  expect(parameterProblems({ temp_table_size_limit: "1", long_query_time: "abc", sql_audit: "ON", nope: "1", max_connections: "1.5" }, definitions)).toEqual([
    "temp_table_size_limit must be within value_range 500000-2000000000, got 1",
    'long_query_time must be a number within value_range 0.01-10, got "abc"',
    "sql_audit is read-only",
    "nope is not a parameter of this instance; its parameters: temp_table_size_limit, long_query_time, max_connections, sql_audit, odd",
    'max_connections must be a whole number within value_range 10-40000, got "1.5"',
  ]);
  expect(parameterProblems({ max_connections: UNKNOWN }, definitions)).toEqual([]);
});

test("only declared values that differ are written; drift is read for declared names only", () => {
  expect(changedParameters({ a: "1", b: "2" }, { a: "1", b: "3" })).toEqual({ b: "3" });
  expect(declaredLive({ long_query_time: "2" }, [{ name: "long_query_time", value: "5" }, { name: "other", value: "x" }])).toEqual({ long_query_time: "5" });
});

const olds = {
  name: "orders",
  flavor: "ddm.c6.2xlarge.2",
  flavorCode: "ddm.c6.2xlarge.2",
  nodeNum: 2,
  availabilityZones: ["az1"],
  vpcId: "v",
  subnetId: "s",
  securityGroupId: "sg",
  parameters: { max_connections: "20000", long_query_time: "1" },
  parameterDefinitions: definitions,
  pendingRestart: [],
} as unknown as InstanceOutputs;

test("a restart is planned only when allowed and something waits for it", () => {
  expect(planParameters(olds, { ...olds, parameters: { max_connections: "30000", long_query_time: "1" } })).toEqual([
    { kind: "setParameters", values: { max_connections: "30000" } },
  ]);
  expect(planParameters(olds, { ...olds, restartForParameters: true, parameters: { max_connections: "30000", long_query_time: "1" } })).toEqual([
    { kind: "setParameters", values: { max_connections: "30000" } },
    { kind: "restart", parameters: ["max_connections"] },
  ]);
  expect(planParameters(olds, { ...olds, restartForParameters: true, parameters: { max_connections: "20000", long_query_time: "3" } })).toEqual([
    { kind: "setParameters", values: { long_query_time: "3" } },
  ]);
  // What waits from an earlier update is restarted once allowed.
  const waiting = { ...olds, pendingRestart: ["max_connections"] } as InstanceOutputs;
  expect(planInstanceChange(waiting, { ...waiting, restartForParameters: true })).toMatchObject({ changes: true, operations: [{ kind: "restart" }] });
  // Without stored definitions (older state), the restart is planned and runs only if the write says it is needed.
  expect(planParameters({}, { ...olds, restartForParameters: true, parameters: { long_query_time: "3" } })).toEqual([
    { kind: "setParameters", values: { long_query_time: "3" } },
    { kind: "restart", parameters: ["long_query_time"] },
  ]);
});

test("bad values fail the plan naming the property and the rule", () => {
  expect(() => planInstanceChange(olds, { ...olds, parameters: { max_connections: "0" } })).toThrow(
    "parameters: max_connections must be within value_range 10-40000, got 0",
  );
  // Removing a declaration manages the parameter no more: no call.
  expect(planInstanceChange(olds, { ...olds, parameters: { long_query_time: "1" } })).toMatchObject({ changes: true, operations: [] });
});
