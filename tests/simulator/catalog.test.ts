import type { Simulator } from "../../simulator";
import { call, simulator } from "./helpers";

let sim: Simulator;

beforeAll(async () => {
  sim = await simulator();
});

afterAll(() => sim.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function engineId(version: string): Promise<string> {
  const { data } = await call(sim, "GET", "/v2/{p}/engines");
  return data.engineGroups.find((engine: { version: string }) => engine.version === version).id;
}

describe("engines", () => {
  test("camelCase engineGroups with supportAzs, and the paging fields", async () => {
    const { status, data } = await call(sim, "GET", "/v2/{p}/engines");
    expect(status).toBe(200);
    expect(data).toEqual({ engineGroups: expect.any(Array), offset: 0, limit: 128, total: 2 });
    expect(data.engineGroups.map((e: { version: string }) => e.version)).toEqual(["3.0.8", "3.1.0"]);
    expect(data.engineGroups[0]).toEqual({
      id: expect.stringMatching(UUID),
      name: "ddm",
      version: "3.0.8",
      supportAzs: [
        { code: "az1", name: "az1", favored: true },
        { code: "az2", name: "az2", favored: true },
        { code: "az3", name: "az3", favored: true },
      ],
    });
  });

  test("offset is an item index and limit a page size", async () => {
    const { data } = await call(sim, "GET", "/v2/{p}/engines", { query: { offset: 1, limit: 1 } });
    expect(data.engineGroups.map((e: { version: string }) => e.version)).toEqual(["3.1.0"]);
    expect(data).toMatchObject({ offset: 1, limit: 1, total: 2 });
  });

  test.each([
    [{ limit: 0 }],
    [{ limit: 129 }],
    [{ offset: -1 }],
    [{ offset: "x" }],
  ])("paging out of range (%j) is a parameter error", async (query) => {
    const { status, data } = await call(sim, "GET", "/v2/{p}/engines", { query });
    expect(status).toBe(400);
    expect(data).toEqual({ errCode: "DBS.280001", externalMessage: expect.any(String) });
  });
});

describe("flavors", () => {
  test("X86 and ARM groups, each paged, with the documented flavor fields", async () => {
    const { data } = await call(sim, "GET", "/v2/{p}/flavors", { query: { engine_id: await engineId("3.1.0") } });
    expect(data.computeFlavorGroups.map((g: { groupType: string }) => g.groupType)).toEqual(["X86", "ARM"]);
    const [x86, arm] = data.computeFlavorGroups;
    // Asked for the default 128, the service answers pages of its own size (100 in the reference's example).
    expect(x86).toMatchObject({ offset: 0, limit: 100, total: 8 });
    expect(arm).toMatchObject({ offset: 0, limit: 100, total: 3 });
    const codes = [...x86.computeFlavors, ...arm.computeFlavors].map((f: { code: string }) => f.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        "ddm.c6.large.2",
        "ddm.c6.xlarge.2",
        "ddm.c6.2xlarge.2",
        "ddm.c6.4xlarge.2",
        "ddm.c6.8xlarge.2",
        "ddm.c6s.2xlarge.2",
        "ddm.c6s.4xlarge.2",
        "ddm.kc1.2xlarge.2",
      ]),
    );
    const flavor = x86.computeFlavors.find((f: { code: string }) => f.code === "ddm.c6.8xlarge.2");
    expect(flavor).toEqual({
      id: expect.stringMatching(UUID),
      typeCode: "cloudtype.resource.type.ddm",
      code: "ddm.c6.8xlarge.2",
      iaasCode: "c6.8xlarge.2",
      cpu: "32",
      mem: "64",
      maxConnections: null,
      serverType: "KVM",
      architecture: "X86",
      azStatus: { az1: "normal", az2: "normal", az3: "sellout" },
      regionStatus: "normal",
      groupType: null,
      dbType: "DDM",
      extendFields: { azCode: "az1,az2,az3", azDescription: "az1,az2,az3" },
    });
  });

  test("a small limit pages each group on its own until its total", async () => {
    const id = await engineId("3.1.0");
    const seen: Record<string, string[]> = { X86: [], ARM: [] };
    for (let offset = 0; offset < 8; offset += 3) {
      const { data } = await call(sim, "GET", "/v2/{p}/flavors", { query: { engine_id: id, offset, limit: 3 } });
      for (const group of data.computeFlavorGroups) {
        expect(group.computeFlavors.length).toBeLessThanOrEqual(3);
        seen[group.groupType].push(...group.computeFlavors.map((f: { id: string }) => f.id));
      }
    }
    expect(new Set(seen.X86).size).toBe(8);
    expect(new Set(seen.ARM).size).toBe(3);
  });

  test("the same class has a different id under each engine", async () => {
    const codeToId = async (version: string) => {
      const { data } = await call(sim, "GET", "/v2/{p}/flavors", { query: { engine_id: await engineId(version) } });
      return data.computeFlavorGroups[0].computeFlavors.find((f: { code: string }) => f.code === "ddm.c6.large.2").id;
    };
    expect(await codeToId("3.0.8")).not.toBe(await codeToId("3.1.0"));
  });

  test("engine_id is required and must be known", async () => {
    expect((await call(sim, "GET", "/v2/{p}/flavors")).data.errCode).toBe("DBS.280001");
    const unknown = await call(sim, "GET", "/v2/{p}/flavors", { query: { engine_id: "not-an-engine" } });
    expect(unknown.status).toBe(400);
    expect(unknown.data.errCode).toBe("DBS.280001");
  });
});
