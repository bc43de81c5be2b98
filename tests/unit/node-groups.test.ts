import { groupProblem, toGroupOutputs } from "../../provider/ddm/instance/groups";
import { planInstanceChange } from "../../provider/ddm/instance";
import type { InstanceOutputs } from "../../provider/ddm/instance";

const groups = toGroupOutputs([
  { id: "g1gr09", name: "default-group", role: "rw", is_default_group: true, cpu_num_per_node: "8", node_list: [{ id: "n1" }, { id: "n2" }] },
  { id: "g2gr09", name: "reporting", role: "ro", node_list: [{ id: "n3" }] },
]);

const olds = {
  name: "orders",
  flavor: "ddm.c6.2xlarge.2",
  flavorCode: "ddm.c6.2xlarge.2",
  nodeNum: 3,
  availabilityZones: ["az1"],
  vpcId: "v",
  subnetId: "s",
  securityGroupId: "sg",
  nodeGroups: groups,
} as unknown as InstanceOutputs;

test("groups are read into outputs with their node counts", () => {
  expect(groups[0]).toEqual({ id: "g1gr09", name: "default-group", role: "rw", isDefault: true, nodeCount: 2, vcpus: 8 });
  expect(groups[1].nodeCount).toBe(1);
});

test("one group needs no id; several need one that exists", () => {
  expect(groupProblem(groups.slice(0, 1), undefined)).toBeUndefined();
  expect(groupProblem(groups, "g2gr09")).toBeUndefined();
  expect(groupProblem(groups, undefined)).toBe(
    "is required to scale or change the node class: the instance has 2 node groups: g1gr09 (default-group, role rw, 2 nodes); g2gr09 (reporting, role ro, 1 node)",
  );
  expect(groupProblem(groups, "nope")).toMatch(/^"nope" is not a node group of the instance; its groups: g1gr09/);
});

test("the planner refuses a node change without a group, and passes the named group to every operation", () => {
  expect(() => planInstanceChange(olds, { ...olds, nodeNum: 4 })).toThrow(/groupId: is required/);
  expect(() => planInstanceChange(olds, { ...olds, flavor: "ddm.c6.4xlarge.2" })).toThrow(/groupId: is required/);
  // Changes that touch no node need no group.
  expect(planInstanceChange(olds, { ...olds, name: "orders-2" }).operations).toEqual([{ kind: "rename", name: "orders-2" }]);
  const plan = planInstanceChange(olds, { ...olds, nodeNum: 2, flavor: "ddm.c6.4xlarge.2", groupId: "g2gr09" });
  expect(plan.operations.map((op) => ("groupId" in op ? op.groupId : undefined))).toEqual(["g2gr09", "g2gr09"]);
});
