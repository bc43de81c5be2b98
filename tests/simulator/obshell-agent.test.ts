import axios from "axios";
import { generateKeyPairSync } from "crypto";
import { aesEncrypt, agentPublicKey, encodeAesMaterial, freshAesMaterial, rsaEncryptChunks } from "../../provider/obshell/client/crypto";
import { startObshellSimulator, SCALE_IN, SCALE_OUT, type ObshellSimulator } from "../../simulator";

/** The simulated agents against the facts file, with requests built field by field. */

let sim: ObshellSimulator;
let publicKey: ReturnType<typeof agentPublicKey>;

beforeAll(async () => {
  sim = await startObshellSimulator({ stageMs: 50, singles: 2 });
  const secret = await axios.get(`http://${sim.host}:${sim.members[0].port}/api/v1/secret`);
  publicKey = agentPublicKey(secret.data.data.public_key);
});
afterAll(() => sim.close());

interface Fields {
  auth?: unknown;
  ts?: unknown;
  uri?: unknown;
  keys?: unknown;
  [name: string]: unknown;
}

const validTs = () => String(Math.floor(Date.now() / 1000) + 30);

function send(method: string, uri: string, fields: Fields, body?: string, headers: Record<string, string> = {}, port = sim.members[0].port) {
  return axios.request({
    method,
    url: `http://${sim.host}:${port}${uri}`,
    headers: { "X-OCS-Header": rsaEncryptChunks(publicKey, JSON.stringify(fields)), ...headers },
    data: body,
    transformRequest: [(d) => d],
    validateStatus: () => true,
  });
}

function scaleOutRequest(overrides: Partial<Fields> = {}, bodyKey = freshAesMaterial(), target = sim.singles[0].port) {
  const material = freshAesMaterial();
  const body = JSON.stringify({ agentInfo: { ip: sim.host, port: target }, obConfigs: { rpc_port: String(target + 1), mysql_port: "3881" }, zone: "zone2" });
  const fields = { auth: sim.password, ts: validTs(), uri: "/api/v1/ob/scale_out", keys: encodeAesMaterial(material), ...overrides };
  return { fields, body: aesEncrypt(overrides.keys === "wrong-body-key" ? bodyKey : material, body) };
}

describe("unauthenticated calls", () => {
  test("info answers identity, versions and supportedAuth; secret a PKCS#1 key", async () => {
    const info = await axios.get(`http://${sim.host}:${sim.singles[0].port}/api/v1/info`);
    expect(info.data).toMatchObject({ successful: true, status: 200, data: { identity: "SINGLE", version: "4.3.5.0", obVersion: "4.3.5.0", supportedAuth: ["v2"] } });
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(1024);
  });
});

describe("an agent rejects every tampered field", () => {
  test("a valid request passes", async () => {
    const response = await send("GET", "/api/v1/ob/info", { auth: sim.password, ts: validTs(), uri: "/api/v1/ob/info", keys: encodeAesMaterial(freshAesMaterial()) });
    expect(response.status).toBe(200);
    expect(Object.keys(response.data.data.obcluster_info.topology)).toEqual(["zone1"]);
  });

  test("field names are matched case-insensitively, as the Go agent does", async () => {
    const response = await send("GET", "/api/v1/ob/info", { Auth: sim.password, TS: validTs(), Uri: "/api/v1/ob/info", KEYS: encodeAesMaterial(freshAesMaterial()) });
    expect(response.status).toBe(200);
  });

  test.each<[string, Fields, number, string]>([
    ["a wrong password", { auth: "Wrong#Pass1" }, 400, "Security.Authentication.IncorrectOceanbasePassword"],
    ["an empty password", { auth: "" }, 400, "Security.Authentication.IncorrectOceanbasePassword"],
    ["an expired ts", { ts: String(Math.floor(Date.now() / 1000) - 1) }, 400, "Security.Authentication.Expired"],
    ["a ts that is a number", { ts: Math.floor(Date.now() / 1000) + 30 }, 400, "Security.Authentication.Timestamp.Invalid"],
    ["a different uri", { uri: "/api/v1/ob/info" }, 401, "Security.Authentication.Header.UriMismatch"],
    ["a uri without the query", { uri: "/api/v1/task/dag/11" }, 401, "Security.Authentication.Header.UriMismatch"],
  ])("%s", async (_what, override, status, code) => {
    const uri = override.uri === "/api/v1/task/dag/11" ? "/api/v1/task/dag/11?show_details=true" : "/api/v1/ob/scale_out";
    const { fields, body } = scaleOutRequest({ ...override, uri: override.uri ?? uri });
    const response = await send("POST", uri, fields, body);
    expect(response.status).toBe(status);
    expect(response.data).toMatchObject({ successful: false, error: { errCode: code } });
    expect(JSON.stringify(response.data)).not.toContain(sim.password);
  });

  test("a body encrypted with another AES key than the header's", async () => {
    const { fields, body } = scaleOutRequest({ keys: "wrong-body-key" });
    const response = await send("POST", "/api/v1/ob/scale_out", { ...fields, keys: encodeAesMaterial(freshAesMaterial()) }, body);
    expect(response.status).toBe(500);
    expect(response.data.error.errCode).toMatch(/^Request\.Body\.Decrypt/);
  });

  test("keys that are not 32 bytes", async () => {
    const { fields, body } = scaleOutRequest();
    const response = await send("POST", "/api/v1/ob/scale_out", { ...fields, keys: Buffer.alloc(16).toString("base64") }, body);
    expect(response.data.error.errCode).toBe("Request.Body.Decrypt.AES.KeyAndIv.Invalid");
  });

  test("a header encrypted with another RSA key", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey;
    const header = rsaEncryptChunks(other, JSON.stringify({ auth: sim.password, ts: validTs(), uri: "/api/v1/ob/info" }));
    const response = await axios.get(`http://${sim.host}:${sim.members[0].port}/api/v1/ob/info`, { headers: { "X-OCS-Header": header }, validateStatus: () => true });
    expect(response.status).toBe(500);
    expect(response.data.error.errCode).toBe("Security.Authentication.Header.DecryptError");
  });

  test("a header with a flipped byte, and one cut short", async () => {
    const header = Buffer.from(rsaEncryptChunks(publicKey, JSON.stringify({ auth: sim.password, ts: validTs(), uri: "/api/v1/ob/info" })), "base64");
    const flipped = Buffer.from(header);
    flipped[5] ^= 0xff;
    for (const bad of [flipped, header.subarray(0, header.length - 1)]) {
      const response = await axios.get(`http://${sim.host}:${sim.members[0].port}/api/v1/ob/info`, { headers: { "X-OCS-Header": bad.toString("base64") }, validateStatus: () => true });
      expect(response.data.error.errCode).toBe("Security.Authentication.Header.DecryptError");
    }
  });

  test("no header at all; and v1's header on an agent that lists only v2", async () => {
    const none = await axios.get(`http://${sim.host}:${sim.members[0].port}/api/v1/ob/info`, { validateStatus: () => true });
    expect(none.status).toBe(401);
    const v1 = await axios.get(`http://${sim.host}:${sim.members[0].port}/api/v1/ob/info`, {
      headers: { "X-OCS-Auth": rsaEncryptChunks(publicKey, JSON.stringify({ password: sim.password, ts: validTs() })) },
      validateStatus: () => true,
    });
    expect(v1.data.error.errCode).toBe("Security.Authentication.Unauthorized");
  });

  test("nothing was changed by any rejected request", () => {
    expect(sim.control.snapshot().dags).toEqual([]);
  });
});

describe("scale-out rules", () => {
  test("a number in obConfigs fails to bind, as Go's map[string]string does", async () => {
    const material = freshAesMaterial();
    const body = aesEncrypt(material, JSON.stringify({ agentInfo: { ip: sim.host, port: sim.singles[0].port }, obConfigs: { rpc_port: 3882 }, zone: "zone2" }));
    const response = await send("POST", "/api/v1/ob/scale_out", { auth: sim.password, ts: validTs(), uri: "/api/v1/ob/scale_out", keys: encodeAesMaterial(material) }, body);
    expect(response.data.error.errCode).toBe("Common.BindJsonFailed");
  });

  test("a DAG runs its stages; a second operation meanwhile meets the maintenance lock; a member cannot join again", async () => {
    const { fields, body } = scaleOutRequest();
    const first = await send("POST", "/api/v1/ob/scale_out", fields, body);
    expect(first.data.data).toMatchObject({ name: SCALE_OUT, stage: 1, max_stage: 9, state: "READY", operator: "RUN" });
    expect(first.data.data.id).toMatch(/^1/);
    const second = scaleOutRequest({}, undefined, sim.singles[1].port);
    const locked = await send("POST", "/api/v1/ob/scale_out", second.fields, second.body);
    expect(locked.status).toBe(500);
    expect(locked.data.error.errCode).toMatch(/^OB\.Cluster\.UnderMaintenance/);
    await new Promise((resolve) => setTimeout(resolve, 9 * 50 + 100));
    const id = first.data.data.id;
    const uri = `/api/v1/task/dag/${id}?show_details=true`;
    const dag = await send("GET", uri, { auth: sim.password, ts: validTs(), uri, keys: encodeAesMaterial(freshAesMaterial()) });
    expect(dag.data.data).toMatchObject({ state: "SUCCEED", operator: "RUN", stage: 9 });
    expect(dag.data.data.nodes).toHaveLength(9);
    const snapshot = sim.control.snapshot();
    expect(snapshot.servers.find((s) => s.agentPort === sim.singles[0].port)).toMatchObject({ zone: "zone2", svrPort: sim.singles[0].port + 1, status: "ACTIVE" });
    expect(snapshot.agents.find((a) => a.port === sim.singles[0].port)!.identity).toBe("FOLLOWER");
    const again = scaleOutRequest();
    const refused = await send("POST", "/api/v1/ob/scale_out", again.fields, again.body);
    expect(refused.data.error.errCode).toBe("Agent.Identify.NotSupportOperation");
  });
});

describe("the control API over HTTP", () => {
  test("state, zone drift, someone else's maintenance, faults", async () => {
    const control = (method: string, path: string, data?: unknown) => axios.request({ method, url: `${sim.controlUrl}${path}`, data, validateStatus: () => true });
    const member = sim.members[1];
    expect((await control("PATCH", `/_sim/servers/${member.host}:${member.port}`, { zone: "zone9" })).status).toBe(204);
    const state = (await control("GET", "/_sim/state")).data;
    expect(state.servers.find((s: { agentPort: number }) => s.agentPort === member.port).zone).toBe("zone9");
    expect((await control("PATCH", `/_sim/servers/${member.host}:1`, { zone: "zone9" })).status).toBe(404);
    const hold = await control("POST", "/_sim/maintenance", { ms: 100 });
    expect(hold.data.id).toMatch(/^1\d+$/);
    const { fields, body } = scaleOutRequest({}, undefined, sim.singles[1].port);
    const locked = (await send("POST", "/api/v1/ob/scale_out", fields, body)).data.error;
    expect(locked).toMatchObject({ errCode: "OB.Cluster.UnderMaintenanceWithDag", message: "OceanBase cluster is under maintenance by DAG: Maintenance by another client, please try again later" });
    expect((await control("PUT", "/_sim/faults", [{ dag: SCALE_OUT, node: "Check scale out" }])).status).toBe(204);
    expect((await control("GET", "/_sim/calls")).data.length).toBeGreaterThan(0);
    await control("PATCH", `/_sim/servers/${member.host}:${member.port}`, { zone: "zone1" });
  });
});

describe("the maintenance lock and DAG operators, as OBShell's source keeps them", () => {
  let lock: ObshellSimulator;
  let key: ReturnType<typeof agentPublicKey>;
  beforeAll(async () => {
    lock = await startObshellSimulator({ stageMs: 20, singles: 1 });
    key = agentPublicKey((await axios.get(`http://${lock.host}:${lock.members[0].port}/api/v1/secret`)).data.data.public_key);
  });
  afterAll(() => lock.close());

  async function call(method: string, uri: string, data?: unknown) {
    const material = freshAesMaterial();
    const fields = { auth: lock.password, ts: validTs(), uri, keys: encodeAesMaterial(material) };
    const response = await axios.request({
      method,
      url: `http://${lock.host}:${lock.members[0].port}${uri}`,
      headers: { "X-OCS-Header": rsaEncryptChunks(key, JSON.stringify(fields)) },
      data: data === undefined ? undefined : aesEncrypt(material, JSON.stringify(data)),
      transformRequest: [(d) => d],
      validateStatus: () => true,
    });
    return { status: response.status, data: response.data?.data, error: response.data?.error };
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5 * 20 + 80));
  const dagOf = async (id: string) => (await call("GET", `/api/v1/task/dag/${id}?show_details=true`)).data;
  const scaleIn = (member: number) => call("POST", "/api/v1/ob/scale_in", { agent_info: { ip: lock.host, port: lock.members[member].port }, force_kill: false });
  const scaleOutSingle = () => call("POST", "/api/v1/ob/scale_out", { agentInfo: { ip: lock.host, port: lock.singles[0].port }, obConfigs: { rpc_port: String(lock.singles[0].port + 1) }, zone: "zone2" });
  const serverOf = (member: number) => lock.control.snapshot().servers.find((s) => s.agentPort === lock.members[member].port);

  test("a scale-in failing after its first node keeps the lock: others are refused, naming it; the last maintenance DAG is it; it rolls back", async () => {
    lock.control.setFaults([{ dag: SCALE_IN, node: "Wait delete observer success", message: "server still has replicas" }]);
    const submitted = await scaleIn(1);
    expect(submitted.data).toMatchObject({ name: SCALE_IN, max_stage: 5 });
    await settle();
    const failed = await dagOf(submitted.data.id);
    expect(failed).toMatchObject({ state: "FAILED", operator: "RUN", stage: 3 });
    expect(failed.nodes.map((n: { name: string }) => n.name)).toEqual(["Delete observer", "Set agent to 'SCALING IN'", "Wait delete observer success", "Delete agent", "Try to inform to kill observer"]);
    expect(serverOf(1)!.status).toBe("DELETING");

    const refused = await scaleOutSingle();
    expect(refused.status).toBe(500);
    expect(refused.error).toMatchObject({ errCode: "OB.Cluster.UnderMaintenanceWithDag", message: expect.stringContaining("by DAG: Cluster scale in") });
    const last = await call("GET", "/api/v1/task/dag/maintain/ob");
    expect(last.data).toMatchObject({ id: submitted.data.id, name: SCALE_IN, state: "FAILED" });

    expect((await call("POST", `/api/v1/task/dag/${submitted.data.id}`, { operator: "ROLLBACK" })).status).toBe(200);
    await settle();
    expect(await dagOf(submitted.data.id)).toMatchObject({ state: "SUCCEED", operator: "ROLLBACK" });
    expect(serverOf(1)!.status).toBe("ACTIVE");
    expect(lock.control.snapshot().agents.find((a) => a.port === lock.members[1].port)!.identity).toBe("FOLLOWER");
  });

  test("a scale-in failing at its first node releases the lock; its RETRY takes it again, so it waits for an operation started meanwhile", async () => {
    lock.control.setFaults([{ dag: SCALE_IN, node: "Delete observer" }]);
    const submitted = await scaleIn(1);
    await settle();
    expect(await dagOf(submitted.data.id)).toMatchObject({ state: "FAILED", stage: 1 });
    const joining = await scaleOutSingle();
    expect(joining.status).toBe(200);
    const retry = await call("POST", `/api/v1/task/dag/${submitted.data.id}`, { operator: "RETRY" });
    expect(retry.status).toBe(500);
    expect(retry.error.errCode).toBe("OB.Cluster.UnderMaintenanceWithDag");
    await new Promise((resolve) => setTimeout(resolve, 9 * 20 + 80));
    expect(await dagOf(joining.data.id)).toMatchObject({ state: "SUCCEED", operator: "RUN" });
    expect((await call("POST", `/api/v1/task/dag/${submitted.data.id}`, { operator: "RETRY" })).status).toBe(200);
    await settle();
    expect(await dagOf(submitted.data.id)).toMatchObject({ state: "SUCCEED", operator: "RUN" });
    expect(serverOf(1)).toBeUndefined();
  });

  test("a scale-in failed at \"Delete agent\" cannot roll back (that task cannot); RETRY ends it", async () => {
    lock.control.setFaults([{ dag: SCALE_IN, node: "Delete agent" }]);
    const submitted = await scaleIn(2);
    await settle();
    expect(await dagOf(submitted.data.id)).toMatchObject({ state: "FAILED", stage: 4 });
    expect(serverOf(2)).toBeUndefined();
    const rollback = await call("POST", `/api/v1/task/dag/${submitted.data.id}`, { operator: "ROLLBACK" });
    expect(rollback.status).toBe(400);
    expect(rollback.error).toMatchObject({ errCode: "Task.Dag.Operator.RollbackNotAllowed", message: "Failed to set DAG rollback: node Delete agent cannot rollback" });
    expect((await call("POST", `/api/v1/task/dag/${submitted.data.id}`, { operator: "RETRY" })).status).toBe(200);
    await settle();
    expect(await dagOf(submitted.data.id)).toMatchObject({ state: "SUCCEED", operator: "RUN" });
    expect(lock.control.snapshot().agents.find((a) => a.port === lock.members[2].port)!.identity).toBe("SINGLE");
  });

  test("a scale-out DAG can be neither cancelled nor passed over", async () => {
    lock.control.setFaults([{ dag: SCALE_OUT, node: "Deploy observer" }]);
    const joining = await call("POST", "/api/v1/ob/scale_out", { agentInfo: { ip: lock.host, port: lock.members[1].port }, obConfigs: { rpc_port: String(lock.members[1].port + 1) }, zone: "zone2" });
    expect(joining.status).toBe(200);
    const cancel = await call("POST", `/api/v1/task/dag/${joining.data.id}`, { operator: "CANCEL" });
    expect(cancel.error).toMatchObject({ errCode: "Task.Dag.Operator.CancelNotAllowed", message: "Failed to cancel DAG: node Check scale out cannot cancel" });
    await new Promise((resolve) => setTimeout(resolve, 4 * 20 + 80));
    expect(await dagOf(joining.data.id)).toMatchObject({ state: "FAILED", stage: 4 });
    const pass = await call("POST", `/api/v1/task/dag/${joining.data.id}`, { operator: "PASS" });
    expect(pass.error).toMatchObject({ errCode: "Task.Dag.Operator.PassNotAllowed", message: "Failed to pass DAG: node Deploy observer cannot pass" });
    expect((await call("POST", `/api/v1/task/dag/${joining.data.id}`, { operator: "ROLLBACK" })).status).toBe(200);
  });
});

describe("older agents", () => {
  test("4.2.2 speaks v1 with a 512-bit key, answers integer codes, and has no scale-in", async () => {
    const old = await startObshellSimulator({ agent: { version: "4.2.2.0", obVersion: "4.2.2.0" }, singles: 0 });
    try {
      const base = `http://${old.host}:${old.members[0].port}`;
      const info = await axios.get(`${base}/api/v1/info`);
      expect(info.data.data.supportedAuth).toBeUndefined();
      const key = agentPublicKey((await axios.get(`${base}/api/v1/secret`)).data.data.public_key);
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(512);
      const auth = (password: string) => ({ "X-OCS-Auth": rsaEncryptChunks(key, JSON.stringify({ password, ts: validTs() })) });
      expect((await axios.get(`${base}/api/v1/ob/info`, { headers: auth(old.password) })).status).toBe(200);
      const wrong = await axios.get(`${base}/api/v1/ob/info`, { headers: auth("nope"), validateStatus: () => true });
      expect(wrong.data.error).toEqual({ code: 10008, message: expect.any(String), subErrors: null });
      const scaleIn = await axios.post(`${base}/api/v1/ob/scale_in`, {}, { headers: auth(old.password), validateStatus: () => true });
      expect(scaleIn.status).toBe(404);
    } finally {
      await old.close();
    }
  });
});
