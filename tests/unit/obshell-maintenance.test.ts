import { ObshellApiError } from "../../provider/obshell/client";
import { clearFailedDag, inTurn, recordFailedDag, whenClusterFree } from "../../provider/obshell/maintenance";
import { WaitTimeoutError } from "../../provider/wait";

/** One maintenance operation per cluster: turns within the process, and the lock held elsewhere. */

const busy = () => new ObshellApiError({ operation: "POST scale_out", status: 500, code: "OB.Cluster.UnderMaintenance", serviceMessage: "cluster is under maintenance" });
const options = (cluster: string, extra: Partial<Parameters<typeof whenClusterFree>[0]> = {}) => ({ cluster, label: "observer a", deadline: Date.now() + 60_000, sleep: async () => undefined, ...extra });

test("operations on one cluster take turns in arrival order; other clusters do not wait", async () => {
  const events: string[] = [];
  const work = (name: string, ms: number) => async () => {
    events.push(`${name} start`);
    await new Promise((resolve) => setTimeout(resolve, ms));
    events.push(`${name} end`);
  };
  await Promise.all([inTurn("c1", work("a", 30)), inTurn("c1", work("b", 1)), inTurn("c2", work("x", 1))]);
  expect(events.indexOf("b start")).toBeGreaterThan(events.indexOf("a end"));
  expect(events.indexOf("x end")).toBeLessThan(events.indexOf("a end"));
});

test("a failed operation does not stop the next one's turn", async () => {
  const failing = inTurn("c3", async () => {
    throw new Error("boom");
  });
  await expect(failing).rejects.toThrow("boom");
  await expect(inTurn("c3", async () => "next")).resolves.toBe("next");
});

test("a lock held by someone else is waited out", async () => {
  let attempts = 0;
  const reports: string[] = [];
  const value = await whenClusterFree(options("c4", { report: (line) => reports.push(line) }), async () => {
    if (++attempts < 3) throw busy();
    return "joined";
  });
  expect(value).toBe("joined");
  expect(attempts).toBe(3);
  expect(reports).toEqual(["observer a: the cluster is under maintenance by another operation; waiting", "observer a: the cluster is under maintenance by another operation; waiting"]);
});

test("older agents' maintenance errors are known by their message", () => {
  expect(new ObshellApiError({ operation: "x", status: 500, code: "0", serviceMessage: "Cluster is under maintenance" }).isUnderMaintenance).toBe(true);
  expect(new ObshellApiError({ operation: "x", status: 500, code: "Agent.AlreadyExists" }).isUnderMaintenance).toBe(false);
});

test("when a DAG of this run holds the lock, waiting would be in vain: it fails at once, naming it", async () => {
  recordFailedDag("c5", "DAG 17 (observer b)");
  await expect(whenClusterFree(options("c5"), async () => Promise.reject(busy()))).rejects.toThrow(/held in maintenance by DAG 17 \(observer b\), which failed in this run; nothing was changed/);
  clearFailedDag("c5");
});

test("a lock the agent says another DAG holds is waited out, even after a DAG of this run failed", async () => {
  recordFailedDag("c9", "DAG 18 (Cluster scale in, observer c)", "Cluster scale in");
  const named = (dag: string) => new ObshellApiError({ operation: "POST scale_out", status: 500, code: "OB.Cluster.UnderMaintenanceWithDag", serviceMessage: `OceanBase cluster is under maintenance by DAG: ${dag}, please try again later` });
  let attempts = 0;
  const value = await whenClusterFree(options("c9"), async () => {
    if (++attempts < 2) throw named("Cluster scale out");
    return "joined";
  });
  expect(value).toBe("joined");
  await expect(whenClusterFree(options("c9"), async () => Promise.reject(named("Cluster scale in")))).rejects.toThrow(/held in maintenance by DAG 18 \(Cluster scale in, observer c\)/);
  clearFailedDag("c9");
});

test("the deadline ends the wait, repeating what the agent said and where to look", async () => {
  const waited = whenClusterFree(options("c6", { deadline: Date.now() - 1 }), async () => Promise.reject(busy()));
  await expect(waited).rejects.toBeInstanceOf(WaitTimeoutError);
  await expect(waited).rejects.toThrow(/\(last seen: cluster is under maintenance\); raise the resource's timeouts or inspect the DAG holding it with obshell or its API \(GET \/api\/v1\/task\/dag\/maintain\/ob\)$/);
});

test("other errors pass through untouched", async () => {
  await expect(whenClusterFree(options("c7"), async () => Promise.reject(new Error("no such agent")))).rejects.toThrow("no such agent");
});

test("while one operation waits out the lock, the next one on the cluster has its turn", async () => {
  const order: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let first = true;
  const a = whenClusterFree(options("c8", { sleep: () => released }), async () => {
    if (first) {
      first = false;
      order.push("a: under maintenance");
      throw busy();
    }
    order.push("a: done");
  });
  const b = inTurn("c8", async () => {
    order.push("b: done");
    release();
  });
  await Promise.all([a, b]);
  expect(order).toEqual(["a: under maintenance", "b: done", "a: done"]);
});
