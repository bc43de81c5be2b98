import {
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  parseAuthorization,
  parseSdkDate,
  sha256Hex,
  signRequest,
  signedHeaderNames,
} from "../../provider/cloud/signer";

const goSdk = { accessKey: "AccessKey", secretKey: "SecretKey" };
const goDate = parseSdkDate("20060102T150405Z")!;
const signatureOf = (headers: Record<string, string>) => parseAuthorization(headers.Authorization)!.signature;

describe("SDK-HMAC-SHA256 signer: published vectors (FACTS.md §4)", () => {
  test("vector 1: the official docs' GET with content-type, host and x-sdk-date", () => {
    const request = {
      method: "GET",
      url: "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
      headers: { "content-type": "application/json", host: "service.region.example.com", "x-sdk-date": "20191115T033655Z" },
      body: "",
    };
    expect(sha256Hex(canonicalRequest(request, signedHeaderNames(request.headers)))).toBe(
      "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
    );
    const { "x-sdk-date": _date, ...headers } = request.headers;
    const signed = signRequest(
      { ...request, headers },
      { accessKey: "QTWAOYTTINDUT2QVKYUC", secretKey: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc" },
      parseSdkDate("20191115T033655Z")!,
    );
    expect(parseAuthorization(signed.Authorization)).toEqual({
      accessKey: "QTWAOYTTINDUT2QVKYUC",
      signedHeaders: ["content-type", "host", "x-sdk-date"],
      signature: "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
    });
    expect(signed["X-Sdk-Date"]).toBe("20191115T033655Z");
  });

  test("vector 2a: Go SDK GET /path?limit=1, only x-sdk-date signed", () => {
    const signed = signRequest({ method: "GET", url: "/path?limit=1", headers: {}, body: "" }, goSdk, goDate);
    expect(signatureOf(signed)).toBe("5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624");
  });

  test("vector 2b: Go SDK POST with a JSON body followed by a newline", () => {
    const signed = signRequest(
      { method: "POST", url: "/path?key=value", headers: {}, body: '{"Name":"test","Id":1}\n' },
      goSdk,
      goDate,
    );
    expect(signatureOf(signed)).toBe("cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59");
  });

  test("vector 3: query encoding, sorting and repeated keys", () => {
    const params: Array<[string, string]> = [
      ["limit", "1"],
      ["enable", "true"],
      ["test", "一 (&=?!#%.*)"],
      ["path", "/tmp/123"],
      ["multi", "3"],
      ["multi", "1"],
      ["multi", "2"],
    ];
    expect(canonicalQueryString(params)).toBe(
      "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29",
    );
  });
});

describe("signer details", () => {
  test("canonical URI encodes each segment and ends in a slash", () => {
    expect(canonicalUri("/v1/p/vpcs")).toBe("/v1/p/vpcs/");
    expect(canonicalUri("/v1/p/users/a%20b")).toBe("/v1/p/users/a%20b/");
    expect(canonicalUri("/")).toBe("/");
  });

  test("a temporary credential's token is sent and signed", () => {
    const signed = signRequest(
      { method: "GET", url: "/x", headers: { host: "h" }, body: "" },
      { ...goSdk, securityToken: "tok" },
      goDate,
    );
    expect(signed["X-Security-Token"]).toBe("tok");
    expect(parseAuthorization(signed.Authorization)!.signedHeaders).toEqual(["host", "x-sdk-date", "x-security-token"]);
  });

  test("changing the body changes the signature", () => {
    const a = signRequest({ method: "POST", url: "/p", headers: {}, body: "{}" }, goSdk, goDate);
    const b = signRequest({ method: "POST", url: "/p", headers: {}, body: "{ }" }, goSdk, goDate);
    expect(signatureOf(a)).not.toBe(signatureOf(b));
  });

  test("malformed authorization headers parse as undefined", () => {
    expect(parseAuthorization(undefined)).toBeUndefined();
    expect(parseAuthorization("Bearer x")).toBeUndefined();
    expect(parseAuthorization("SDK-HMAC-SHA256 Access=a")).toBeUndefined();
  });
});
