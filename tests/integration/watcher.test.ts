import { DdmClient, resolveSettings } from "../../provider/ddm/client";
import { pickEngine } from "../../provider/ddm/instance";
import { settleInstance } from "../../provider/ddm/wait";
import { jobFeed } from "../../provider/ddm/wait/feeds";
import { OperationFailedError } from "../../provider/wait";
import type { CallRecord, Simulator, SimulatorOptions } from "../../simulator";
import { simulatorEnv, startTestSimulator } from "../support/simulator";

/** The watcher against the simulator over real HTTP: many operations followed together. */

jest.setTimeout(60_000);

function client(sim: Simulator, watchTogether: boolean): DdmClient {
  const config: Record<string, string> = { "ddm:maxRequestsPerMinute": "1000000", "ddm:watchTogether": String(watchTogether) };
  return new DdmClient(resolveSettings({ get: (key) => config[key] }, simulatorEnv(sim)), { policy: { minTimeoutMs: 20, maxTimeoutMs: 200 } });
}

async function createInstances(ddm: DdmClient, names: string[]): Promise<{ ids: string[]; flavorId: string }> {
  const engine = pickEngine(await ddm.listEngines());
  const flavor = (await ddm.listFlavors(engine.id)).find((f) => f.code === "ddm.c6.2xlarge.2")!;
  const ids = await Promise.all(
    names.map(async (name) => {
      const created = await ddm.createInstance({
        instance: { name, flavor_id: flavor.id, node_num: 2, engine_id: engine.id, available_zones: ["az1"], vpc_id: "vpc-1", subnet_id: "subnet-1", security_group_id: "sg-1" },
      });
      await settleInstance(ddm, { label: name, instanceId: created.id, jobId: created.jobId, decisive: true, timeoutMs: 30_000, startedAt: Date.now() });
      return created.id;
    }),
  );
  return { ids, flavorId: flavor.id };
}

/** Scales every instance out by one node at once and follows them all; returns the calls of the waits. */
async function scaleAllOut(sim: Simulator, ddm: DdmClient, ids: string[], flavorId: string, to: number): Promise<CallRecord[]> {
  const submitted = await Promise.all(ids.map(async (id) => ({ id, ...(await ddm.enlarge(id, { flavor_id: flavorId, node_number: 1 })), startedAt: Date.now() })));
  const from = sim.control.calls().length;
  const settled = await Promise.all(
    submitted.map(({ id, jobId, startedAt }) =>
      settleInstance(ddm, { label: id, instanceId: id, jobId, expected: (i) => i.node_count === to, decisive: true, timeoutMs: 30_000, startedAt }),
    ),
  );
  expect(settled.map((instance) => [instance.id, instance.node_count, instance.status])).toEqual(ids.map((id) => [id, to, "RUNNING"]));
  return sim.control.calls().slice(from);
}

const polls = (calls: CallRecord[]) => calls.filter((call) => call.method === "GET");
const listings = (calls: CallRecord[]) => calls.filter((call) => call.method === "GET" && /\/(jobs|instances)$/.test(call.path));

describe("operations followed together", () => {
  const names = Array.from({ length: 6 }, (_, i) => `watch-${i}`);
  // Scale-outs of 0.8 s to 1.8 s, one per instance: six distinct ends.
  const options: SimulatorOptions = {
    jobDuration: ({ operation, instanceName }) => (operation === "enlarge" ? 800 + 200 * Number(instanceName.split("-")[1]) : undefined),
  };

  test("one listing answers for every operation: far fewer polls than each following its own, and each gets its own result", async () => {
    const sim = await startTestSimulator(options);
    try {
      const together = client(sim, true);
      const { ids, flavorId } = await createInstances(together, names);
      const watched = await scaleAllOut(sim, together, ids, flavorId, 3);
      // Polls are listings (jobs while they run, instances at the ends); only the last operation
      // left reads its own instance, when a listing would tell no one else.
      expect(polls(watched).filter((call) => /\/jobs\/[^/]+$/.test(call.path))).toEqual([]);
      expect(polls(watched).length - listings(watched).length).toBeLessThanOrEqual(2);
      expect(listings(watched).some((call) => call.path.endsWith("/jobs") && call.query.start_time)).toBe(true);

      const alone = client(sim, false);
      const separate = await scaleAllOut(sim, alone, ids, flavorId, 4);
      expect(listings(separate)).toEqual([]);
      expect(polls(watched).length * 2).toBeLessThanOrEqual(polls(separate).length);
    } finally {
      await sim.close();
    }
  });

  test("a job that fails while others run fails its own operation only, with the job's reason", async () => {
    const sim = await startTestSimulator(options);
    try {
      const ddm = client(sim, true);
      const { ids, flavorId } = await createInstances(ddm, names.slice(0, 3));
      sim.control.setFaults({ failJobs: { enlarge: true } });
      const failing = await ddm.enlarge(ids[0], { flavor_id: flavorId, node_number: 1 });
      sim.control.setFaults({});
      const others = await Promise.all(ids.slice(1).map(async (id) => ({ id, ...(await ddm.enlarge(id, { flavor_id: flavorId, node_number: 1 })) })));
      const follow = (id: string, jobId: string | undefined) =>
        settleInstance(ddm, { label: id, instanceId: id, jobId, expected: (i) => i.node_count === 3, decisive: true, timeoutMs: 30_000, startedAt: Date.now() });
      const results = await Promise.allSettled([follow(ids[0], failing.jobId), ...others.map(({ id, jobId }) => follow(id, jobId))]);
      expect(results[0].status).toBe("rejected");
      expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(OperationFailedError);
      expect(results.slice(1).map((result) => result.status)).toEqual(["fulfilled", "fulfilled"]);
    } finally {
      await sim.close();
    }
  });
});

describe("the job list as a feed", () => {
  test("filters by time window and stops paging once every wanted job is found", async () => {
    // The simulator's clock runs 14 minutes behind for the first job (signatures allow 15).
    let offset = -14 * 60_000;
    const sim = await startTestSimulator({ now: () => Date.now() + offset, durations: { createInstance: 1, enlarge: 1, reduce: 1 } });
    try {
      const ddm = client(sim, true);
      const { ids, flavorId } = await createInstances(ddm, ["paged"]);
      const createJob = sim.control.jobs()[0].id;
      offset = 0;
      const pause = () => new Promise((resolve) => setTimeout(resolve, 3));
      for (let i = 0; i < 70; i++) {
        await ddm.enlarge(ids[0], { flavor_id: flavorId, node_number: 1 });
        await pause();
        await ddm.reduce(ids[0], { node_number: 1 });
        await pause();
      }
      // As if the watched jobs had been submitted ten minutes from now: the listing reaches back
      // 15 minutes before that for clock skew, which takes in the recent jobs and not the create.
      const since = Date.now() + 10 * 60_000;
      const recent = sim.control.jobs().filter((job) => job.id !== createJob);
      expect(recent).toHaveLength(140);
      const feed = jobFeed(ddm);

      sim.control.resetCalls();
      const newest = await feed.readList!(new Set([recent[0].id]), since, "normal");
      expect(newest.calls).toBe(1);
      expect(newest.items.get(recent[0].id)?.status).toBe("Completed");
      expect(newest.items.has(createJob)).toBe(false);

      const oldest = await feed.readList!(new Set([recent[0].id, recent[139].id]), since, "normal");
      expect(oldest.calls).toBe(2);
      expect(oldest.items.has(recent[139].id)).toBe(true);
      const queries = sim.control.calls().map((call) => call.query);
      expect(queries.map((query) => query.offset)).toEqual(["0", "0", "128"]);
      expect(queries.every((query) => Date.parse(query.start_time.replace(/\+0000$/, "Z")) === Math.floor((since - 15 * 60_000) / 1000) * 1000)).toBe(true);
    } finally {
      await sim.close();
    }
  });
});
