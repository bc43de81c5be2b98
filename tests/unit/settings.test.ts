import { endpointOf, resolveSettings, SettingsError } from "../../provider/cloud/settings";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("settings resolution", () => {
  test("stack config wins over the environment", () => {
    const settings = resolveSettings(
      config({ "ddm:accessKey": "CFG_AK", "ddm:secretKey": "CFG_SK", "ddm:region": "ap-southeast-1" }),
      { HW_ACCESS_KEY: "ENV_AK", HW_SECRET_KEY: "ENV_SK", HW_REGION_NAME: "eu-west-101" },
    );
    expect(settings.credentials).toEqual({ kind: "aksk", accessKey: "CFG_AK", secretKey: "CFG_SK", securityToken: undefined });
    expect(settings.region).toBe("ap-southeast-1");
    expect(settings.endpoints.ddm).toBe("https://ddm.ap-southeast-1.myhuaweicloud.com");
    expect(settings.authUrl).toBe("https://iam.ap-southeast-1.myhuaweicloud.com");
  });

  test("environment variables in the order users have them: HW_* before HUAWEICLOUD_SDK_*", () => {
    const settings = resolveSettings(undefined, {
      HW_ACCESS_KEY: "HW_AK",
      HUAWEICLOUD_SDK_AK: "SDK_AK",
      HUAWEICLOUD_SDK_SK: "SDK_SK",
      HW_SECRET_KEY: "HW_SK",
      HUAWEICLOUD_SDK_SECURITY_TOKEN: "TOKEN",
      HUAWEICLOUD_SDK_PROJECT_ID: "pid",
      HW_REGION_NAME: "eu-west-101",
    });
    expect(settings.credentials).toEqual({ kind: "aksk", accessKey: "HW_AK", secretKey: "HW_SK", securityToken: "TOKEN" });
    expect(settings.projectId).toBe("pid");
    expect(settings.endpoints.ddm).toBe("https://ddm.eu-west-101.myhuaweicloud.eu");
  });

  test("the SDK variables are used when the Terraform ones are absent", () => {
    const settings = resolveSettings(undefined, { HUAWEICLOUD_SDK_AK: "A", HUAWEICLOUD_SDK_SK: "S", HW_REGION_NAME: "r" });
    expect(settings.credentials).toMatchObject({ accessKey: "A", secretKey: "S" });
  });

  test("credentials are never mixed across sources", () => {
    expect(() =>
      resolveSettings(config({ "ddm:accessKey": "CFG_AK", "ddm:region": "r" }), { HW_SECRET_KEY: "ENV_SK" }),
    ).toThrow(/Incomplete AK\/SK credentials/);
  });

  test("password credentials need user, password and domain", () => {
    const settings = resolveSettings(undefined, {
      HW_USER_NAME: "u",
      HW_USER_PASSWORD: "p4ssword",
      HW_DOMAIN_NAME: "d",
      HW_REGION_NAME: "r",
    });
    expect(settings.credentials).toEqual({ kind: "password", userName: "u", password: "p4ssword", domainName: "d" });
    expect(() => resolveSettings(undefined, { HW_USER_NAME: "u", HW_USER_PASSWORD: "p", HW_REGION_NAME: "r" })).toThrow(
      /ddm:domainName/,
    );
  });

  test("HW_DDM_ENDPOINT and HW_AUTH_URL point at another endpoint, such as the simulator", () => {
    const settings = resolveSettings(undefined, {
      HW_ACCESS_KEY: "a",
      HW_SECRET_KEY: "s",
      HW_DDM_ENDPOINT: "http://127.0.0.1:8080/",
      HW_AUTH_URL: "http://127.0.0.1:8080/v3",
    });
    expect(settings.endpoints.ddm).toBe("http://127.0.0.1:8080");
    expect(settings.authUrl).toBe("http://127.0.0.1:8080");
  });

  test("HW_CLOUD changes the domain, as for OpenTelekomCloud", () => {
    const settings = resolveSettings(undefined, { HW_ACCESS_KEY: "a", HW_SECRET_KEY: "s", HW_REGION_NAME: "eu-de", HW_CLOUD: "otc.t-systems.com" });
    expect(settings.endpoints.ddm).toBe("https://ddm.eu-de.otc.t-systems.com");
  });

  test("clear errors for what is missing or malformed, without echoing secrets", () => {
    expect(() => resolveSettings(undefined, {})).toThrow(SettingsError);
    expect(() => resolveSettings(undefined, { HW_REGION_NAME: "r" })).toThrow(/No Huawei Cloud credentials/);
    expect(() => resolveSettings(config({ "ddm:maxRequestsPerMinute": "0" }), { HW_ACCESS_KEY: "a", HW_SECRET_KEY: "s", HW_REGION_NAME: "r" })).toThrow(
      /maxRequestsPerMinute must be a positive integer/,
    );
    expect(() => resolveSettings(undefined, { HW_ACCESS_KEY: "a", HW_SECRET_KEY: "s", HW_DDM_ENDPOINT: "ftp://x", HW_AUTH_URL: "http://y" })).toThrow(
      /https/,
    );
    try {
      resolveSettings(config({ "ddm:secretKey": "VERY-SECRET-KEY" }), {});
    } catch (error) {
      expect(String(error)).not.toContain("VERY-SECRET-KEY");
    }
  });

  test("every service's endpoint comes from the same region and credentials; each can be pointed elsewhere", () => {
    const settings = resolveSettings(undefined, { HW_ACCESS_KEY: "a", HW_SECRET_KEY: "s", HW_REGION_NAME: "eu-west-101" });
    expect(settings.endpoints).toEqual({ ddm: "https://ddm.eu-west-101.myhuaweicloud.eu", dcs: "https://dcs.eu-west-101.myhuaweicloud.eu" });
    const otc = resolveSettings(undefined, { HW_ACCESS_KEY: "a", HW_SECRET_KEY: "s", HW_REGION_NAME: "eu-de", HW_CLOUD: "otc.t-systems.com" });
    expect(otc.endpoints.dcs).toBe("https://dcs.eu-de.otc.t-systems.com");
    const local = resolveSettings(config({ "ddm:dcsEndpoint": "http://127.0.0.1:8081/", "ddm:endpoint": "http://127.0.0.1:8080" }), {
      HW_ACCESS_KEY: "a",
      HW_SECRET_KEY: "s",
      HW_REGION_NAME: "r",
      HW_DCS_ENDPOINT: "http://ignored:1",
    });
    expect(local.endpoints).toEqual({ ddm: "http://127.0.0.1:8080", dcs: "http://127.0.0.1:8081" });
  });

  test("a service without an endpoint fails when used, naming the keys that give one", () => {
    const settings = resolveSettings(undefined, { HW_ACCESS_KEY: "a", HW_SECRET_KEY: "s", HW_DDM_ENDPOINT: "http://x:1", HW_AUTH_URL: "http://x:1" });
    expect(endpointOf(settings, "ddm")).toBe("http://x:1");
    expect(() => endpointOf(settings, "dcs")).toThrow(/No DCS endpoint: set ddm:dcsEndpoint \(or HW_DCS_ENDPOINT\), or ddm:region/);
    expect(() => resolveSettings(config({ "ddm:dcsEndpoint": "ftp://x" }), { HW_ACCESS_KEY: "a", HW_SECRET_KEY: "s", HW_REGION_NAME: "r" })).toThrow(
      /ddm:dcsEndpoint must use https/,
    );
  });

  test("operations are followed together unless ddm:watchTogether is false; anything else is refused", () => {
    const env = { HW_ACCESS_KEY: "a", HW_SECRET_KEY: "s", HW_REGION_NAME: "r" };
    expect(resolveSettings(config({}), env).watchTogether).toBe(true);
    expect(resolveSettings(config({ "ddm:watchTogether": "false" }), env).watchTogether).toBe(false);
    expect(() => resolveSettings(config({ "ddm:watchTogether": "no" }), env)).toThrow(/ddm:watchTogether must be true or false, got "no"/);
  });

  test("the rate limit comes from ddm:maxRequestsPerMinute", () => {
    const settings = resolveSettings(config({ "ddm:maxRequestsPerMinute": "30" }), { HW_ACCESS_KEY: "a", HW_SECRET_KEY: "s", HW_REGION_NAME: "r" });
    expect(settings.maxRequestsPerMinute).toBe(30);
  });
});
