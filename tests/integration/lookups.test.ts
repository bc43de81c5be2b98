import {
  getAccounts,
  getAvailableRdsInstances,
  getEngines,
  getFlavors,
  getInstanceNodes,
  getInstances,
  getParameters,
  getSchemas,
} from "../../provider/ddm/lookups";
import { instanceProvider } from "../../provider/ddm/instance";
import type { Simulator } from "../../simulator";
import { simulatorConfig, simulatorEnv, startTestSimulator, withEnv } from "../support/simulator";

/** The lookups programs use to choose engines and node classes, against the simulator. */
let sim: Simulator;
let restore: () => void;
const config = () => simulatorConfig(sim);

beforeAll(async () => {
  sim = await startTestSimulator();
  restore = withEnv({ ...simulatorEnv(sim), DDM_PROGRESS_INTERVAL_MS: "600000" });
});
afterAll(async () => {
  restore();
  await sim.close();
});

test("engines, and a node class chosen by vCPUs and memory", async () => {
  const engines = await getEngines({ config: config() });
  expect(engines.map((e) => e.version)).toEqual(expect.arrayContaining(["3.0.8", "3.1.0"]));
  expect(engines[0].availabilityZones.length).toBeGreaterThan(0);
  const flavors = await getFlavors({ engine: "3.1.0", config: config() });
  const chosen = flavors.find((f) => f.vcpus === 16 && f.memoryGb === 32 && f.code.startsWith("ddm.c6."));
  expect(chosen?.code).toBe("ddm.c6.4xlarge.2");
  expect(chosen?.azStatus.az1).toBe("normal");
  await expect(getFlavors({ engine: "9.9.9", config: config() })).rejects.toThrow(/engine: "9.9.9" is not an available engine/);
});

test("the nodes of an instance", async () => {
  const created = await instanceProvider.create({
    name: "lookup-ddm",
    flavor: "ddm.c6.2xlarge.2",
    nodeNum: 3,
    availabilityZones: ["az1"],
    vpcId: "v",
    subnetId: "s",
    securityGroupId: "g",
  });
  const nodes = await getInstanceNodes({ instanceId: created.id, config: config() });
  expect(nodes).toHaveLength(3);
  expect(nodes.map((n) => n.nodeId).sort()).toEqual(created.outs.nodes.map((n: { nodeId: string }) => n.nodeId).sort());
  expect(typeof nodes[0].port).toBe("number");
});

test("instances by name and status, schemas, accounts, RDS instances and parameters of an instance", async () => {
  const [instance] = sim.control.snapshot().instances;
  expect((await getInstances({ config: config(), name: "lookup-ddm" })).map((i) => i.id)).toEqual([instance.id]);
  expect(await getInstances({ config: config(), name: "lookup-ddm", status: "FROZEN" })).toEqual([]);
  const [found] = await getInstances({ config: config(), status: "RUNNING" });
  expect(found).toMatchObject({ name: "lookup-ddm", nodeCount: 3, flavorCode: "ddm.c6.2xlarge.2", availabilityZones: ["az1"], accessPort: 5066 });

  expect(await getSchemas({ config: config(), instanceId: instance.id })).toEqual([]);
  expect(await getAccounts({ config: config(), instanceId: instance.id })).toEqual([]);
  const rds = await getAvailableRdsInstances({ config: config(), instanceId: instance.id });
  expect(rds.map((r) => r.id).sort()).toEqual([...sim.control.snapshot().sharedRds, ...instance.rds].map((r) => r.id).sort());
  expect(typeof rds[0].port).toBe("number");
  const parameters = await getParameters({ config: config(), instanceId: instance.id });
  expect(parameters.find((p) => p.name === "temp_table_size_limit")).toEqual({
    name: "temp_table_size_limit",
    value: "1000000",
    needRestart: false,
    readOnly: false,
    valueRange: "500000-2000000000",
    dataType: "integer",
    description: "Maximum size of the temporary table.",
  });
});

test("bad arguments name the argument and the rule, before any call", async () => {
  sim.control.resetCalls();
  await expect(getSchemas({ config: config(), instanceId: "../x" })).rejects.toThrow(
    "instanceId: may contain only letters, digits, dots, hyphens and underscores",
  );
  await expect(getParameters({ config: config() } as never)).rejects.toThrow("instanceId: is required");
  await expect(getInstances({ config: config(), status: 5 } as never)).rejects.toThrow("status: must be a string, got number 5");
  await expect(getAccounts({ config: config(), instanceId: "i", extra: 1 } as never)).rejects.toThrow("extra: is not a property of this resource");
  expect(sim.control.calls()).toEqual([]);
});
