import { findEngine, sameRelease } from "../../provider/ddm/instance/catalog";
import { planInstanceChange, type InstanceOperation } from "../../provider/ddm/instance/plan";
import { InputError } from "../../provider/resource/validation";
import type { InstanceInputs, InstanceOutputs } from "../../provider/ddm/instance/types";
import { UNKNOWN } from "../../provider/resource/values";

const inputs: InstanceInputs = {
  name: "orders-ddm",
  flavor: "ddm.c6.2xlarge.2",
  nodeNum: 2,
  engine: "3.0.8",
  availabilityZones: ["az1", "az2"],
  vpcId: "vpc-1",
  subnetId: "subnet-1",
  securityGroupId: "sg-1",
  adminUsername: "root",
  adminPassword: "Secret#2024",
};

const stored: Partial<InstanceOutputs> = {
  ...inputs,
  instanceId: "i-1",
  flavorCode: "ddm.c6.2xlarge.2",
  flavorId: "flavor-uuid-2x",
  engineId: "engine-uuid-308",
  engineVersion: "3.0.8",
  nodeCount: 2,
};

const kinds = (operations: InstanceOperation[]) => operations.map((op) => op.kind);

describe("instance planner", () => {
  test("no change is no change", () => {
    expect(planInstanceChange(stored, inputs)).toEqual({ replaces: [], operations: [], changes: false });
  });

  test("more nodes scale out by the difference", () => {
    const plan = planInstanceChange(stored, { ...inputs, nodeNum: 4 });
    expect(plan.operations).toEqual([{ kind: "scaleOut", from: 2, to: 4, groupId: undefined }]);
    expect(plan.changes).toBe(true);
  });

  test("fewer nodes scale in by the difference, in the chosen group", () => {
    const plan = planInstanceChange({ ...stored, nodeNum: 4 }, { ...inputs, nodeNum: 3, groupId: "g1gr09" });
    expect(plan.operations).toEqual([{ kind: "scaleIn", from: 4, to: 3, groupId: "g1gr09" }]);
  });

  test("a new class is a resize from the current code", () => {
    const plan = planInstanceChange(stored, { ...inputs, flavor: "ddm.c6.4xlarge.2" });
    expect(plan.operations).toEqual([{ kind: "resize", from: "ddm.c6.2xlarge.2", to: "ddm.c6.4xlarge.2", groupId: undefined }]);
  });

  test("the same class named by its id is not a change", () => {
    expect(planInstanceChange(stored, { ...inputs, flavor: "flavor-uuid-2x" }).operations).toEqual([]);
  });

  test("resize then scale out, so new nodes get the new class", () => {
    const plan = planInstanceChange(stored, { ...inputs, flavor: "ddm.c6.4xlarge.2", nodeNum: 5 });
    expect(kinds(plan.operations)).toEqual(["resize", "scaleOut"]);
  });

  test("scale in before resizing, so fewer nodes are resized", () => {
    const plan = planInstanceChange({ ...stored, nodeNum: 4 }, { ...inputs, flavor: "ddm.c6.4xlarge.2", nodeNum: 2 });
    expect(kinds(plan.operations)).toEqual(["scaleIn", "resize"]);
  });

  test("c6s to c6 is refused; c6 to c6s is allowed", () => {
    const c6s = { ...stored, flavor: "ddm.c6s.2xlarge.2", flavorCode: "ddm.c6s.2xlarge.2" };
    expect(() => planInstanceChange(c6s, { ...inputs, flavor: "ddm.c6.2xlarge.2" })).toThrow(InputError);
    expect(() => planInstanceChange(c6s, { ...inputs, flavor: "ddm.c6.2xlarge.2" })).toThrow(/c6s series/);
    expect(kinds(planInstanceChange(stored, { ...inputs, flavor: "ddm.c6s.4xlarge.2" }).operations)).toEqual(["resize"]);
  });

  test("name, security group and administrator change in place, before any scaling", () => {
    const plan = planInstanceChange({ ...stored, engineVersion: "3.1.0" }, {
      ...inputs,
      name: "orders-ddm-2",
      securityGroupId: "sg-2",
      adminPassword: "Other#2025x",
      nodeNum: 3,
    });
    expect(plan.operations).toEqual([
      { kind: "rename", name: "orders-ddm-2" },
      { kind: "changeSecurityGroup", securityGroupId: "sg-2" },
      { kind: "setAdmin", username: "root", password: "Other#2025x" },
      { kind: "scaleOut", from: 2, to: 3, groupId: undefined },
    ]);
    expect(plan.replaces).toEqual([]);
  });

  test.each([
    ["engine", { engine: "3.1.0" }],
    ["vpcId", { vpcId: "vpc-2" }],
    ["subnetId", { subnetId: "subnet-2" }],
    ["paramGroupId", { paramGroupId: "pg-1" }],
    ["timeZone", { timeZone: "UTC+08:00" }],
    ["enterpriseProjectId", { enterpriseProjectId: "ep-1" }],
    ["availabilityZones", { availabilityZones: ["az3"] }],
  ])("a new %s replaces the instance", (property, change) => {
    const plan = planInstanceChange(stored, { ...inputs, ...change, nodeNum: 4 });
    expect(plan.replaces).toEqual([property]);
    expect(plan.operations).toEqual([]);
    expect(plan.changes).toBe(true);
  });

  test("availability zones compare as a set", () => {
    expect(planInstanceChange(stored, { ...inputs, availabilityZones: ["az2", "az1"] }).replaces).toEqual([]);
  });

  test("defaults are not changes: time zone UTC, enterprise project 0, engine omitted, engine by id", () => {
    expect(planInstanceChange(stored, { ...inputs, timeZone: "UTC", enterpriseProjectId: "0" }).changes).toBe(false);
    expect(planInstanceChange(stored, { ...inputs, engine: undefined }).changes).toBe(false);
    expect(planInstanceChange(stored, { ...inputs, engine: "engine-uuid-308" }).changes).toBe(false);
  });

  test("inputs used only at scaling or delete time are recorded without any operation", () => {
    const plan = planInstanceChange(stored, { ...inputs, deleteRdsData: true, timeouts: { update: 90 } });
    expect(plan).toEqual({ replaces: [], operations: [], changes: true });
  });

  test("unknown values during preview: a change is possible but no operation is planned for an unknown count", () => {
    const plan = planInstanceChange(stored, { ...inputs, nodeNum: UNKNOWN as unknown as number });
    expect(plan.changes).toBe(true);
    expect(plan.operations).toEqual([]);
    expect(planInstanceChange(stored, { ...inputs, availabilityZones: UNKNOWN as unknown as string[] }).replaces).toEqual(["availabilityZones"]);
  });
});

describe("administrator changes", () => {
  test("need engine 3.0.9 or later", () => {
    expect(() => planInstanceChange(stored, { ...inputs, adminPassword: "Other#2025x" })).toThrow(
      /adminPassword: changing the administrator needs engine 3.0.9 or later; this instance runs 3.0.8/,
    );
    const newer = { ...stored, engineVersion: "3.1.0" };
    expect(planInstanceChange(newer, { ...inputs, adminPassword: "Other#2025x" }).operations).toEqual([
      { kind: "setAdmin", username: "root", password: "Other#2025x" },
    ]);
  });
});

describe("engine versions", () => {
  const engines = [
    { id: "e-308", version: "3.0.8" },
    { id: "e-3080", version: "3.0.8.1" },
    { id: "e-310", version: "3.1.0" },
  ];

  test("one release in any spelling, split at dots only", () => {
    expect(sameRelease("3.0.8", "3.0.8.5")).toBe(true);
    expect(sameRelease("3.0.8.5", "3.0.8")).toBe(true);
    expect(sameRelease("3.0.1", "3.0.10")).toBe(false);
    expect(sameRelease("3.0.8", "3.1.0")).toBe(false);
  });

  test("found by id, else by version, else by the longest release it belongs to", () => {
    expect(findEngine(engines, "e-310")?.id).toBe("e-310");
    expect(findEngine(engines, "3.0.8")?.id).toBe("e-308");
    expect(findEngine(engines, "3.0.8.1.7")?.id).toBe("e-3080");
    expect(findEngine(engines, "3.1.0.5")?.id).toBe("e-310");
    expect(findEngine(engines, "2.9.9")).toBeUndefined();
  });

  test("a build of the same release is not a new engine", () => {
    const olds = { ...inputs, engine: "3.1.0", engineVersion: "3.1.0.5", engineId: "e-310" } as Partial<InstanceOutputs>;
    expect(planInstanceChange(olds, { ...inputs, engine: "3.1.0" }).replaces).toEqual([]);
    expect(planInstanceChange(olds, { ...inputs, engine: "3.0.8" }).replaces).toEqual(["engine"]);
  });
});
