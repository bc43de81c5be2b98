import * as http from "http";
import type { AddressInfo } from "net";
import { HuaweiCloudError, DdmClient, resolveSettings } from "../../provider/ddm/client";
import { settleInstance } from "../../provider/ddm/wait";
import { WaitTimeoutError } from "../../provider/wait";

/**
 * Answers the service should never send, from a server that sends them on purpose: each must
 * become a clear HuaweiCloudError naming the operation, never a crash or silently wrong state.
 */

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
let handler: Handler;
let server: http.Server;
let client: DdmClient;

beforeAll(async () => {
  server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new DdmClient(
    resolveSettings({ get: (k) => (k === "ddm:maxRequestsPerMinute" ? "100000" : undefined) }, {
      HW_DDM_ENDPOINT: url,
      HW_AUTH_URL: url,
      HW_PROJECT_ID: "p",
      HW_ACCESS_KEY: "AK",
      HW_SECRET_KEY: "SK-that-must-not-leak",
    }),
    { policy: { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 5 } },
  );
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const answer = (status: number, body: string, type = "application/json"): Handler => (_req, res) => {
  res.writeHead(status, { "Content-Type": type, "X-Request-Id": "req-42" });
  res.end(body);
};

async function failure(call: () => Promise<unknown>): Promise<HuaweiCloudError> {
  const error = await call().then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(HuaweiCloudError);
  expect((error as Error).message).not.toContain("SK-that-must-not-leak");
  return error as HuaweiCloudError;
}

describe("malformed answers", () => {
  test("an HTML error page from a proxy", async () => {
    handler = answer(502, "<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>", "text/html");
    const error = await failure(() => client.getInstance("i1"));
    expect(error.message).toBe("read instance failed: HTTP 502 502 Bad Gateway [request id req-42]");
  });

  test("a 200 with an empty body", async () => {
    handler = answer(200, "");
    expect((await failure(() => client.getInstance("i1"))).message).toMatch(/read instance failed: unexpected response: expected a JSON object, got an empty body/);
  });

  test("a 200 with HTML instead of JSON", async () => {
    handler = answer(200, "<html>maintenance</html>", "text/html");
    expect((await failure(() => client.listEngines())).message).toMatch(/list engines failed: unexpected response: expected a JSON object, got a non-JSON body/);
  });

  test("missing fields", async () => {
    handler = answer(200, JSON.stringify({ name: "x" }));
    expect((await failure(() => client.getInstance("i1"))).message).toMatch(/field "id" is missing/);
    handler = answer(200, JSON.stringify({ job_id: "j" }));
    expect((await failure(() => client.createInstance({} as never))).message).toMatch(/create instance failed: .*field "id" is missing/);
  });

  test("wrong types", async () => {
    handler = answer(200, JSON.stringify({ instances: "none" }));
    expect((await failure(() => client.listInstances())).message).toMatch(/field "instances" is not a list/);
    handler = answer(200, JSON.stringify({ id: 42, status: "RUNNING" }));
    expect((await failure(() => client.getInstance("i1"))).message).toMatch(/field "id" is not a non-empty string/);
    handler = answer(200, JSON.stringify({ job: "done" }));
    expect((await failure(() => client.getJob("j1"))).message).toMatch(/read job failed: unexpected response: expected a JSON object, got a string|non-JSON/);
  });

  test("an error body in no known format still names status and operation", async () => {
    handler = answer(400, JSON.stringify({ oops: true }));
    const error = await failure(() => client.renameInstance("i1", "name"));
    expect(error.status).toBe(400);
    expect(error.message).toBe("rename instance failed: HTTP 400 [request id req-42]");
  });

  test("an unknown instance status is pending until the timeout, which names it", async () => {
    handler = answer(200, JSON.stringify({ id: "i1", name: "n", status: "QUANTUM_FLUX" }));
    const error = await settleInstance(client, { label: "orders-ddm: scaling out 2 → 4 nodes", instanceId: "i1", timeoutMs: 1_500, startedAt: Date.now() }).catch((e) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error.message).toMatch(/orders-ddm: scaling out 2 → 4 nodes did not finish .*last seen: QUANTUM_FLUX/);
  });
});
