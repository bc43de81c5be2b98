import axios from "axios";
import { generateKeyPairSync } from "crypto";
import { aesEncrypt, agentPublicKey, encodeAesMaterial, freshAesMaterial, rsaEncryptChunks } from "../../provider/obshell/client/crypto";
import { startObshellSimulator, SCALE_OUT, type ObshellSimulator } from "../../simulator";

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
    expect((await send("POST", "/api/v1/ob/scale_out", fields, body)).data.error.errCode).toBe("OB.Cluster.UnderMaintenance");
    expect((await control("PUT", "/_sim/faults", [{ dag: SCALE_OUT, node: "Check scale out" }])).status).toBe(204);
    expect((await control("GET", "/_sim/calls")).data.length).toBeGreaterThan(0);
    await control("PATCH", `/_sim/servers/${member.host}:${member.port}`, { zone: "zone1" });
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
