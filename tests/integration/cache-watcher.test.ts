import { resolveSettings } from "../../provider/cloud/settings";
import { DcsClient } from "../../provider/dcs/client";
import { capacityOf, settleCache, settleCacheDeletion, waitUntilIdle } from "../../provider/dcs/cache/settle";
import type { CallRecord, Simulator } from "../../simulator";
import { simulatorEnv, startTestSimulator } from "../support/simulator";

/**
 * DCS changes followed by the process's watcher against the simulator over real HTTP: one
 * listing tells every cache "still busy", and each is done only after two reads of its own
 * showing it idle with the new size (the listing carries no `task`).
 */

jest.setTimeout(60_000);

function client(sim: Simulator, watchTogether: boolean): DcsClient {
  const config: Record<string, string> = { "ddm:maxRequestsPerMinute": "1000000", "ddm:watchTogether": String(watchTogether) };
  return new DcsClient(resolveSettings({ get: (key) => config[key] }, simulatorEnv(sim)), { policy: { minTimeoutMs: 20, maxTimeoutMs: 200 } });
}

const CACHE = {
  engine: "Redis" as const,
  engine_version: "5.0",
  capacity: 1,
  spec_code: "redis.single.xu1.large.1",
  az_codes: ["az1"],
  vpc_id: "vpc-1",
  subnet_id: "subnet-1",
  password: "Cache#Pass2024",
  instance_num: 1 as const,
};

async function createCaches(dcs: DcsClient, names: string[]): Promise<string[]> {
  return Promise.all(
    names.map(async (name) => {
      const { id } = await dcs.createInstance({ ...CACHE, name });
      await settleCache(dcs, { label: name, instanceId: id, expected: () => true, timeoutMs: 30_000, startedAt: Date.now() });
      return id;
    }),
  );
}

/** Extends every cache at once to `gb` and follows them all; returns, per cache, when it returned. */
async function extendAll(dcs: DcsClient, ids: string[], gb: number): Promise<Map<string, number>> {
  const spec = `redis.single.xu1.large.${gb}`;
  const returned = new Map<string, number>();
  await Promise.all(
    ids.map(async (id) => {
      await dcs.extend(id, { new_capacity: gb, spec_code: spec });
      const instance = await settleCache(dcs, { label: id, instanceId: id, expected: (i) => i.spec_code === spec && capacityOf(i) === gb, timeoutMs: 30_000, startedAt: Date.now() });
      expect([instance.status, capacityOf(instance), instance.task ?? null]).toEqual(["RUNNING", gb, null]);
      returned.set(id, Date.now());
    }),
  );
  return returned;
}

const isListing = (call: CallRecord) => call.method === "GET" && /\/v2\/[^/]+\/instances$/.test(call.path);
const reads = (calls: CallRecord[], id: string) => calls.filter((call) => call.method === "GET" && call.path.endsWith(`/instances/${id}`));

describe("caches followed together", () => {
  // Changes of 1 s to 2.5 s, one per cache: four distinct ends.
  const names = ["cache-w-0", "cache-w-1", "cache-w-2", "cache-w-3"];
  const changeDuration = ({ instanceName }: { instanceName: string }) => 1_000 + 500 * Number(instanceName.split("-")[2]);

  test("listings say 'still busy' for all; each ends on two reads of its own; far fewer polls than each alone", async () => {
    const sim = await startTestSimulator({ dcs: { changeDuration } });
    try {
      const together = client(sim, true);
      const ids = await createCaches(together, names);
      sim.dcs.control.resetCalls();
      const returned = await extendAll(together, ids, 4);
      const watched = sim.dcs.control.calls();
      expect(watched.filter(isListing).length).toBeGreaterThan(0);
      for (const [i, id] of ids.entries()) {
        // Done on two reads of its own, both once it was idle with the new size: never on the listing.
        const submitted = watched.find((call) => call.method === "POST" && call.path.endsWith(`/instances/${id}/extend`))!;
        const lasts = changeDuration({ instanceName: names[i] });
        const idleAt = submitted.at + lasts + Math.round(lasts / 10);
        const own = reads(watched, id).filter((call) => call.at <= returned.get(id)!);
        expect(own.slice(-2).map((call) => call.at >= idleAt)).toEqual([true, true]);
      }
      const polls = watched.filter((call) => call.method === "GET").length;

      const alone = client(sim, false);
      sim.dcs.control.resetCalls();
      await extendAll(alone, ids, 8);
      const separate = sim.dcs.control.calls();
      expect(separate.filter(isListing)).toEqual([]);
      expect(polls).toBeLessThan(separate.filter((call) => call.method === "GET").length);
    } finally {
      await sim.close();
    }
  });

  test("waiting for an idle instance and following deletions go through the watcher too", async () => {
    const sim = await startTestSimulator();
    try {
      const dcs = client(sim, true);
      const ids = await createCaches(dcs, ["cache-idle-0", "cache-idle-1"]);
      await dcs.extend(ids[0], { new_capacity: 4, spec_code: "redis.single.xu1.large.4" });
      const idle = await waitUntilIdle(dcs, { label: "idle", instanceId: ids[0], timeoutMs: 30_000 });
      expect([idle.status, capacityOf(idle), idle.task ?? null]).toEqual(["RUNNING", 4, null]);

      sim.dcs.control.resetCalls();
      await Promise.all(ids.map((id) => dcs.deleteInstance(id)));
      await Promise.all(ids.map((id) => settleCacheDeletion(dcs, { label: id, instanceId: id, timeoutMs: 30_000, startedAt: Date.now() })));
      expect(sim.dcs.control.snapshot().instances.filter((instance) => ids.includes(instance.id))).toEqual([]);
      // Gone is told by the instance's own 404, never by its absence from a listing alone.
      for (const id of ids) expect(reads(sim.dcs.control.calls(), id).pop()?.status).toBe(404);
    } finally {
      await sim.close();
    }
  });
});
