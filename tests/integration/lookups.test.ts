import { getEngines, getFlavors, getInstanceNodes } from "../../provider/ddm/lookups";
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
