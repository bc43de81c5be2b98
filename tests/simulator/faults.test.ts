import axios from "axios";
import type { FaultOptions, Simulator } from "../../simulator";
import { FaultInjector } from "../../simulator/faults";
import { call, createInstance, FAST, flavorIdOf, instanceBody, manualClock, simulator, type CallOptions } from "./helpers";

/** Seeded fault injection: request faults, lost responses, and operations that fail part-way. */

/** The status, or "dropped" when the connection closed without an answer. */
async function outcome(sim: Simulator, method: string, path: string, options?: CallOptions): Promise<number | "dropped"> {
  try {
    return (await call(sim, method, path, options)).status;
  } catch (error) {
    if (axios.isAxiosError(error) && !error.response) return "dropped";
    throw error;
  }
}

async function withSimulator<T>(faults: FaultOptions, run: (sim: Simulator) => Promise<T>): Promise<T> {
  const sim = await simulator({ faults });
  try {
    return await run(sim);
  } finally {
    await sim.close();
  }
}

describe("request faults", () => {
  const mixed = { error500Rate: 0.2, error429Rate: 0.15, dropRate: 0.15 };
  const sequence = (seed: number) =>
    withSimulator({ seed, ...mixed }, async (sim) => {
      const outcomes = [];
      for (let i = 0; i < 40; i++) outcomes.push(await outcome(sim, "GET", "/v2/{p}/engines"));
      return outcomes;
    });

  test("the same seed gives the same sequence of faults; another seed another", async () => {
    const first = await sequence(42);
    expect(await sequence(42)).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500, 429, "dropped"]));
    expect(await sequence(43)).not.toEqual(first);
  });

  test("injected 500s and 429s use the API's error dialect and the gateway's", async () => {
    await withSimulator({ error500Rate: 1 }, async (sim) => {
      expect((await call(sim, "GET", "/v1/{p}/instances")).data).toEqual({ errCode: "DBS.200412", externalMessage: "Server failure." });
      expect((await call(sim, "GET", "/v3/{p}/jobs")).data).toEqual({ error_code: "DBS.200412", error_msg: "Server failure." });
      expect(sim.control.calls().map((c) => c.faults)).toEqual([["error500"], ["error500"]]);
    });
    await withSimulator({ error429Rate: 1 }, async (sim) => {
      const response = await call(sim, "GET", "/v1/{p}/instances");
      expect(response.status).toBe(429);
      expect(response.data).toMatchObject({ error_code: "APIG.0308", request_id: response.headers["x-request-id"] });
    });
  });

  test("busy faults hit only changes to an instance; reads and creation pass", async () => {
    await withSimulator({}, async (sim) => {
      const { id } = await createInstance(sim);
      sim.control.setFaults({ busyRate: 1 });
      expect((await call(sim, "GET", `/v1/{p}/instances/${id}`)).status).toBe(200);
      const rename = await call(sim, "PUT", `/v1/{p}/instances/${id}/modify-name`, { body: { name: "renamed" } });
      expect(rename.status).toBe(409);
      expect(rename.data.errCode).toBe("DBS.200019");
      expect((await call(sim, "POST", "/v1/{p}/instances", { body: await instanceBody(sim) })).status).toBe(200);
    });
  });

  test("a dropped request changes nothing and is logged without a status", async () => {
    await withSimulator({}, async (sim) => {
      const body = await instanceBody(sim);
      sim.control.setFaults({ dropRate: 1 });
      expect(await outcome(sim, "POST", "/v1/{p}/instances", { body })).toBe("dropped");
      expect(sim.control.snapshot().instances).toHaveLength(0);
      expect(sim.control.calls().at(-1)).toMatchObject({ method: "POST", status: undefined, faults: ["drop"] });
    });
  });

  test("dropAfterCommit performs the change, then loses the response", async () => {
    await withSimulator({}, async (sim) => {
      const body = await instanceBody(sim);
      sim.control.setFaults({ dropAfterCommitRate: 1 });
      expect(await outcome(sim, "GET", "/v1/{p}/instances")).toBe(200);
      expect(await outcome(sim, "POST", "/v1/{p}/instances", { body })).toBe("dropped");
      expect(sim.control.snapshot().instances).toHaveLength(1);
      expect(sim.control.calls().at(-1)).toMatchObject({ status: undefined, faults: ["dropAfterCommit"] });
    });
  });

  test("slow requests are delayed by slowMs", async () => {
    await withSimulator({ slowRate: 1, slowMs: 150 }, async (sim) => {
      const started = Date.now();
      expect((await call(sim, "GET", "/v2/{p}/engines")).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(145);
      expect(sim.control.calls()[0].faults).toEqual(["slow"]);
    });
  });

  test("faults change at run time over HTTP, never touch the control API, and are validated", async () => {
    await withSimulator({}, async (sim) => {
      const put = await axios.put(`${sim.url}/_sim/faults`, { seed: 7, dropRate: 1 });
      expect(put.data).toEqual({ seed: 7, dropRate: 1 });
      expect(await outcome(sim, "GET", "/v2/{p}/engines")).toBe("dropped");
      expect((await axios.get(`${sim.url}/_sim/state`)).status).toBe(200);
      const invalid = await axios.put(`${sim.url}/_sim/faults`, { error500Rate: 0.7, dropRate: 0.7 }, { validateStatus: () => true });
      expect(invalid.status).toBe(400);
      expect(invalid.data.error).toContain("must not exceed 1");
      expect(sim.control.faults()).toEqual({ seed: 7, dropRate: 1 });
    });
  });
});

describe("operations that fail", () => {
  const clock = manualClock();
  let sim: Simulator;

  beforeAll(async () => {
    sim = await simulator({ now: clock.now });
  });

  afterAll(() => sim.close());

  async function running(nodeNum = 2): Promise<string> {
    const { id } = await createInstance(sim, { nodeNum }, false);
    clock.advance(FAST.createInstance);
    return id;
  }

  async function failing<T>(failJobs: FaultOptions["failJobs"], run: () => Promise<T>): Promise<T> {
    sim.control.setFaults({ failJobs });
    try {
      return await run();
    } finally {
      sim.control.setFaults({});
    }
  }

  const detail = async (id: string) => (await call(sim, "GET", `/v1/{p}/instances/${id}`)).data;
  const job = async (jobId: string) => (await call(sim, "GET", `/v3/{p}/jobs/${jobId}`)).data.job;

  test("a scale-out by 2 that fails keeps the one node it added: RUNNING, node_count + 1, job Failed with a reason in the list", async () => {
    const id = await running();
    const { flavorId } = await flavorIdOf(sim, "ddm.c6.2xlarge.2");
    const body = { flavor_id: flavorId, node_number: 2 };
    const { jobId } = (await failing({ enlarge: true }, () => call(sim, "POST", `/v2/{p}/instances/${id}/action/enlarge`, { body }))).data;
    clock.advance(FAST.enlarge);
    const read = await job(jobId);
    expect(read).toMatchObject({ status: "Failed", process: "" });
    expect(read).not.toHaveProperty("fail_reason");
    const listed = (await call(sim, "GET", "/v3/{p}/jobs")).data.jobs.find((j: { id: string }) => j.id === jobId);
    expect(listed).toMatchObject({ status: "Failed", fail_reason: expect.stringContaining("1 of 2") });
    const after = await detail(id);
    expect(after).toMatchObject({ status: "RUNNING", node_count: 3 });
    expect(after.nodes.every((n: { status: string }) => n.status === "normal")).toBe(true);
  });

  test("a scale-in by 3 that fails removes one node", async () => {
    const id = await running(4);
    const { jobId } = (await failing({ reduce: true }, () => call(sim, "POST", `/v2/{p}/instances/${id}/action/reduce`, { body: { node_number: 3 } }))).data;
    clock.advance(FAST.reduce);
    expect((await job(jobId)).status).toBe("Failed");
    expect(await detail(id)).toMatchObject({ status: "RUNNING", node_count: 3 });
  });

  test("a class change that fails leaves the class as it was", async () => {
    const id = await running();
    const { job_id } = (await failing({ resize: true }, () => call(sim, "PUT", `/v3/{p}/instances/${id}/flavor`, { body: { spec_code: "ddm.c6.4xlarge.2" } }))).data;
    clock.advance(FAST.resize);
    expect((await job(job_id)).status).toBe("Failed");
    expect(await detail(id)).toMatchObject({ status: "RUNNING", flavor_ref: "ddm.c6.2xlarge.2" });
  });

  test("a creation that fails leaves a CREATEFAILED instance with createfail nodes, which can be deleted", async () => {
    const { id, jobId } = await failing({ createInstance: true }, () => createInstance(sim, {}, false));
    clock.advance(FAST.createInstance);
    expect((await job(jobId)).status).toBe("Failed");
    const failed = await detail(id);
    expect(failed).toMatchObject({ status: "CREATEFAILED", error_msg: expect.any(String) });
    expect(failed.nodes.map((n: { status: string }) => n.status)).toEqual(["createfail", "createfail"]);
    expect((await call(sim, "DELETE", `/v1/{p}/instances/${id}`)).status).toBe(200);
    clock.advance(FAST.deleteInstance);
    expect((await call(sim, "GET", `/v1/{p}/instances/${id}`)).status).toBe(404);
  });
});

describe("FaultInjector", () => {
  test("job failures given as a probability follow the seed", () => {
    const outcomes = (seed: number) => {
      const faults = new FaultInjector({ seed, failJobs: { enlarge: 0.5 } });
      return Array.from({ length: 32 }, () => faults.operationFails("enlarge"));
    };
    expect(outcomes(9)).toEqual(outcomes(9));
    expect(new Set(outcomes(9))).toEqual(new Set([true, false]));
    expect(outcomes(10)).not.toEqual(outcomes(9));
  });

  test("job failures do not shift the request fault sequence", () => {
    const plans = (interleave: boolean) => {
      const faults = new FaultInjector({ seed: 3, error500Rate: 0.5, failJobs: { resize: 0.5 } });
      return Array.from({ length: 16 }, () => {
        if (interleave) faults.operationFails("resize");
        return faults.planRequest().before;
      });
    };
    expect(plans(true)).toEqual(plans(false));
  });

  test("no rates, no faults", () => {
    const faults = new FaultInjector({ seed: 5 });
    expect(Array.from({ length: 100 }, () => faults.planRequest())).toEqual(Array(100).fill({ before: undefined, slowMs: 0, dropAfterCommit: false }));
  });
});
