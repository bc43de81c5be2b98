import * as pulumi from "@pulumi/pulumi";
import { DdmAccount, DdmInstance, DdmSchema } from "../../sdk";

/**
 * The provider Pulumi stores in every resource's state must stay tiny and hold no credentials:
 * it loads `pulumi-ddm/provider` by name at run time instead of capturing code by value.
 */
const registered: Record<string, Record<string, unknown>> = {};

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered[args.name] = args.inputs;
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
});

async function settled(names: readonly string[]): Promise<void> {
  // Registration happens asynchronously once the serialized provider has resolved.
  for (let i = 0; i < 100 && !names.every((name) => registered[name]); i++) await new Promise((r) => setTimeout(r, 20));
}

test("each resource stores a provider of under 4 KB that requires the package by name", async () => {
  process.env.HW_SECRET_KEY = "SK-MUST-NOT-BE-CAPTURED";
  new DdmInstance("orders", {
    name: "orders-ddm",
    flavor: "ddm.c6.2xlarge.2",
    nodeNum: 2,
    availabilityZones: ["az1"],
    vpcId: "v",
    subnetId: "s",
    securityGroupId: "g",
  });
  new DdmSchema("db", { instanceId: "i", name: "orders", shardMode: "cluster", shardNumber: 8, dataNodes: [] });
  new DdmAccount("app", { instanceId: "i", name: "app", password: "App#Pass2024", permissions: ["SELECT"] });
  await settled(["orders", "db", "app"]);
  for (const name of ["orders", "db", "app"]) {
    const provider = registered[name]?.__provider;
    expect(typeof provider).toBe("string");
    const text = provider as string;
    expect(Buffer.byteLength(text)).toBeLessThan(4096);
    expect(text).toContain('require("pulumi-ddm/provider")');
    expect(text).not.toContain("SK-MUST-NOT-BE-CAPTURED");
    expect(text).not.toMatch(/axios|signRequest|createHmac/);
  }
  console.log(`serialized provider sizes: ${["orders", "db", "app"].map((n) => Buffer.byteLength(registered[n].__provider as string)).join(", ")} bytes`);
});

test("the resources of one kind share one serialized provider: the SDK serializes it once per kind, not once per resource", async () => {
  // Each serialization reads the functions' source through a debugger session; the SDK caches the
  // text by provider object. Spied on the module object the SDK calls through (an import would
  // spy on a copy).
  const closures = jest.requireActual("@pulumi/pulumi/runtime/closure/serializeClosure") as { serializeFunction: (...args: unknown[]) => unknown };
  const serialize = jest.spyOn(closures, "serializeFunction");
  const schemas = ["s1", "s2", "s3"];
  const accounts = ["a1", "a2"];
  for (const name of schemas) new DdmSchema(name, { instanceId: "i", name, shardMode: "cluster", shardNumber: 8, dataNodes: [] });
  for (const name of accounts) new DdmAccount(name, { instanceId: "i", name, password: "App#Pass2024", permissions: ["SELECT"] });
  await settled([...schemas, ...accounts]);

  expect(serialize.mock.calls.length).toBeLessThanOrEqual(2);
  expect(new Set(schemas.map((name) => registered[name].__provider)).size).toBe(1);
  expect(registered.a1.__provider).toBe(registered.a2.__provider);
  expect(registered.a1.__provider).not.toBe(registered.s1.__provider);
  serialize.mockRestore();
});
