import { instanceProvider, type InstanceOutputs } from "../../provider/ddm/instance";
import type { Simulator } from "../../simulator";
import { withProviderSimulator } from "../support/simulator";

/** Parameters when the state knows no definitions (written before parameters were declared, or by an older version). */

let sim: Simulator;
withProviderSimulator([], (started) => (sim = started));

const base = {
  __provider: "p",
  name: "params-ddm",
  flavor: "ddm.c6.2xlarge.2",
  nodeNum: 1,
  availabilityZones: ["az1"],
  vpcId: "vpc-1",
  subnetId: "subnet-1",
  securityGroupId: "sg-1",
};

test("the live definitions are checked before anything is written, and a restart runs only if the write needs one", async () => {
  const { id, outs } = await instanceProvider.create(base);
  const state = outs as InstanceOutputs & Record<string, unknown>;
  expect(state.parameterDefinitions).toBeUndefined();
  expect(state.pendingRestart).toEqual([]);

  sim.control.resetCalls();
  const bad = { ...base, parameters: { max_connections: "5" } };
  const diff = await instanceProvider.diff(id, state, bad);
  expect(diff.changes).toBe(true);
  await expect(instanceProvider.update(id, state, bad)).rejects.toThrow("parameters: max_connections must be within value_range 10-40000, got 5");
  expect(sim.control.calls().filter((c) => c.method !== "GET")).toEqual([]);

  const quiet = { ...base, restartForParameters: true, parameters: { long_query_time: "4" } };
  const set = (await instanceProvider.update(id, state, quiet)).outs as InstanceOutputs;
  expect(set.parameters).toEqual({ long_query_time: "4" });
  expect(set.parameterDefinitions?.find((d) => d.name === "max_connections")).toMatchObject({ needRestart: true });
  expect(sim.control.calls().filter((c) => c.path.endsWith("/action"))).toEqual([]);

  const loud = { ...quiet, parameters: { long_query_time: "4", max_connections: "100" } };
  const restarted = (await instanceProvider.update(id, { ...state, ...quiet, parameterDefinitions: undefined }, loud)).outs as InstanceOutputs;
  expect(restarted.pendingRestart).toEqual([]);
  expect(sim.control.calls().filter((c) => c.path.endsWith("/action"))).toHaveLength(1);
  expect(sim.control.snapshot().instances[0].parameters.max_connections).toBe("100");
  await instanceProvider.delete(id, restarted as never);
});
