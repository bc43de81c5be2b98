import { DdmApiError } from "../../provider/ddm/client";
import { pickEngine } from "../../provider/ddm/instance";
import type { Simulator } from "../../simulator";
import { clientFor, startTestSimulator } from "../support/simulator";

/** Names and ids end up in URL paths: a crafted one must not reach any other path. */

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

test("crafted account, schema and instance names stay one encoded path segment", async () => {
  const client = clientFor(sim);
  const engine = pickEngine(await client.listEngines());
  const flavor = (await client.listFlavors(engine.id))[0];
  const make = (name: string) =>
    client.createInstance({
      instance: { name, flavor_id: flavor.id, node_num: 1, engine_id: engine.id, available_zones: ["az1"], vpc_id: "v", subnet_id: "s", security_group_id: "g" },
    });
  const victim = await make("victim-ddm");
  const attacker = await make("attacker-ddm");
  await new Promise((resolve) => setTimeout(resolve, 600));
  await client.createAccount(victim.id, { users: [{ name: "keep_me", password: "Keep#Pass2024", base_authority: ["SELECT"] }] });

  const crafted = [
    `../../instances/${victim.id}/users/keep_me`,
    `..%2F..%2Finstances%2F${victim.id}%2Fusers%2Fkeep_me`,
    `keep_me?force=true`,
    `x/../../${victim.id}`,
  ];
  for (const name of crafted) {
    const error = await client.deleteAccount(attacker.id, name).catch((e) => e);
    expect(error).toBeInstanceOf(DdmApiError);
    // Not found (HTTP 400 DBS.300327, as the reference lists it): the segment never reached another path.
    expect((error as DdmApiError).isNotFound).toBe(true);
  }
  await expect(client.deleteInstance("..")).rejects.toThrow(/cannot be used as a path segment/);

  expect(await client.findAccount(victim.id, "keep_me")).toBeDefined();
  expect(sim.control.snapshot().instances.map((i) => i.name).sort()).toEqual(["attacker-ddm", "victim-ddm"]);
  const paths = sim.control.calls().filter((c) => c.method === "DELETE").map((c) => c.path);
  expect(paths.every((p) => p.startsWith(`/v1/${sim.projectId}/instances/${attacker.id}/users/`))).toBe(true);
});
