import type { Simulator } from "../../simulator";
import { Throttle } from "../../simulator/throttle";
import { call, CREDENTIALS, issueToken, manualClock, simulator } from "./helpers";

/** Long enough that four calls land in one window even on a loaded machine. */
const WINDOW_MS = 3_000;

describe("throttling over HTTP", () => {
  let sim: Simulator;
  const other = { accessKey: "SECONDACCESSKEY00001", secretKey: "second-secret" };

  beforeAll(async () => {
    sim = await simulator({ credentials: [CREDENTIALS, other], rateLimit: { limit: 3, windowMs: WINDOW_MS } });
  });

  afterAll(() => sim.close());

  test("the call after the limit answers 429 APIG.0308; other credentials are not affected; the window passes", async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(sim, "GET", "/v2/{p}/engines")).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const throttled = await call(sim, "GET", "/v1/{p}/instances");
    expect(throttled.data).toEqual({
      error_code: "APIG.0308",
      error_msg: expect.stringContaining("throttled"),
      request_id: throttled.headers["x-request-id"],
    });
    expect((await call(sim, "GET", "/v2/{p}/engines", { auth: { credentials: other } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 50));
    expect((await call(sim, "GET", "/v2/{p}/engines")).status).toBe(200);
  });

  test("the token request is not throttled; calls with the token count against the user", async () => {
    const token = (await issueToken(sim)).headers["x-subject-token"];
    for (let i = 0; i < 3; i++) await issueToken(sim);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(sim, "GET", "/v2/{p}/engines", { auth: { token } })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

describe("one limit per user across services and connections", () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await simulator({ rateLimit: { limit: 3, windowMs: 60_000 } });
  });

  afterAll(() => sim.close());

  test("calls to DDM and to DCS, each on its own connection, count against the one window of the credential (FACTS.md §3: per user)", async () => {
    const dcs = { ...sim, url: sim.dcs.url };
    const statuses = [
      (await call(sim, "GET", "/v2/{p}/engines")).status,
      (await call(dcs, "GET", "/v2/{p}/instances")).status,
      (await call(sim, "GET", "/v1/{p}/instances")).status,
      (await call(dcs, "GET", "/v2/{p}/instances")).status,
      (await call(sim, "GET", "/v2/{p}/engines")).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});

describe("Throttle", () => {
  test("a sliding window: calls leave it one by one, and refused calls do not count", () => {
    const clock = manualClock(0);
    const throttle = new Throttle({ limit: 2, windowMs: 1_000 });
    expect(throttle.admit("a", clock.now())).toBe(true);
    clock.advance(500);
    expect(throttle.admit("a", clock.now())).toBe(true);
    expect(throttle.admit("a", clock.now())).toBe(false);
    clock.advance(499);
    expect(throttle.admit("a", clock.now())).toBe(false);
    clock.advance(1);
    expect(throttle.admit("a", clock.now())).toBe(true);
    expect(throttle.admit("a", clock.now())).toBe(false);
  });

  test("false turns throttling off", () => {
    const throttle = new Throttle(false);
    expect(Array.from({ length: 1_000 }, () => throttle.admit("a", 0)).every(Boolean)).toBe(true);
  });
});
