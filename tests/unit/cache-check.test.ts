import { checkCache } from "../../provider/dcs/cache/check";
import { cacheInputs } from "../support/inputs";

const valid: Record<string, unknown> = { ...cacheInputs };

const failures = (news: Record<string, unknown>, olds?: Record<string, unknown>) => checkCache(news, olds).map((f) => f.reason);

describe("DcsInstance check", () => {
  test("a valid Redis and a valid Memcached pass", () => {
    expect(failures(valid)).toEqual([]);
    expect(failures({ ...valid, noPasswordAccess: true, password: undefined })).toEqual([]);
    const memcached = { ...valid, engine: "Memcached", engineVersion: undefined, specCode: "dcs.memcached.single_node", securityGroupId: "sg-1" };
    expect(failures(memcached)).toEqual([]);
  });

  test("a capacity the flavor does not offer", () => {
    expect(failures({ ...valid, capacity: 8 })).toEqual(["capacity 8 GB is not offered for redis.single.xu1.large.4, which is 4 GB"]);
    expect(failures({ ...valid, capacity: 0.3, specCode: "dcs.memcached.single_node" })).toEqual(["capacity below 1 GB must be 0.125, 0.25 or 0.5"]);
    expect(failures({ ...valid, capacity: 0.125, specCode: "redis.single.xu1.tiny.128" })).toEqual([]);
  });

  test("Memcached with Redis-only options, and without a security group", () => {
    expect(failures({ ...valid, engine: "Memcached", specCode: "dcs.memcached.single_node", port: 6380, reservedIps: ["10.0.0.1"] })).toEqual([
      "engineVersion is a Redis option; Memcached has none",
      "port is a Redis option; Memcached has none",
      "reservedIps is a Redis option; Memcached has none",
      "securityGroupId is required for Memcached",
    ]);
  });

  test("a password or no-password access, not neither nor both; the password rules", () => {
    expect(failures({ ...valid, password: undefined })).toEqual(["password is required unless noPasswordAccess is true"]);
    expect(failures({ ...valid, noPasswordAccess: true })).toEqual(["password must not be given with noPasswordAccess: true"]);
    expect(failures({ ...valid, password: "short" })).toEqual(["password must be 8 to 64 characters long, got 5"]);
    expect(failures({ ...valid, password: "/Cache#Pass2024" })).toEqual(["password must not start with /"]);
    expect(failures({ ...valid, password: "alllowercase" })).toEqual([
      "password must combine at least three of: uppercase letters, lowercase letters, digits, and ~!@#$^&*()-_=+\\|{}:,<.>/?",
    ]);
  });

  test("a cluster shrinking without the shards to keep fails; growing does not need them", () => {
    const cluster = { ...valid, capacity: 32, specCode: "redis.cluster.xu1.large.r2.32", cacheMode: "cluster" };
    const shrink = { ...valid, capacity: 16, specCode: "redis.cluster.xu1.large.r2.16" };
    expect(failures(shrink, cluster)).toEqual([
      "reservedIps is required when a cluster shrinks: name the shards to keep, or the service removes shards at random",
    ]);
    expect(failures({ ...shrink, reservedIps: ["192.168.0.2", "192.168.0.3", "192.168.0.4"] }, cluster)).toEqual([]);
    expect(failures({ ...valid, capacity: 64, specCode: "redis.cluster.xu1.large.r2.64" }, cluster)).toEqual([]);
  });

  test("everything else a user can type wrong names the property", () => {
    expect(failures({ ...valid, engine: "redis", name: "1x", vpcId: "vpc 1", port: 70000, maintainBegin: "02:30:00", typo: 1 })).toEqual([
      "typo is not a property of this resource",
      "name must be 4 to 64 characters long, got 2",
      "engine must be one of Redis, Memcached",
      "vpcId may contain only letters, digits, dots, hyphens and underscores",
      "port must be between 1 and 65535, got 70000",
      'maintainBegin must be a whole hour, "HH:00:00"',
      "maintainEnd is required together with maintainBegin",
    ]);
    expect(failures({ ...valid, engineVersion: undefined })).toEqual(["engineVersion is required for Redis"]);
  });
});
