import { DdmClient } from "../../provider/ddm/client";
import type { CreateInstanceRequest } from "../../provider/ddm/client/types";
import { instanceProvider } from "../../provider/ddm/instance";
import { ResourceInitError } from "../../provider/resource/context";
import type { Simulator } from "../../simulator";
import { simulatorEnv, startTestSimulator, withEnv } from "../support/simulator";

/**
 * Where the client and the simulator once agreed with each other but not with the service
 * (issue 12): each behaviour driven through the providers against the simulator over HTTP.
 */

let sim: Simulator;
let restoreEnv: () => void;

beforeAll(async () => {
  sim = await startTestSimulator();
  restoreEnv = withEnv({ ...simulatorEnv(sim), DDM_PROGRESS_INTERVAL_MS: "600000" });
  await instanceProvider.configure({ config: { get: (key: string) => (key === "ddm:maxRequestsPerMinute" ? "100000" : undefined), require: () => "" } } as never);
});
afterAll(async () => {
  restoreEnv();
  await sim.close();
});

const PROVIDER = { __provider: "serialized-provider" };

function instanceInputs(overrides: Record<string, unknown> = {}) {
  return {
    ...PROVIDER,
    name: "fidelity-ddm",
    flavor: "ddm.c6.2xlarge.2",
    nodeNum: 2,
    engine: "3.1.0",
    availabilityZones: ["az1"],
    vpcId: "vpc-1",
    subnetId: "subnet-1",
    securityGroupId: "sg-1",
    adminUsername: "root",
    adminPassword: "Admin#Pass2024",
    ...overrides,
  };
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
