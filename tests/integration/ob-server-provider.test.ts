import { obServerProvider } from "../../provider/obshell/server";
import { ResourceInitError } from "../../provider/resource/context";
import { SCALE_IN, SCALE_OUT, startObshellSimulator, type ObshellSimulator } from "../../simulator";

/** The ObServer provider against the simulated cluster over HTTP. */
jest.setTimeout(60_000);

let sim: ObshellSimulator;
const errors: string[] = [];

beforeAll(async () => {
  process.env.DDM_PROGRESS_INTERVAL_MS = "0";
  sim = await startObshellSimulator({ stageMs: 40, singles: 5 });
});
afterAll(() => sim.close());

function inputs(single: number, zone = "zone2", extra: Record<string, unknown> = {}) {
  const agent = sim.singles[single];
  return {
    clusterAgent: { host: sim.host, port: sim.members[0].port },
    password: sim.password,
    ip: agent.host,
    port: agent.port,
    zone,
    obConfigs: { mysql_port: String(agent.port + 1), rpc_port: String(agent.port + 2), memory_limit: "8G" },
    timeouts: { create: 1, update: 1, delete: 1 },
    ...extra,
  };
}

const identity = (single: number) => sim.control.snapshot().agents.find((a) => a.port === sim.singles[single].port)!.identity;
const server = (single: number) => sim.control.snapshot().servers.find((s) => s.agentPort === sim.singles[single].port);
const writes = () => sim.control.calls().filter((c) => c.method !== "GET").map((c) => `${c.method} ${c.path}`);

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(Error);
  errors.push(error!.message);
  return error!;
}

describe("check", () => {
  test("names every property and rule broken, before any call", async () => {
    sim.control.resetCalls();
    const { failures } = await obServerProvider.check({}, { clusterAgent: { host: "", port: 80 }, ip: "server-4", zone: "zone 2", obConfigs: { rpc_port: "99999", memory_limit: "" }, onFailure: "ignore", extra: 1 });
    expect(failures!.map((f) => f.reason)).toEqual([
      "extra is not a property of this resource",
      "clusterAgent .host must not be empty",
      "password is required",
      "ip must be an IPv4 or IPv6 address (the server's, as its agent reports it)",
      "zone may contain only letters, digits and underscores, starting with a letter or underscore",
      "obConfigs .rpc_port must be between 1025 and 65535, got 99999",
      "onFailure must be one of keep, retry, rollback",
    ]);
    expect(sim.control.calls()).toEqual([]);
  });

  test("fills in the default ports and writes numbers in obConfigs as strings", async () => {
    const { inputs: checked, failures } = await obServerProvider.check({}, { clusterAgent: { host: "10.0.0.1" }, password: "x", ip: "10.0.0.4", zone: "zone1", obConfigs: { mysql_port: 2881 } });
    expect(failures).toEqual([]);
    expect(checked).toMatchObject({ port: 2886, clusterAgent: { host: "10.0.0.1", port: 2886 }, obConfigs: { mysql_port: "2881" } });
  });
});

describe("diff", () => {
  test("ip, port, zone and obConfigs replace (the same agent leaves first); the rest changes in place", async () => {
    const olds = { ...inputs(0), dagId: "11", lastOperation: "scale-out", dagState: "SUCCEED", dagOperator: "RUN" };
    expect(await obServerProvider.diff("x", olds, { ...inputs(0), zone: "zone3" })).toEqual({ changes: true, replaces: ["zone"], deleteBeforeReplace: true });
    expect(await obServerProvider.diff("x", olds, { ...inputs(0), obConfigs: { memory_limit: "16G" } })).toMatchObject({ replaces: ["obConfigs"] });
    expect(await obServerProvider.diff("x", olds, { ...inputs(0), onFailure: "retry", password: "other" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await obServerProvider.diff("x", olds, inputs(0))).toMatchObject({ changes: false });
    expect(await obServerProvider.diff("x", { ...olds, dagState: "FAILED" }, inputs(0))).toMatchObject({ changes: true, replaces: [] });
  });
});

describe("joining", () => {
  test("create scales out and follows the DAG until SUCCEED with operator RUN", async () => {
    sim.control.resetCalls();
    const created = await obServerProvider.create(inputs(0));
    expect(created.id).toBe(`${sim.host}:${sim.singles[0].port}`);
    expect(created.outs).toMatchObject({ status: "ACTIVE", zone: "zone2", svrIp: sim.host, svrPort: sim.singles[0].port + 2, sqlPort: sim.singles[0].port + 1, withRootserver: false, dagState: "SUCCEED", dagOperator: "RUN", lastOperation: "scale-out", clusterName: "obcluster" });
    expect(writes()).toEqual(["POST /api/v1/ob/scale_out"]);
    expect(identity(0)).toBe("FOLLOWER");
    // Paced by the stages: a 9-stage DAG of 360 ms takes a handful of looks, not dozens.
    expect(sim.control.calls().filter((c) => c.path.startsWith("/api/v1/task/dag/")).length).toBeLessThanOrEqual(6);
  });

  test("a server already in the cluster is refused, and adopted with the import option", async () => {
    const already = await failure(obServerProvider.create(inputs(0)));
    expect(already.message).toMatch(/already a member of cluster obcluster \(zone zone2\); nothing was changed.*import: "127\.0\.0\.1:\d+"/);
    const adopted = await obServerProvider.create({ ...inputs(0), importId: `${sim.host}:${sim.singles[0].port}` });
    expect(adopted.outs).toMatchObject({ status: "ACTIVE" });
  });

  test("an agent that is not SINGLE, or of another OceanBase version, is refused before any change", async () => {
    const other = await startObshellSimulator({ singles: 1, members: [{ zone: "z" }], singleAgents: { obVersion: "4.2.1.0" } });
    try {
      sim.control.resetCalls();
      const member = await failure(obServerProvider.create({ ...inputs(0), ip: other.host, port: other.members[0].port }));
      expect(member.message).toMatch(/is MASTER, not SINGLE.*nothing was changed/);
      const version = await failure(obServerProvider.create({ ...inputs(0), ip: other.host, port: other.singles[0].port }));
      expect(version.message).toMatch(/runs OceanBase 4\.2\.1\.0, the cluster 4\.3\.5\.0/);
      expect(writes()).toEqual([]);
    } finally {
      await other.close();
    }
  });

  test("a joining agent that does not answer is named, before any change", async () => {
    sim.control.resetCalls();
    const error = await failure(obServerProvider.create({ ...inputs(0), port: 1025 }));
    expect(error.message).toMatch(/observer 127\.0\.0\.1:1025 cannot join: its agent does not answer GET \/api\/v1\/info \(.*ECONNREFUSED.*\); nothing was changed/);
    expect(writes()).toEqual([]);
  });

  test("a failed DAG is a partial failure naming the node, with the DAG id in state; update retries it", async () => {
    sim.control.setFaults([{ dag: SCALE_OUT, node: "Start observer", message: "observer exited: port 2882 in use" }]);
    const error = (await failure(obServerProvider.create(inputs(1)))) as ResourceInitError;
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(error.message).toMatch(/failed at node "Start observer": observer exited: port 2882 in use/);
    expect(error.message).toContain(`(${error.properties.dagId})`);
    expect(error.properties).toMatchObject({ dagState: "FAILED", lastOperation: "scale-out", status: "NOT A MEMBER" });
    expect(identity(1)).toBe("SCALING OUT");

    // Refresh keeps it: a failed join is unfinished business, not a server gone.
    const read = await obServerProvider.read(error.id, error.properties);
    expect(read.id).toBe(error.id);

    sim.control.resetCalls();
    const updated = await obServerProvider.update!(error.id, error.properties, inputs(1));
    expect(writes()).toEqual([`POST /api/v1/task/dag/${error.properties.dagId}`]);
    expect(updated.outs).toMatchObject({ status: "ACTIVE", dagId: error.properties.dagId, dagState: "SUCCEED", dagOperator: "RUN" });
    expect(identity(1)).toBe("FOLLOWER");
  });

  test("onFailure retry retries once; rollback rolls back and fails cleanly", async () => {
    sim.control.setFaults([{ dag: SCALE_OUT, node: "Deploy observer" }]);
    const retried = await obServerProvider.create(inputs(2, "zone2", { onFailure: "retry" }));
    expect(retried.outs).toMatchObject({ status: "ACTIVE", dagState: "SUCCEED", dagOperator: "RUN" });

    sim.control.setFaults([{ dag: SCALE_OUT, node: "Wait for server active" }]);
    const error = await failure(obServerProvider.create(inputs(3, "zone3", { onFailure: "rollback" })));
    expect(error).not.toBeInstanceOf(ResourceInitError);
    expect(error.message).toMatch(/failed at node "Wait for server active".*rolled back: the server is not in the cluster/);
    expect(identity(3)).toBe("SINGLE");
    expect(server(3)).toBeUndefined();
    const dag = sim.control.dagsFor(sim.host, sim.singles[3].port, "scale out")[0];
    expect(dag).toMatchObject({ state: "SUCCEED", operator: "ROLLBACK" });
  });
});

describe("one maintenance operation per cluster", () => {
  test("servers declared together join one after another; a lock held by someone else is waited out", async () => {
    sim.control.setFaults([]);
    sim.control.holdMaintenance(600);
    const [a, b] = await Promise.all([obServerProvider.create(inputs(3, "zone3")), obServerProvider.create(inputs(4, "zone3"))]);
    expect([a.outs.status, b.outs.status]).toEqual(["ACTIVE", "ACTIVE"]);
    const dags = [...sim.control.dagsFor(sim.host, sim.singles[3].port, "scale out"), ...sim.control.dagsFor(sim.host, sim.singles[4].port, "scale out")].filter((d) => d.operator === "RUN").sort((x, y) => x.startedAt - y.startedAt);
    expect(dags).toHaveLength(2);
    expect(dags[1].startedAt).toBeGreaterThanOrEqual(dags[0].endedAt!);
    const lock = sim.control.snapshot().dags.find((d) => d.name !== SCALE_OUT)!;
    expect(dags[0].startedAt).toBeGreaterThanOrEqual(lock.endedAt!);
  });
});

describe("reading", () => {
  test("a zone changed outside Pulumi is drift; a server removed is gone", async () => {
    const props = { ...inputs(4, "zone3"), lastOperation: "scale-out", dagId: "1", dagState: "SUCCEED", dagOperator: "RUN" };
    sim.control.driftZone(sim.host, sim.singles[4].port, "zone1");
    const drifted = await obServerProvider.read("x", props);
    expect(drifted.inputs).toMatchObject({ zone: "zone1" });
    expect(drifted.props).toMatchObject({ zone: "zone1", status: "ACTIVE" });
    // The refreshed state against the declaration: the zone must go back, which is a replacement.
    expect(await obServerProvider.diff("x", { ...props, ...drifted.inputs }, props)).toMatchObject({ changes: true, replaces: ["zone"], deleteBeforeReplace: true });
    sim.control.driftZone(sim.host, sim.singles[4].port, "zone3");

    sim.control.removeServer(sim.host, sim.singles[3].port);
    expect(await obServerProvider.read("x", { ...props, ...inputs(3, "zone3") })).toEqual({ id: "", props: {} });
  });
});

describe("leaving", () => {
  test("delete scales in and follows the DAG; a server already out needs nothing (204)", async () => {
    sim.control.resetCalls();
    await obServerProvider.delete("x", inputs(4, "zone3"));
    expect(server(4)).toBeUndefined();
    expect(identity(4)).toBe("SINGLE");
    expect(writes()).toEqual(["POST /api/v1/ob/scale_in"]);
    sim.control.resetCalls();
    await obServerProvider.delete("x", inputs(4, "zone3"));
    expect(writes()).toEqual([]);
  });

  test("deleting a failed join rolls its DAG back first", async () => {
    sim.control.setFaults([{ dag: SCALE_OUT, node: "Synchronize agent" }]);
    const error = (await failure(obServerProvider.create(inputs(4, "zone3")))) as ResourceInitError;
    expect(server(4)).toBeDefined();
    await obServerProvider.delete(error.id, error.properties);
    expect(server(4)).toBeUndefined();
    expect(identity(4)).toBe("SINGLE");
  });

  test("agents too old for scale-in are refused with a clear message", async () => {
    const old = await startObshellSimulator({ agent: { version: "4.2.2.0", obVersion: "4.2.2.0" }, members: [{ zone: "zone1" }, { zone: "zone1" }], singles: 0 });
    try {
      const error = await failure(
        obServerProvider.delete("x", { ...inputs(0), clusterAgent: { host: old.host, port: old.members[0].port }, password: old.password, ip: old.host, port: old.members[1].port }),
      );
      expect(error.message).toMatch(/runs OBShell 4\.2\.2\.0, and scale-in needs 4\.2\.5 or later; the server was left in the cluster/);
      expect(old.control.snapshot().servers).toHaveLength(2);
    } finally {
      await old.close();
    }
  });

  test("a scale-out whose answer is lost is not repeated; once it has ended, the server is adopted", async () => {
    sim.control.setFaults([]);
    const before = sim.control.dagsFor(sim.host, sim.singles[3].port, "scale out").length;
    sim.control.loseAnswers([{ method: "POST", path: "/api/v1/ob/scale_out" }]);
    const lost = await failure(obServerProvider.create(inputs(3, "zone3")));
    expect(lost.message).toMatch(/answer to the scale-out was lost, and the agent is SCALING OUT now.*import: "127\.0\.0\.1:\d+"/);
    expect(sim.control.dagsFor(sim.host, sim.singles[3].port, "scale out")).toHaveLength(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 9 * 40 + 200));
    const adopted = await obServerProvider.create({ ...inputs(3, "zone3"), importId: `${sim.host}:${sim.singles[3].port}` });
    expect(adopted.outs).toMatchObject({ status: "ACTIVE", zone: "zone3" });
  });

  test("an agent that restarted with a new key is asked for it again, once", async () => {
    const member = { ...inputs(0), ip: sim.members[1].host, port: sim.members[1].port, zone: "zone1" };
    const id = `${member.ip}:${member.port}`;
    await obServerProvider.read(id, member);
    sim.control.rotateKey(sim.host, sim.members[0].port);
    sim.control.resetCalls();
    const read = await obServerProvider.read(id, member);
    expect(read.id).toBe(id);
    expect(sim.control.calls().map((c) => `${c.path} ${c.status}`)).toEqual(["/api/v1/ob/info 500", "/api/v1/info 200", "/api/v1/secret 200", "/api/v1/ob/info 200"]);
  });

  test("a joining agent with a password of its own needs targetAgentPassword; the wrong one is refused", async () => {
    const guarded = await startObshellSimulator({ stageMs: 20, singles: 1, singleAgents: { agentPassword: "Agent#Pass2024" } });
    try {
      const agent = guarded.singles[0];
      const props = { ...inputs(0), clusterAgent: { host: guarded.host, port: guarded.members[0].port }, password: guarded.password, ip: agent.host, port: agent.port };
      const wrong = await failure(obServerProvider.create({ ...props, targetAgentPassword: "Wrong#Agent1" }));
      expect(wrong.message).toMatch(/IncorrectAgentPassowrd/);
      expect(wrong.message).not.toContain("Wrong#Agent1");
      const joined = await obServerProvider.create({ ...props, targetAgentPassword: "Agent#Pass2024" });
      expect(joined.outs).toMatchObject({ status: "ACTIVE" });
    } finally {
      await guarded.close();
    }
  });

  test("a 4.2.2 cluster is spoken to with v1 authentication", async () => {
    const old = await startObshellSimulator({ agent: { version: "4.2.2.0", obVersion: "4.2.2.0" }, singles: 1, stageMs: 20 });
    try {
      const agent = old.singles[0];
      const created = await obServerProvider.create({ ...inputs(0), clusterAgent: { host: old.host, port: old.members[0].port }, password: old.password, ip: agent.host, port: agent.port });
      expect(created.outs).toMatchObject({ status: "ACTIVE", dagState: "SUCCEED" });
    } finally {
      await old.close();
    }
  });

  test("a 4.2.3 agent (v2 by its version, integer error codes) is waited for by the message of its lock", async () => {
    const mid = await startObshellSimulator({ agent: { version: "4.2.3.0", obVersion: "4.2.3.0", supportedAuth: undefined }, singles: 1, stageMs: 20 });
    try {
      mid.control.holdMaintenance(300);
      const agent = mid.singles[0];
      const created = await obServerProvider.create({ ...inputs(0), clusterAgent: { host: mid.host, port: mid.members[0].port }, password: mid.password, ip: agent.host, port: agent.port });
      expect(created.outs).toMatchObject({ status: "ACTIVE" });
      expect(mid.control.calls().filter((c) => c.path === "/api/v1/ob/scale_out").map((c) => c.status)).toEqual([500, 200]);
    } finally {
      await mid.close();
    }
  });

  test("a wrong password fails clearly, and no password appears in any message", async () => {
    const error = await failure(obServerProvider.read("x", { ...inputs(0), password: "Wrong#Pass2024" }));
    expect(error.message).toMatch(/Security\.Authentication\.IncorrectOceanbasePassword/);
    for (const message of errors) {
      expect(message).not.toContain(sim.password);
      expect(message).not.toContain("Wrong#Pass2024");
    }
  });
});

describe("a failed scale-in (the agent keeps the cluster's lock for it)", () => {
  let lock: ObshellSimulator;
  beforeAll(async () => {
    lock = await startObshellSimulator({ stageMs: 20, singles: 3 });
  });
  afterAll(() => lock.close());

  const props = (single: number, extra: Record<string, unknown> = {}) => {
    const agent = lock.singles[single];
    return {
      ...inputs(0),
      clusterAgent: { host: lock.host, port: lock.members[0].port },
      password: lock.password,
      ip: agent.host,
      port: agent.port,
      obConfigs: { mysql_port: String(agent.port + 1), rpc_port: String(agent.port + 2), memory_limit: "8G" },
      ...extra,
    };
  };
  const target = (single: number) => `${lock.singles[single].host}:${lock.singles[single].port}`;
  const lockWrites = () => lock.control.calls().filter((c) => c.method !== "GET").map((c) => `${c.method} ${c.path} ${c.status}`);
  const agentOf = (single: number) => lock.control.snapshot().agents.find((a) => a.port === lock.singles[single].port)!;
  const serverOf = (single: number) => lock.control.snapshot().servers.find((s) => s.agentPort === lock.singles[single].port);

  test("fails naming its DAG; an operation queued behind it fails at once, naming it; refresh keeps it in state; the next delete retries it instead of a new scale-in", async () => {
    const joined = await obServerProvider.create(props(0));
    lock.control.setFaults([{ dag: SCALE_IN, node: "Wait delete observer success", target: target(0), message: "server still holds replicas" }]);
    lock.control.resetCalls();
    const deleting = failure(obServerProvider.delete(joined.id, joined.outs));
    while (!lock.control.calls().some((c) => c.path === "/api/v1/ob/scale_in")) await new Promise((resolve) => setTimeout(resolve, 5));
    const queuedAt = Date.now();
    // A create queued behind the scale-in, with a timeout it must not wait out.
    const queued = await failure(obServerProvider.create(props(1, { timeouts: { create: 0.1 } })));
    expect(Date.now() - queuedAt).toBeLessThan(2_000);
    const deleted = await deleting;

    const dagId = /DAG (\d+) \(Cluster scale in\) failed at node "Wait delete observer success": server still holds replicas/.exec(deleted.message)?.[1];
    expect(dagId).toBeDefined();
    expect(deleted.message).toContain(`DAG ${dagId} is left failed, and the agent keeps the cluster under maintenance until it ends: the next \`pulumi destroy\` (or \`pulumi up\`) retries it (RETRY)`);
    expect(deleted.message).toContain(`inspect the DAG with obshell or its API (GET /api/v1/task/dag/${dagId})`.replace("inspect", "Inspect"));
    expect(queued.message).toMatch(new RegExp(`held in maintenance by DAG ${dagId} \\(Cluster scale in, observer ${target(0).replace(/\./g, "\\.")}\\), which failed in this run; nothing was changed`));
    expect(lockWrites().filter((w) => w.startsWith("POST /api/v1/ob/scale_out"))).toEqual(["POST /api/v1/ob/scale_out 500"]);
    expect(serverOf(0)!.status).toBe("DELETING");

    // Refresh: the server is leaving, not gone; the DAG goes into state.
    const refreshed = await obServerProvider.read(joined.id, joined.outs);
    expect(refreshed.id).toBe(joined.id);
    expect(refreshed.props).toMatchObject({ lastOperation: "scale-in", dagId, dagName: SCALE_IN, dagState: "FAILED", status: "DELETING" });

    // The next destroy, from the state as it was (a delete never writes state) and from the refreshed one alike.
    for (const state of [joined.outs, refreshed.props]) {
      lock.control.resetCalls();
      await obServerProvider.delete(joined.id, state);
      expect(lockWrites()).toEqual(state === joined.outs ? [`POST /api/v1/task/dag/${dagId} 200`] : []);
    }
    expect(serverOf(0)).toBeUndefined();
    expect(agentOf(0).identity).toBe("SINGLE");
    expect(lock.control.dagsFor(lock.host, lock.singles[0].port, "scale in")).toHaveLength(1);
    const created = await obServerProvider.create(props(1));
    expect(created.outs).toMatchObject({ status: "ACTIVE" });
  });

  test("onFailure retry retries a failed scale-in once; rollback rolls it back and the server stays", async () => {
    const second = await obServerProvider.read(`${target(1)}`, props(1));
    lock.control.setFaults([{ dag: SCALE_IN, node: "Set agent to 'SCALING IN'", target: target(1) }]);
    await obServerProvider.delete("x", { ...second.props, onFailure: "retry" });
    expect(serverOf(1)).toBeUndefined();
    expect(lock.control.dagsFor(lock.host, lock.singles[1].port, "scale in")).toHaveLength(1);

    const joined = await obServerProvider.create(props(2));
    lock.control.setFaults([{ dag: SCALE_IN, node: "Wait delete observer success", target: target(2) }]);
    const rolledBack = await failure(obServerProvider.delete(joined.id, { ...joined.outs, onFailure: "rollback" }));
    expect(rolledBack.message).toMatch(/failed at node "Wait delete observer success".*It was rolled back: the server stays in the cluster$/);
    expect(serverOf(2)).toMatchObject({ status: "ACTIVE" });
    expect(lock.control.dagsFor(lock.host, lock.singles[2].port, "scale in")[0]).toMatchObject({ state: "SUCCEED", operator: "ROLLBACK" });
    // Nothing holds the cluster: a new scale-in goes ahead.
    lock.control.setFaults([]);
    await obServerProvider.delete(joined.id, joined.outs);
    expect(serverOf(2)).toBeUndefined();
  });

  test("a scale-in the agent will not roll back (failed at \"Delete agent\") is kept, saying so; found from the cluster, the next delete retries it", async () => {
    const joined = await obServerProvider.create(props(0));
    lock.control.setFaults([{ dag: SCALE_IN, node: "Delete agent", target: target(0), message: "agent table locked" }]);
    const error = await failure(obServerProvider.delete(joined.id, { ...joined.outs, onFailure: "rollback" }));
    expect(error.message).toMatch(/failed at node "Delete agent": agent table locked\. The agent refused to roll it back \(Failed to set DAG rollback: node Delete agent cannot rollback\)\. DAG \d+ is left failed/);
    expect(serverOf(0)).toBeUndefined();
    lock.control.resetCalls();
    await obServerProvider.delete(joined.id, joined.outs);
    expect(lockWrites()).toEqual([expect.stringMatching(/^POST \/api\/v1\/task\/dag\/\d+ 200$/)]);
    expect(agentOf(0).identity).toBe("SINGLE");
  });

  test("a join still running at its timeout keeps the DAG as last seen and says where to inspect it; the next up follows it", async () => {
    lock.control.setStageMs(150);
    try {
      const error = (await failure(obServerProvider.create(props(0, { timeouts: { create: 0.005 } })))) as ResourceInitError;
      expect(error).toBeInstanceOf(ResourceInitError);
      expect(error.properties).toMatchObject({ lastOperation: "scale-out", dagState: "RUNNING" });
      expect(error.message).toMatch(new RegExp(`inspect DAG ${error.properties.dagId} with obshell or its API \\(GET /api/v1/task/dag/${error.properties.dagId}\\)`));
      expect(error.message).not.toContain("console");
      expect(error.message).toContain("the next `pulumi up` follows it");
      const updated = await obServerProvider.update!(error.id, error.properties, props(0));
      expect(updated.outs).toMatchObject({ status: "ACTIVE", dagId: error.properties.dagId, dagState: "SUCCEED", dagOperator: "RUN" });
    } finally {
      lock.control.setStageMs(20);
    }
  });
});
