import { accountProvider } from "../../provider/ddm/account";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { DdmClient } from "../../provider/ddm/client";
import type { CreateInstanceRequest } from "../../provider/ddm/client/types";
import { instanceProvider } from "../../provider/ddm/instance";
import { getFlavors } from "../../provider/ddm/lookups";
import { ResourceInitError } from "../../provider/resource/context";
import { schemaProvider } from "../../provider/ddm/schema";
import { INSTANCE_STATUSES, instanceStatusVerdict } from "../../provider/ddm/wait/statuses";
import { settleDeletion, waitUntilRunning } from "../../provider/ddm/wait";
import { FIRST_POLL_MS } from "../../provider/wait/pacing";
import type { Simulator } from "../../simulator";
import { clientFor, SERIALIZED_PROVIDER, simulatorEnv, startTestSimulator, UNTHROTTLED_CONFIG, withEnv, withProviderSimulator } from "../support/simulator";
import { instanceInputs as ddmInstanceInputs } from "../support/inputs";
import { timeScale } from "../support/time-scale";

/**
 * Where the client and the simulator once agreed with each other but not with the service
 * (issue 12): each behaviour driven through the providers against the simulator over HTTP.
 */

let sim: Simulator;
withProviderSimulator([instanceProvider], (started) => (sim = started));

const PROVIDER = SERIALIZED_PROVIDER;

const instanceInputs = (overrides: Record<string, unknown> = {}) => ddmInstanceInputs({ name: "fidelity-ddm", ...overrides });

/** One instance for the schema and account findings, created on first use. */
let shared: { id: string; outs: Record<string, unknown>; rdsIds: string[] } | undefined;
async function sharedInstance() {
  if (!shared) {
    const created = await instanceProvider.create(instanceInputs({ name: "fidelity-data-ddm", nodeNum: 1 }));
    shared = { id: created.id, outs: created.outs, rdsIds: liveInstance(created.id).rds.map((rds) => rds.id) };
  }
  return shared;
}

async function schemaInputs(name: string, rdsIndex = 0) {
  const { id, rdsIds } = await sharedInstance();
  return { ...PROVIDER, instanceId: id, name, shardMode: "cluster", shardNumber: 2, shardUnit: 2, dataNodes: [{ id: rdsIds[rdsIndex], adminUser: "root", adminPassword: "Rds#Pass123" }] };
}

async function accountInputs(name: string) {
  return { ...PROVIDER, instanceId: (await sharedInstance()).id, name, password: "Acct#Pass2024", permissions: ["SELECT"] };
}

const liveInstance = (id: string) => sim.control.snapshot().instances.find((i) => i.id === id)!;
const writes = () => sim.control.calls().filter((c) => c.method !== "GET").map((c) => `${c.method} ${c.path.replace(/^\/v\d\/[^/]+\/instances\/[^/]+/, "…")}`);

describe("1. the administrator at create", () => {
  test("is sent as admin_user_name/admin_user_password, and the instance has it without a second call", async () => {
    sim.control.resetCalls();
    const created = await instanceProvider.create(instanceInputs({ name: "admin-sdk-ddm" }));
    const create = sim.control.calls().find((c) => c.method === "POST" && c.path.endsWith("/instances"))!;
    expect(create.body).toMatchObject({ instance: { admin_user_name: "root", admin_user_password: "***" } });
    expect((create.body as { instance: object }).instance).not.toHaveProperty("admin_username");
    expect(liveInstance(created.id).adminUserName).toBe("root");
    expect(writes()).toEqual([`POST /v1/${sim.projectId}/instances`]);
    await instanceProvider.delete(created.id, created.outs);
  });

  describe("when the service ignores the create's administrator fields", () => {
    let spy: jest.SpyInstance;
    beforeEach(() => {
      // What a service that does not know the SDK's spelling does: the reference's spelling, ignored.
      const original = DdmClient.prototype.createInstance;
      spy = jest.spyOn(DdmClient.prototype, "createInstance").mockImplementation(function (this: DdmClient, request: CreateInstanceRequest) {
        const { admin_user_name, admin_user_password, ...rest } = request.instance;
        return original.call(this, { instance: { ...rest, admin_username: admin_user_name, admin_password: admin_user_password } as never });
      });
    });
    afterEach(() => spy.mockRestore());

    test("the provider notices from the details and sets it with PUT …/admin-user", async () => {
      sim.control.resetCalls();
      const created = await instanceProvider.create(instanceInputs({ name: "admin-ignored-ddm" }));
      expect(writes()).toEqual([`POST /v1/${sim.projectId}/instances`, "PUT …/admin-user"]);
      expect(liveInstance(created.id).adminUserName).toBe("root");
      expect(created.outs).toMatchObject({ adminUsername: "root", status: "RUNNING" });
      await instanceProvider.delete(created.id, created.outs);
    });

    test("on an engine without the administrator API, the create fails saying so and the state claims no administrator", async () => {
      const error = (await instanceProvider.create(instanceInputs({ name: "admin-old-ddm", engine: "3.0.8" })).catch((e) => e)) as ResourceInitError;
      expect(error).toBeInstanceOf(ResourceInitError);
      expect(error.message).toMatch(/admin-old-ddm: create did not finish: .*without the administrator root.*engine 3\.0\.8.*3\.0\.9 or later/);
      expect(error.message).not.toContain("Admin#Pass2024");
      expect(error.properties).toMatchObject({ instanceId: error.id, status: "RUNNING" });
      expect(error.properties).not.toHaveProperty("adminUsername");
      expect(error.properties).not.toHaveProperty("adminPassword");
      await instanceProvider.delete(error.id, error.properties);
    });
  });
});

describe("2. not found is HTTP 400 with a code, as the reference's error table lists it", () => {
  test("a schema: create (which looks it up first), refresh after it is gone, delete after it is gone", async () => {
    const inputs = await schemaInputs("ghost_orders");
    const created = await schemaProvider.create(inputs);
    expect(created.outs).toMatchObject({ status: "RUNNING" });
    sim.control.deleteSchema(inputs.instanceId, "ghost_orders");
    expect((await schemaProvider.read(created.id, created.outs)).id).toBe("");
    await expect(schemaProvider.delete(created.id, created.outs)).resolves.toBeUndefined();
  });

  test("an account: delete after it is gone", async () => {
    const inputs = await accountInputs("ghost_user");
    const created = await accountProvider.create(inputs);
    sim.control.deleteAccount(inputs.instanceId, "ghost_user");
    expect((await accountProvider.read(created.id, created.outs)).id).toBe("");
    await expect(accountProvider.delete(created.id, created.outs)).resolves.toBeUndefined();
  });

  test("a job the service does not know: the instance status decides, the operation does not fail", async () => {
    const original = DdmClient.prototype.getJob;
    const spy = jest.spyOn(DdmClient.prototype, "getJob").mockImplementation(function (this: DdmClient) {
      return original.call(this, "00000000-0000-0000-0000-000000000000");
    });
    try {
      const created = await instanceProvider.create(instanceInputs({ name: "unknown-job-ddm" }));
      expect(created.outs).toMatchObject({ status: "RUNNING", nodeCount: 2 });
      expect(sim.control.calls().some((c) => c.path.includes("/jobs/") && c.status === 400)).toBe(true);
      await instanceProvider.delete(created.id, created.outs);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("3. DBS.200076 (HTTP 400) while the instance is busy: wait for RUNNING and send again", () => {
  test("a schema and an account created while the instance scales out both succeed", async () => {
    const instance = await sharedInstance();
    sim.control.setDurations({ enlarge: 1_500 });
    const scaling = instanceProvider.update(instance.id, instance.outs, instanceInputs({ name: "fidelity-data-ddm", nodeNum: 2 }));
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(liveInstance(instance.id).status).toBe("GROWING");
      sim.control.resetCalls();
      const [schema, account] = await Promise.all([
        schemaProvider.create(await schemaInputs("busy_orders", 1)),
        accountProvider.create(await accountInputs("busy_user")),
      ]);
      expect(schema.outs).toMatchObject({ status: "RUNNING" });
      expect(account.outs).toMatchObject({ name: "busy_user" });
      const refused = sim.control.calls().filter((c) => c.status === 400 && c.method === "POST");
      expect(refused.length).toBeGreaterThanOrEqual(2);
      instance.outs = (await scaling).outs;
    } finally {
      sim.control.setDurations({ enlarge: 300 });
      await scaling.catch(() => undefined);
    }
  });
});

describe("4. a failed job's reason comes from the job list, and the error names the step once", () => {
  test("a scale-out whose job fails", async () => {
    const instance = await sharedInstance();
    sim.control.setFaults({ failJobs: { enlarge: true } });
    let error: ResourceInitError;
    try {
      error = (await instanceProvider.update(instance.id, instance.outs, instanceInputs({ name: "fidelity-data-ddm", nodeNum: 4 })).catch((e) => e)) as ResourceInitError;
    } finally {
      sim.control.setFaults({});
    }
    expect(error).toBeInstanceOf(ResourceInitError);
    const step = "fidelity-data-ddm: scaling out 2 → 4 nodes";
    expect(error.message).toBe(`${step} failed: Scaling out failed after adding 1 of 2 nodes (simulated fault).`);
    expect(sim.control.calls().some((c) => c.method === "GET" && c.path === `/v3/${sim.projectId}/jobs`)).toBe(true);
    instance.outs = error.properties;
  });
});

describe("5. every status decided: pending, failed or gone", () => {
  let id: string;
  let outs: Record<string, unknown>;
  beforeAll(async () => {
    ({ id, outs } = await instanceProvider.create(instanceInputs({ name: "status-ddm", nodeNum: 1 })));
  });
  afterAll(async () => {
    sim.control.driftInstance(id, { status: "RUNNING" });
    await instanceProvider.delete(id, outs);
  });

  test.each(Object.keys(INSTANCE_STATUSES))("waiting on an instance %s", async (status) => {
    const client = clientFor(sim);
    sim.control.driftInstance(id, { status });
    sim.control.resetCalls();
    const outcome = await waitUntilRunning({ client, instanceId: id, label: "status-ddm", deadline: Date.now() + 300 }).then(
      () => "running",
      (error: Error) => error.message,
    );
    const looks = sim.control.calls().filter((c) => c.method === "GET" && c.path.endsWith(`/instances/${id}`)).length;
    sim.control.driftInstance(id, { status: "RUNNING" });
    const verdict = instanceStatusVerdict(status);
    switch (verdict.kind) {
      case "running":
        expect(outcome).toBe("running");
        break;
      case "pending":
        expect(outcome).toMatch(new RegExp(`did not finish within .*last seen: ${status}`));
        break;
      case "gone":
        expect(outcome).toMatch(/the instance no longer exists/);
        expect(looks).toBe(1);
        break;
      case "failed":
        expect(outcome).toContain(`instance is ${status}`);
        expect(outcome).toContain(verdict.advice);
        expect(looks).toBe(1);
    }
  });

  test("a deletion is done when the instance shows DELETED", async () => {
    sim.control.driftInstance(id, { status: "DELETED" });
    try {
      await expect(settleDeletion(clientFor(sim), { label: "status-ddm: deleting", instanceId: id, timeoutMs: 2_000, startedAt: Date.now() })).resolves.toBeUndefined();
      expect((await instanceProvider.read(id, outs)).id).toBe("");
    } finally {
      sim.control.driftInstance(id, { status: "RUNNING" });
    }
  });

  test("FROZEN: a schema, an account and an instance change fail at once, saying to top up the account", async () => {
    sim.control.driftInstance(id, { status: "FROZEN" });
    try {
      const started = Date.now();
      const schema = { ...PROVIDER, instanceId: id, name: "frozen_orders", shardMode: "cluster", shardNumber: 2, shardUnit: 2, dataNodes: [{ id: liveInstance(id).rds[0].id, adminUser: "root", adminPassword: "Rds#Pass123" }] };
      await expect(schemaProvider.create(schema)).rejects.toThrow(/FROZEN.*top up/);
      await expect(accountProvider.create({ ...PROVIDER, instanceId: id, name: "frozen_user", password: "Acct#Pass2024", permissions: ["SELECT"] })).rejects.toThrow(/FROZEN.*top up/);
      await expect(instanceProvider.update(id, outs, instanceInputs({ name: "status-ddm-2", nodeNum: 1 }))).rejects.toThrow(/status-ddm-2: renaming to status-ddm-2 failed: instance is FROZEN.*top up/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      sim.control.driftInstance(id, { status: "RUNNING" });
    }
  });
});

describe("6. the project id, found without IAM permissions", () => {
  test("an operator whose key holds no IAM permission creates an instance, the project found through /v3/auth/projects", async () => {
    const restricted = await startTestSimulator({ credentials: [{ accessKey: "NOIAMACCESSKEY000001", secretKey: "NoIamSecretKey00000000000000000000000001", iamPermissions: false }] });
    const restore = withEnv({ ...simulatorEnv(restricted), HW_ACCESS_KEY: "NOIAMACCESSKEY000001", HW_SECRET_KEY: "NoIamSecretKey00000000000000000000000001" });
    try {
      const created = await instanceProvider.create(instanceInputs({ name: "no-iam-ddm" }));
      expect(created.outs).toMatchObject({ status: "RUNNING", projectId: restricted.projectId });
      const iam = restricted.control.calls().filter((c) => c.path.startsWith("/v3/") && c.path.includes("projects"));
      expect(iam.map((c) => [c.path, c.status])).toEqual([["/v3/auth/projects", 200]]);
      await instanceProvider.delete(created.id, created.outs);
    } finally {
      restore();
      await restricted.close();
    }
  });
});

describe("7. the progress clock starts when the service answers the submit", () => {
  test("lookups held up by the client's limiter do not delay the first look at the job", async () => {
    // A limit the create's lookups exceed (2 calls per minute, ten times faster: a 6 s window), as
    // at the service's real 60 a minute once a deployment has spent it: the lookups then take
    // seconds before the submit.
    const time = timeScale(0.1);
    const perWindow = 2;
    const limited = { config: { get: (key: string) => (key === "ddm:maxRequestsPerMinute" ? String(perWindow) : undefined), require: () => "" } } as never;
    const restore = withEnv(time.clientEnv);
    await instanceProvider.configure(limited);
    sim.control.setDurations({ createInstance: 1_500 });
    sim.control.resetCalls();
    try {
      const created = await instanceProvider.create(instanceInputs({ name: "clock-ddm" }));
      const calls = sim.control.calls();
      const submit = calls.find((c) => c.method === "POST" && c.path.endsWith("/instances"))!;
      const firstPoll = calls.find((c) => c.path.includes("/jobs/"))!;
      expect(submit.at - calls[0].at).toBeGreaterThan(time.windowMs / 2);
      // FIRST_POLL_MS after the answer, plus at most one turn of the limiter (a ceiling under the
      // service's limit is kept as a rate: a call every window ÷ ceiling).
      expect(firstPoll.at - submit.at).toBeLessThan(FIRST_POLL_MS + time.windowMs / perWindow + 500);
      await instanceProvider.configure(UNTHROTTLED_CONFIG);
      await instanceProvider.delete(created.id, created.outs);
    } finally {
      restore();
      sim.control.setDurations({ createInstance: 300 });
      await instanceProvider.configure(UNTHROTTLED_CONFIG);
    }
  });
});

describe("8. a redirect is not success", () => {
  test("an account change sent to an endpoint that redirects fails naming the redirect; nothing changed", async () => {
    const inputs = await accountInputs("redirected_user");
    const created = await accountProvider.create(inputs);
    // An http:// address in front of the service, answering every call with a redirect.
    const redirector = http.createServer((request, response) => {
      response.writeHead(301, { Location: `${sim.url}${request.url}` }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
    const restore = withEnv({ HW_DDM_ENDPOINT: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}` });
    try {
      const change = { ...inputs, description: "changed through a redirect" };
      await expect(accountProvider.update(created.id, created.outs, change)).rejects.toThrow(/update account failed: HTTP 301 the endpoint redirects to http:\/\/127\.0\.0\.1.*nothing was done/);
    } finally {
      restore();
      await new Promise((resolve) => redirector.close(resolve));
    }
    const account = liveInstance(inputs.instanceId).accounts.find((a) => a.name === "redirected_user")!;
    expect(account.description).toBe("");
  });
});

describe("9. pages the service sizes", () => {
  test("flavor groups paged by the size the service reports: every class is found, a late one can be bought", async () => {
    const small = await startTestSimulator({ flavorPageSize: 3 });
    const restore = withEnv(simulatorEnv(small));
    try {
      const flavors = await getFlavors({ engine: "3.1.0" });
      expect(flavors.map((f) => f.code).sort()).toEqual(expect.arrayContaining(["ddm.c6s.8xlarge.2", "ddm.kc1.8xlarge.2"]));
      expect(flavors).toHaveLength(11);
      const created = await instanceProvider.create(instanceInputs({ name: "late-flavor-ddm", flavor: "ddm.c6s.8xlarge.2", nodeNum: 1 }));
      expect(created.outs).toMatchObject({ flavorCode: "ddm.c6s.8xlarge.2", status: "RUNNING" });
      await instanceProvider.delete(created.id, created.outs);
    } finally {
      restore();
      await small.close();
    }
  });
});

describe("10. engine versions: by id, else by release; a refresh or import never fails on them", () => {
  let id: string;
  let outs: Record<string, unknown>;
  beforeAll(async () => {
    ({ id, outs } = await instanceProvider.create(instanceInputs({ name: "engine-ddm", nodeNum: 1 })));
  });
  afterAll(async () => {
    await instanceProvider.delete(id, outs);
  });
  /** State as an older provider version wrote it, without the resolved ids. */
  const withoutIds = () => ({ ...outs, engineId: undefined, flavorId: undefined });

  test("a four-part build of the release is the same engine: no drift, no replacement, import adopts it", async () => {
    sim.control.driftInstance(id, { engineVersion: "3.1.0.5" });
    const read = await instanceProvider.read(id, outs);
    expect(read.props).toMatchObject({ engineVersion: "3.1.0.5", engineId: outs.engineId });
    const diff = await instanceProvider.diff(id, read.props!, instanceInputs({ name: "engine-ddm", nodeNum: 1 }));
    expect(diff.replaces).toEqual([]);
    const old = await instanceProvider.read(id, withoutIds());
    expect(old.props).toMatchObject({ engineId: outs.engineId, flavorId: outs.flavorId });
    const adopted = await instanceProvider.create(instanceInputs({ name: "engine-ddm", nodeNum: 1, importId: id }));
    expect(adopted.outs).toMatchObject({ instanceId: id, engineId: outs.engineId, flavorId: outs.flavorId });
  });

  test("an engine no longer on sale: refresh and import still work", async () => {
    sim.control.driftInstance(id, { engineVersion: "2.9.9" });
    const read = await instanceProvider.read(id, withoutIds());
    expect(read.id).toBe(id);
    expect(read.props).toMatchObject({ engineVersion: "2.9.9", status: "RUNNING" });
    const adopted = await instanceProvider.create(instanceInputs({ name: "engine-ddm", nodeNum: 1, engine: "2.9.9", importId: id }));
    expect(adopted.outs).toMatchObject({ instanceId: id, engineVersion: "2.9.9" });
    sim.control.driftInstance(id, { engineVersion: "3.1.0" });
  });
});

describe("6b. an IAM endpoint without /v3/auth/projects", () => {
  test("the project id is looked up by name instead", async () => {
    const open = await startTestSimulator({ auth: false });
    // An IAM in front of the simulator that does not serve the caller's project list.
    const iam = http.createServer((request, response) => {
      if (request.url?.startsWith("/v3/auth/projects")) {
        response.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ error: { code: 404, message: "not here" } }));
        return;
      }
      const forward = http.request(`${open.url}${request.url}`, { method: request.method, headers: { ...request.headers, host: new URL(open.url).host } }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      request.pipe(forward);
    });
    await new Promise<void>((resolve) => iam.listen(0, "127.0.0.1", resolve));
    try {
      const client = clientFor(open, { HW_AUTH_URL: `http://127.0.0.1:${(iam.address() as AddressInfo).port}` });
      expect(await client.projectId()).toBe(open.projectId);
      expect(open.control.calls().map((c) => c.path)).toEqual(["/v3/projects"]);
    } finally {
      await new Promise((resolve) => iam.close(resolve));
      await open.close();
    }
  });
});
