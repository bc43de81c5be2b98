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

async function settled(): Promise<void> {
  // Registration happens asynchronously once the serialized provider has resolved.
  for (let i = 0; i < 50 && Object.keys(registered).length < 3; i++) await new Promise((r) => setTimeout(r, 20));
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
  await settled();
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
