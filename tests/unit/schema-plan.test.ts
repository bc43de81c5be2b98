import { planSchemaChange } from "../../provider/ddm/schema/plan";
import type { SchemaInputs } from "../../provider/ddm/schema";
import { UNKNOWN } from "../../provider/resource/values";

const a = { id: "rdsain01", adminUser: "root", adminPassword: "Old#Pass2024" };
const b = { id: "rdsbin01", adminUser: "root", adminPassword: "Old#Pass2024" };
const olds: SchemaInputs = { instanceId: "i", name: "orders", shardMode: "cluster", shardNumber: 16, shardUnit: 8, dataNodes: [a, b], deleteRdsData: true };

test("new credentials, even for every node, never replace the schema", () => {
  const plan = planSchemaChange(olds, { ...olds, dataNodes: [{ ...a, adminPassword: "New#Pass2025" }, { ...b, adminUser: "admin" }] });
  expect(plan).toEqual({ replaces: [], changes: true, credentialsChanged: ["rdsain01", "rdsbin01"] });
});

test("the same nodes in another order change nothing that needs a call", () => {
  expect(planSchemaChange(olds, { ...olds, dataNodes: [b, a] })).toEqual({ replaces: [], changes: true, credentialsChanged: [] });
  expect(planSchemaChange(olds, olds)).toEqual({ replaces: [], changes: false, credentialsChanged: [] });
});

test("another set of data nodes, a shard change, or ids not known yet replace it", () => {
  expect(planSchemaChange(olds, { ...olds, dataNodes: [a] }).replaces).toEqual(["dataNodes"]);
  expect(planSchemaChange(olds, { ...olds, dataNodes: [a, { ...b, id: "rdscin01" }] }).replaces).toEqual(["dataNodes"]);
  expect(planSchemaChange(olds, { ...olds, dataNodes: [a, { ...b, id: UNKNOWN }] }).replaces).toEqual(["dataNodes"]);
  expect(planSchemaChange(olds, { ...olds, shardNumber: 8, shardUnit: 4 }).replaces).toEqual(["shardNumber", "shardUnit"]);
});

test("a password not known yet (preview) is a possible credentials change, not a replacement", () => {
  const plan = planSchemaChange(olds, { ...olds, dataNodes: [{ ...a, adminPassword: UNKNOWN }, b] });
  expect(plan.replaces).toEqual([]);
});
