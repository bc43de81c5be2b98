import { accountProvider } from "../../provider/ddm/account";
import { Transport } from "../../provider/cloud/transport";
import { instanceProvider } from "../../provider/ddm/instance";
import { schemaProvider } from "../../provider/ddm/schema";
import { obServerProvider } from "../../provider/obshell/server";
import { prng } from "../../simulator/faults";

/**
 * Throws thousands of malformed inputs at every resource's check: each must come back as
 * failures that name a property and its rule, without an exception and without any API call.
 */

const BAD_VALUES: unknown[] = [
  null,
  "",
  " ",
  "x".repeat(10_000),
  "名前-データベース",
  "emoji-🚀-name",
  "../../etc/passwd",
  "a/b",
  "a?b=c",
  "a#frag",
  "%2e%2e",
  "..",
  "\u0000nul",
  "line\nbreak",
  -1,
  0,
  1.5,
  -0.5,
  Number.MAX_SAFE_INTEGER + 2,
  Number.NaN,
  Infinity,
  true,
  false,
  [],
  [""],
  ["az1", "az1"],
  [null],
  [42],
  {},
  { nested: { deep: true } },
  "SELECT; DROP TABLE users",
  "GRANT",
];

const VALID = {
  instance: {
    name: "orders-ddm",
    flavor: "ddm.c6.2xlarge.2",
    nodeNum: 2,
    availabilityZones: ["az1"],
    vpcId: "vpc-1",
    subnetId: "subnet-1",
    securityGroupId: "sg-1",
    adminUsername: "root",
    adminPassword: "Secret#2024",
  },
  schema: {
    instanceId: "abcin09",
    name: "orders",
    shardMode: "cluster",
    shardNumber: 8,
    shardUnit: 8,
    dataNodes: [{ id: "rds1in01", adminUser: "root", adminPassword: "Rds#Pass123" }],
  },
  account: {
    instanceId: "abcin09",
    name: "app_rw",
    password: "App#Pass2024",
    permissions: ["SELECT", "INSERT"],
    schemas: ["orders"],
  },
  obServer: {
    clusterAgent: { host: "10.10.10.1", port: 2886 },
    password: "Secret#2024",
    ip: "10.10.10.4",
    port: 2886,
    zone: "zone2",
    obConfigs: { mysql_port: "2881", rpc_port: "2882", memory_limit: "16G" },
    onFailure: "keep",
  },
} as const;

const PROVIDERS = { instance: instanceProvider, schema: schemaProvider, account: accountProvider, obServer: obServerProvider };

/** A value no rule of `property` accepts; some random values happen to be valid, so they are filtered by the check itself. */
function mutate(random: () => number, valid: Record<string, unknown>): Record<string, unknown> {
  const inputs: Record<string, unknown> = JSON.parse(JSON.stringify(valid));
  const keys = Object.keys(valid);
  const changes = 1 + Math.floor(random() * 3);
  for (let i = 0; i < changes; i++) {
    const roll = random();
    if (roll < 0.08) {
      inputs[`unknown${Math.floor(random() * 100)}`] = "x";
    } else if (roll < 0.16) {
      delete inputs[keys[Math.floor(random() * keys.length)]];
    } else {
      inputs[keys[Math.floor(random() * keys.length)]] = BAD_VALUES[Math.floor(random() * BAD_VALUES.length)];
    }
  }
  return inputs;
}

const send = jest.spyOn(Transport.prototype, "send");

describe.each(Object.keys(PROVIDERS) as Array<keyof typeof PROVIDERS>)("%s check under 1,200 malformed inputs", (kind) => {
  test("every failure names the property and the rule; nothing throws; no API call", async () => {
    const random = prng(0xddd + kind.length);
    let rejected = 0;
    for (let i = 0; i < 1_200; i++) {
      const inputs = mutate(random, VALID[kind]);
      const result = await PROVIDERS[kind].check({}, inputs);
      const failures = result.failures ?? [];
      for (const failure of failures) {
        expect(typeof failure.property).toBe("string");
        expect(failure.reason.startsWith(failure.property)).toBe(true);
        expect(failure.reason.length).toBeLessThan(400);
        expect(failure.reason).not.toMatch(/Secret#2024|Rds#Pass123|App#Pass2024/);
      }
      if (failures.length) rejected++;
    }
    // Almost every mutation breaks a rule; the few that do not (e.g. a valid-looking value) still must not throw.
    expect(rejected).toBeGreaterThan(1_000);
    expect(send).not.toHaveBeenCalled();
  });
});
