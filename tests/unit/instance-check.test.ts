import { checkInstance } from "../../provider/ddm/instance/check";
import { UNKNOWN } from "../../provider/resource/values";

const valid = {
  name: "orders-ddm",
  flavor: "ddm.c6.2xlarge.2",
  nodeNum: 2,
  availabilityZones: ["az1"],
  vpcId: "vpc-1",
  subnetId: "subnet-1",
  securityGroupId: "sg-1",
};

const failuresFor = (change: Record<string, unknown>, olds?: Record<string, unknown>) =>
  checkInstance({ ...valid, ...change }, olds);

describe("instance check", () => {
  test("valid inputs pass", () => {
    expect(checkInstance(valid)).toEqual([]);
    expect(failuresFor({ adminUsername: "root", adminPassword: "Secret#2024", timeZone: "UTC+08:00", timeouts: { create: 45 } })).toEqual([]);
  });

  test.each([
    [{ name: "abc" }, "name", /4 to 64 characters/],
    [{ name: "1orders" }, "name", /start with a letter/],
    [{ name: "orders_ddm" }, "name", /letters, digits and hyphens/],
    [{ name: "a".repeat(65) }, "name", /4 to 64/],
    [{ nodeNum: 0 }, "nodeNum", /at least 1|between 1/],
    [{ nodeNum: 1.5 }, "nodeNum", /whole number/],
    [{ nodeNum: "2" }, "nodeNum", /must be a number/],
    [{ availabilityZones: [] }, "availabilityZones", /must not be empty/],
    [{ availabilityZones: ["az1", "az1"] }, "availabilityZones", /must not repeat/],
    [{ vpcId: "" }, "vpcId", /must not be empty/],
    [{ vpcId: "../x" }, "vpcId", /may contain only/],
    [{ timeZone: "UTC+04:00" }, "timeZone", /must be one of/],
    [{ adminUsername: "9root", adminPassword: "Secret#2024" }, "adminUsername", /start with a letter/],
    [{ adminUsername: "root", adminPassword: "short" }, "adminPassword", /8 to 32/],
    [{ adminUsername: "root", adminPassword: "alllowercase" }, "adminPassword", /at least three/],
    [{ adminUsername: "root", adminPassword: "Bad pass 123" }, "adminPassword", /may contain only/],
    [{ adminUsername: "root" }, "adminPassword", /required together/],
    [{ deleteRdsData: "yes" }, "deleteRdsData", /true or false/],
    [{ timeouts: { create: -1 } }, "timeouts", /minutes/],
    [{ timeouts: { forever: 1 } }, "timeouts", /unknown key/],
    [{ nodeNums: 3 }, "nodeNums", /not a property/],
  ])("%j fails on %s", (change, property, reason) => {
    const failures = failuresFor(change);
    expect(failures).toContainEqual({ property, reason: expect.stringMatching(reason) });
    expect(failures.find((f) => f.property === property)!.reason.startsWith(property)).toBe(true);
  });

  test("missing required properties are each reported", () => {
    const failures = checkInstance({});
    expect(failures.map((f) => f.property).sort()).toEqual(
      ["availabilityZones", "flavor", "name", "nodeNum", "securityGroupId", "subnetId", "vpcId"].sort(),
    );
  });

  test("passwords never appear in failure reasons", () => {
    const failures = failuresFor({ adminUsername: "root", adminPassword: "weakpassword-with-space " });
    expect(JSON.stringify(failures)).not.toContain("weakpassword");
  });

  test("unknown values pass during preview", () => {
    expect(failuresFor({ name: UNKNOWN, vpcId: UNKNOWN, availabilityZones: [UNKNOWN] })).toEqual([]);
  });

  test("a c6s instance cannot move to c6", () => {
    expect(failuresFor({ flavor: "ddm.c6.2xlarge.2" }, { flavor: "ddm.c6s.2xlarge.2" })).toContainEqual({
      property: "flavor",
      reason: expect.stringMatching(/c6s series/),
    });
  });
});
