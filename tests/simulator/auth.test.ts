import { signRequest } from "../../provider/cloud/signer";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, DEFAULT_USER, startSimulator, type Simulator } from "../../simulator";
import { call, CREDENTIALS, instanceBody, issueToken, manualClock, simulator } from "./helpers";

let sim: Simulator;
const temporary = { accessKey: "TEMPORARYACCESSKEY01", secretKey: "temporary-secret", securityToken: "session-token-123" };

beforeAll(async () => {
  sim = await simulator({ credentials: [CREDENTIALS, temporary] });
});

afterAll(() => sim.close());

function expectAuthFailure(response: { status: number; data: { error_code?: string; request_id?: string }; headers: Record<string, string> }) {
  expect(response.status).toBe(401);
  expect(response.data.error_code).toBe("APIG.0301");
  expect(response.data.request_id).toBe(response.headers["x-request-id"]);
}

describe("AK/SK signatures", () => {
  test("a request signed with the project's signer is accepted, and its principal recorded", async () => {
    const response = await call(sim, "GET", "/v2/{p}/engines", { query: { offset: 0, limit: 10 } });
    expect(response.status).toBe(200);
    expect(sim.control.calls().at(-1)).toMatchObject({ path: `/v2/${sim.projectId}/engines`, principal: `ak:${CREDENTIALS.accessKey}` });
  });

  test("a POST body changed after signing is rejected, and nothing is created", async () => {
    const body = await instanceBody(sim);
    const response = await call(sim, "POST", "/v1/{p}/instances", {
      body,
      tamper: (request) => (request.body = request.body.replace("orders-ddm", "other-ddm")),
    });
    expectAuthFailure(response);
    expect(sim.control.snapshot().instances).toHaveLength(0);
  });

  test("a signed header changed after signing is rejected", async () => {
    const response = await call(sim, "GET", "/v2/{p}/engines", {
      tamper: (request) => (request.headers["X-Project-Id"] = "0".repeat(32)),
    });
    expectAuthFailure(response);
  });

  test("a query changed after signing is rejected", async () => {
    const response = await call(sim, "GET", "/v2/{p}/engines", {
      query: { limit: 1 },
      tamper: (request) => (request.url = request.url.replace("limit=1", "limit=2")),
    });
    expectAuthFailure(response);
  });

  test("the query is canonicalized from the raw URL: percent-encoded values verify", async () => {
    const response = await call(sim, "GET", "/v3/{p}/jobs", { query: { start_time: "2024-01-01T00:00:00+0000", limit: 5 } });
    expect(response.status).toBe(200);
  });

  test("X-Sdk-Date more than 15 minutes away is rejected; 14 minutes is accepted", async () => {
    const skewed = (minutes: number) => ({ credentials: CREDENTIALS, date: new Date(Date.now() - minutes * 60_000) });
    expectAuthFailure(await call(sim, "GET", "/v2/{p}/engines", { auth: skewed(16) }));
    expect((await call(sim, "GET", "/v2/{p}/engines", { auth: skewed(14) })).status).toBe(200);
  });

  test("an unknown access key, a wrong secret key, or no authentication at all is rejected", async () => {
    expectAuthFailure(await call(sim, "GET", "/v2/{p}/engines", { auth: { credentials: { ...CREDENTIALS, accessKey: "UNKNOWNACCESSKEY0000" } } }));
    expectAuthFailure(await call(sim, "GET", "/v2/{p}/engines", { auth: { credentials: { ...CREDENTIALS, secretKey: "wrong" } } }));
    expectAuthFailure(await call(sim, "GET", "/v2/{p}/engines", { auth: "none" }));
  });

  test("only the headers the Authorization lists are verified: signing x-sdk-date alone is enough", async () => {
    const url = `${sim.url}/v2/${sim.projectId}/engines`;
    const signed = signRequest({ method: "GET", url, headers: {}, body: "" }, CREDENTIALS);
    expect(signed.Authorization).toContain("SignedHeaders=x-sdk-date,");
    const response = await call(sim, "GET", "/v2/{p}/engines", { auth: "none", tamper: (request) => Object.assign(request.headers, signed) });
    expect(response.status).toBe(200);
  });

  test("temporary credentials need their security token, signed", async () => {
    expect((await call(sim, "GET", "/v2/{p}/engines", { auth: { credentials: temporary } })).status).toBe(200);
    const { securityToken: _token, ...withoutToken } = temporary;
    expectAuthFailure(await call(sim, "GET", "/v2/{p}/engines", { auth: { credentials: withoutToken } }));
    expectAuthFailure(await call(sim, "GET", "/v2/{p}/engines", { auth: { credentials: { ...temporary, securityToken: "another-token" } } }));
    expectAuthFailure(await call(sim, "GET", "/v2/{p}/engines", { auth: { credentials: { ...CREDENTIALS, securityToken: "stray-token" } } }));
  });

  test("a project id other than the simulator's is refused", async () => {
    expectAuthFailure(await call(sim, "GET", `/v1/${"f".repeat(32)}/instances`));
  });
});

describe("IAM tokens", () => {
  test("a password token: 201, X-Subject-Token, expiry a day ahead, project scope", async () => {
    const response = await issueToken(sim);
    expect(response.status).toBe(201);
    expect(response.headers["x-subject-token"]).toMatch(/^MII/);
    const { token } = response.data;
    expect(token.methods).toEqual(["password"]);
    expect(token.project).toMatchObject({ id: sim.projectId, name: sim.region });
    expect(Date.parse(token.expires_at) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    const used = await call(sim, "GET", "/v1/{p}/instances", { auth: { token: response.headers["x-subject-token"] } });
    expect(used.status).toBe(200);
    expect(sim.control.calls().at(-1)?.principal).toBe(`user:${DEFAULT_USER.domainName}/${DEFAULT_USER.userName}`);
  });

  test("the token request is recorded with the password masked", async () => {
    await issueToken(sim);
    const recorded = JSON.stringify(sim.control.calls().filter((c) => c.path === "/v3/auth/tokens"));
    expect(recorded).not.toContain(DEFAULT_USER.password);
    expect(recorded).toContain('"password":"***"');
  });

  test("a wrong password answers 401 with an IAM error body", async () => {
    const response = await issueToken(sim, { ...DEFAULT_USER, password: "Wrong-Passw0rd" });
    expect(response.status).toBe(401);
    expect(response.data.error).toMatchObject({ code: 401, title: "Unauthorized" });
    expect(response.headers["x-subject-token"]).toBeUndefined();
  });

  test("a scope naming another project is refused; scoping by project id is accepted", async () => {
    expect((await issueToken(sim, DEFAULT_USER, { project: { name: "cn-north-4" } })).status).toBe(401);
    expect((await issueToken(sim, DEFAULT_USER, { project: { id: sim.projectId } })).status).toBe(201);
  });

  test("an unknown token is refused", async () => {
    expect((await call(sim, "GET", "/v1/{p}/instances", { auth: { token: "MIInot-a-token" } })).status).toBe(401);
  });

  test("a token stops working when it expires", async () => {
    const clock = manualClock();
    const short = await simulator({ now: clock.now, tokenTtlMs: 60_000 });
    try {
      const token = (await issueToken(short)).headers["x-subject-token"];
      clock.advance(59_999);
      expect((await call(short, "GET", "/v2/{p}/engines", { auth: { token } })).status).toBe(200);
      clock.advance(1);
      expectAuthFailure(await call(short, "GET", "/v2/{p}/engines", { auth: { token } }));
    } finally {
      await short.close();
    }
  });

  test("project lookup by region answers exactly the simulator's project, and needs authentication", async () => {
    const byName = await call(sim, "GET", "/v3/projects", { query: { name: sim.region } });
    expect(byName.status).toBe(200);
    expect(byName.data.projects).toEqual([expect.objectContaining({ id: sim.projectId, name: sim.region, enabled: true, domain_id: expect.any(String) })]);
    const all = await call(sim, "GET", "/v3/auth/projects");
    expect(all.data.projects.map((p: { name: string }) => p.name)).toEqual([sim.region, "MOS"]);
    expect((await call(sim, "GET", "/v3/projects", { auth: "none", query: { name: sim.region } })).status).toBe(401);
  });

  test("a user without IAM permissions may list its own projects (/v3/auth/projects) but not look projects up by name", async () => {
    const restricted = await startSimulator({ credentials: [{ accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY, iamPermissions: false }] });
    try {
      const byName = await call(restricted, "GET", "/v3/projects", { query: { name: restricted.region } });
      expect(byName.status).toBe(403);
      expect(byName.data).toEqual({ error: { code: 403, title: "Forbidden", message: expect.stringContaining("iam:projects:list") } });
      const own = await call(restricted, "GET", "/v3/auth/projects");
      expect(own.status).toBe(200);
      expect(own.data.projects.map((p: { id: string }) => p.id)).toContain(restricted.projectId);
    } finally {
      await restricted.close();
    }
  });
});

describe("gateway behaviour", () => {
  test("an unknown API answers 404 APIG.0101 before authentication", async () => {
    const response = await call(sim, "GET", "/v1/{p}/no-such-api", { auth: "none" });
    expect(response.status).toBe(404);
    expect(response.data.error_code).toBe("APIG.0101");
  });

  test("every response carries its own X-Request-Id", async () => {
    const ids = await Promise.all([1, 2, 3].map(() => call(sim, "GET", "/v2/{p}/engines").then((r) => r.headers["x-request-id"])));
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("with auth disabled every request is served as anonymous", async () => {
    const open = await simulator({ auth: false });
    try {
      expect((await call(open, "GET", "/v2/{p}/engines", { auth: "none" })).status).toBe(200);
      expect(open.control.calls()[0].principal).toBe("anonymous");
    } finally {
      await open.close();
    }
  });
});
