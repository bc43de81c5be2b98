import { instanceProvider, type InstanceOutputs } from "../../provider/ddm/instance";
import { ResourceInitError } from "../../provider/resource/context";
import type { Simulator } from "../../simulator";
import { withProviderSimulator } from "../support/simulator";
import { instanceInputs } from "../support/inputs";

/** DdmInstance's provider methods, as the dynamic-provider host calls them, against the simulator. */

let sim: Simulator;
withProviderSimulator([instanceProvider], (started) => (sim = started));

const inputs = instanceInputs;

/** What the engine does for `up` after a program change: diff, then update with the planned steps. */
async function apply(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  const check = await instanceProvider.check(olds, news);
  expect(check.failures).toEqual([]);
  const diff = await instanceProvider.diff(id, olds, check.inputs!);
  expect(diff.replaces ?? []).toEqual([]);
  const result = await instanceProvider.update(id, olds, check.inputs!);
  return result.outs as InstanceOutputs & Record<string, unknown>;
}

const writes = () => sim.control.calls().filter((c) => c.method !== "GET").map((c) => `${c.method} ${c.path.replace(/^\/v\d\/[^/]+\/instances\/[^/]+/, "…")}`);

describe("DdmInstance lifecycle", () => {
  let id: string;
  let state: InstanceOutputs & Record<string, unknown>;

  test("create resolves engine and flavor, follows the job, and reports every output", async () => {
    sim.control.resetCalls();
    const created = await instanceProvider.create(inputs());
    id = created.id;
    state = created.outs;
    expect(state).toMatchObject({
      instanceId: id,
      status: "RUNNING",
      nodeCount: 2,
      flavorCode: "ddm.c6.2xlarge.2",
      engineVersion: "3.1.0",
      projectId: sim.projectId,
      adminPassword: "Admin#Pass2024",
      __provider: "serialized-provider",
    });
    expect(state.nodes).toHaveLength(2);
    expect(state.nodes[0].nodeId).toMatch(/no09$/);
    expect(typeof state.accessPort).toBe("number");
    expect(JSON.stringify(state)).not.toContain("undefined");
    expect(writes()).toEqual(["POST /v1/" + sim.projectId + "/instances"]);
  });

  test("scale out 2 → 4: one enlarge of 2 nodes with the flavor id", async () => {
    sim.control.resetCalls();
    state = await apply(id, state, inputs({ nodeNum: 4 }));
    expect(state.nodeCount).toBe(4);
    expect(state.nodes).toHaveLength(4);
    const enlarge = sim.control.calls().filter((c) => c.path.endsWith("/action/enlarge"));
    expect(enlarge).toHaveLength(1);
    expect(enlarge[0].body).toEqual({ flavor_id: state.flavorId, node_number: 2 });
    expect(writes()).toEqual(["POST …/action/enlarge"]);
  });

  test("node class change: one PUT /v3/…/flavor with the spec code", async () => {
    sim.control.resetCalls();
    state = await apply(id, state, inputs({ nodeNum: 4, flavor: "ddm.c6.4xlarge.2" }));
    expect(state.flavorCode).toBe("ddm.c6.4xlarge.2");
    const resize = sim.control.calls().filter((c) => c.path.endsWith("/flavor"));
    expect(resize.map((c) => [c.method, c.body])).toEqual([["PUT", { spec_code: "ddm.c6.4xlarge.2" }]]);
  });

  test("scale in 4 → 3: one reduce of 1 node, with only node_number", async () => {
    sim.control.resetCalls();
    state = await apply(id, state, inputs({ nodeNum: 3, flavor: "ddm.c6.4xlarge.2" }));
    expect(state.nodeCount).toBe(3);
    const reduce = sim.control.calls().filter((c) => c.path.endsWith("/action/reduce"));
    expect(reduce.map((c) => c.body)).toEqual([{ node_number: 1 }]);
  });

  test("both at once: scale in before resizing, resize before scaling out", async () => {
    sim.control.resetCalls();
    state = await apply(id, state, inputs({ nodeNum: 2, flavor: "ddm.c6.8xlarge.2" }));
    expect(writes()).toEqual(["POST …/action/reduce", "PUT …/flavor"]);
    sim.control.resetCalls();
    state = await apply(id, state, inputs({ nodeNum: 3, flavor: "ddm.c6.4xlarge.2" }));
    expect(writes()).toEqual(["PUT …/flavor", "POST …/action/enlarge"]);
    expect(state).toMatchObject({ nodeCount: 3, flavorCode: "ddm.c6.4xlarge.2" });
  });

  test("rename and security group change in place", async () => {
    sim.control.resetCalls();
    state = await apply(id, state, inputs({ nodeNum: 3, flavor: "ddm.c6.4xlarge.2", name: "orders-ddm-2", securityGroupId: "sg-2" }));
    expect(writes()).toEqual(["PUT …/modify-name", "PUT …/modify-security-group"]);
    expect(state).toMatchObject({ name: "orders-ddm-2", securityGroupId: "sg-2" });
  });

  test("read reports drift as inputs, so the next diff plans the way back", async () => {
    sim.control.driftInstance(id, { nodeCount: 5, name: "renamed-by-hand", securityGroupId: "sg-x" });
    const read = await instanceProvider.read(id, state);
    expect(read.id).toBe(id);
    expect(read.inputs).toMatchObject({ nodeNum: 5, name: "renamed-by-hand", securityGroupId: "sg-x", adminPassword: "Admin#Pass2024" });
    expect(read.props).toMatchObject({ nodeCount: 5, name: "renamed-by-hand" });
    const declared = inputs({ nodeNum: 3, flavor: "ddm.c6.4xlarge.2", name: "orders-ddm-2", securityGroupId: "sg-2" });
    const diff = await instanceProvider.diff(id, read.props!, declared);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    sim.control.resetCalls();
    state = await apply(id, read.props!, declared);
    expect(writes()).toEqual(["PUT …/modify-name", "PUT …/modify-security-group", "POST …/action/reduce"]);
    expect(state).toMatchObject({ nodeCount: 3, name: "orders-ddm-2" });
  });

  test("an unchanged instance refreshes in one call", async () => {
    sim.control.resetCalls();
    await instanceProvider.read(id, state);
    expect(sim.control.calls()).toHaveLength(1);
  });

  test("a job that fails midway: the error names the step and the reason, and carries truthful state", async () => {
    sim.control.setFaults({ failJobs: { enlarge: true } });
    const error = (await apply(id, state, inputs({ nodeNum: 5, flavor: "ddm.c6.4xlarge.2", name: "orders-ddm-2", securityGroupId: "sg-2" })).catch((e) => e)) as ResourceInitError;
    sim.control.setFaults({});
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(error.message).toMatch(/orders-ddm-2: scaling out 3 → 5 nodes failed/);
    expect(error.id).toBe(id);
    const live = sim.control.snapshot().instances.find((i) => i.id === id)!;
    const liveNodes = live.groups.reduce((n, g) => n + g.nodes.length, 0);
    expect(error.properties).toMatchObject({ nodeNum: liveNodes, nodeCount: liveNodes, __provider: "serialized-provider" });
    // The next up completes the change from what really happened.
    state = await apply(id, error.properties as InstanceOutputs & Record<string, unknown>, inputs({ nodeNum: 5, flavor: "ddm.c6.4xlarge.2", name: "orders-ddm-2", securityGroupId: "sg-2" }));
    expect(state.nodeCount).toBe(5);
  });

  test("delete waits until the instance is gone; deleting it again succeeds", async () => {
    await instanceProvider.delete(id, state);
    expect(sim.control.snapshot().instances.find((i) => i.id === id)).toBeUndefined();
    await instanceProvider.delete(id, state);
    const read = await instanceProvider.read(id, state);
    expect(read.id).toBe("");
  });
});

describe("DdmInstance create edge cases", () => {
  test("an unknown node class is refused naming the property and the classes on offer", async () => {
    await expect(instanceProvider.create(inputs({ name: "bad-flavor", flavor: "ddm.c9.huge" }))).rejects.toThrow(/flavor: "ddm.c9.huge" is not a node class of engine 3.1.0; available: .*ddm.c6.2xlarge.2/);
  });

  test("a lost create answer ends with exactly one instance, adopted", async () => {
    sim.control.setFaults({ seed: 3, dropAfterCommitRate: 1 });
    const faultsOff = setTimeout(() => sim.control.setFaults({}), 150);
    try {
      const created = await instanceProvider.create(inputs({ name: "lost-answer-ddm" }));
      expect(created.outs.status).toBe("RUNNING");
      expect(sim.control.snapshot().instances.filter((i) => i.name === "lost-answer-ddm")).toHaveLength(1);
      await instanceProvider.delete(created.id, created.outs);
    } finally {
      clearTimeout(faultsOff);
      sim.control.setFaults({});
    }
  });

  test("a create whose job fails keeps the instance in state (no orphan)", async () => {
    sim.control.setFaults({ failJobs: { createInstance: true } });
    const error = (await instanceProvider.create(inputs({ name: "failing-create" })).catch((e) => e)) as ResourceInitError;
    sim.control.setFaults({});
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(error.id).toMatch(/in09$/);
    expect(error.message).toMatch(/^failing-create: create did not finish: creating 2 × .* failed: /);
    // Named once, though the wait's own error starts with the name too.
    expect(error.message.match(/failing-create/g)).toHaveLength(1);
    expect(error.properties).toMatchObject({ instanceId: error.id, name: "failing-create", __provider: "serialized-provider" });
    await instanceProvider.delete(error.id, error.properties);
  });
});
