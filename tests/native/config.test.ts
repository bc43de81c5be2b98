import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { serve } from "../../plugin/server";
import { DEFAULT_PROJECT_ID } from "../../simulator";

/**
 * The Provider resource's settings through the plugin's gRPC service, as the engine calls it:
 * CheckConfig refuses malformed settings naming the setting and the rule, before any API call
 * (no endpoint here answers), and DiffConfig names the settings that change, replacing the
 * provider (and its resources) for another region or project only.
 */
let server: grpc.Server;
let client: provrpc.ResourceProviderClient;

beforeAll(async () => {
  const served = await serve("0.0.0-test");
  server = served.server;
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${served.port}`, grpc.credentials.createInsecure());
});
afterAll(() => {
  client.close();
  server.forceShutdown();
});

/** Settings left out are absent, as the engine sends them. */
const struct = (value: Record<string, unknown>) =>
  structproto.Struct.fromJavaScript(Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Record<string, structproto.JavaScriptValue>);

function kinds(map: ReturnType<provproto.DiffResponse["getDetaileddiffMap"]>): Record<string, number> {
  const result: Record<string, number> = {};
  map.forEach((diff, key) => (result[key] = diff.getKind()));
  return result;
}

function checkConfig(news: Record<string, unknown>): Promise<Array<{ property: string; reason: string }>> {
  const request = new provproto.CheckRequest().setUrn("urn:pulumi:s::p::pulumi:providers:ddm::p").setType("pulumi:providers:ddm").setNews(struct(news)).setOlds(struct({}));
  return new Promise((resolve, reject) =>
    client.checkConfig(request, (error, response) => (error ? reject(error) : resolve(response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() }))))),
  );
}

function diffConfig(olds: Record<string, unknown>, news: Record<string, unknown>) {
  const request = new provproto.DiffRequest().setUrn("urn:pulumi:s::p::pulumi:providers:ddm::p").setType("pulumi:providers:ddm").setOlds(struct(olds)).setOldInputs(struct(olds)).setNews(struct(news));
  return new Promise<{ changes: number; replaces: string[]; diffs: string[]; detailed: Record<string, number> }>((resolve, reject) =>
    client.diffConfig(request, (error, response) =>
      error
        ? reject(error)
        : resolve({
            changes: response.getChanges(),
            replaces: response.getReplacesList(),
            diffs: response.getDiffsList(),
            detailed: kinds(response.getDetaileddiffMap()),
          }),
    ),
  );
}

const VALID = { region: "ap-southeast-1", projectId: DEFAULT_PROJECT_ID, accessKey: "AK", secretKey: "SK-value", endpoint: "https://ddm.example.test", maxRequestsPerMinute: 60 };

test("valid settings pass, and so do none at all (the environment may give them)", async () => {
  expect(await checkConfig(VALID)).toEqual([]);
  expect(await checkConfig({})).toEqual([]);
  expect(await checkConfig({ userName: "ops", password: "pw", domainName: "acme", authUrl: "http://127.0.0.1:9/v3", watchTogether: false, cloud: "otc.t-systems.com" })).toEqual([]);
});

test.each([
  [{ region: "AP Southeast" }, "region", /ddm:region must be a region name such as "ap-southeast-1"/],
  [{ projectId: "p1" }, "projectId", /ddm:projectId must be a project id as IAM gives it: 32 hexadecimal characters, got "p1"/],
  [{ endpoint: "ddm.example.test" }, "endpoint", /ddm:endpoint must be an absolute http\(s\) URL, got "ddm.example.test"/],
  [{ dcsEndpoint: "ftp://dcs.example.test" }, "dcsEndpoint", /ddm:dcsEndpoint must use https/],
  [{ maxRequestsPerMinute: 0 }, "maxRequestsPerMinute", /ddm:maxRequestsPerMinute must be a positive integer, got "0"/],
  [{ maxRequestsPerMinute: -5 }, "maxRequestsPerMinute", /must be a positive integer, got "-5"/],
  [{ maxRetries: 1.5 }, "maxRetries", /ddm:maxRetries must be a positive integer/],
  [{ accessKey: "AK" }, "accessKey", /Incomplete AK\/SK credentials/],
  [{ userName: "ops", password: "Very#Secret1" }, "userName", /Incomplete password credentials/],
])("%j is refused, naming %s and the rule", async (settings, property, reason) => {
  const failures = await checkConfig({ ...VALID, accessKey: undefined, secretKey: undefined, ...settings });
  expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  expect(JSON.stringify(failures)).not.toContain("Very#Secret1");
});

test("several malformed settings are each named", async () => {
  const failures = await checkConfig({ ...VALID, region: "x y", maxRequestsPerMinute: 0, authUrl: "nope" });
  expect(failures.map((failure) => failure.property).sort()).toEqual(["authUrl", "maxRequestsPerMinute", "region"]);
});

const { DIFF_NONE, DIFF_SOME } = provproto.DiffResponse.DiffChanges;
const { UPDATE, UPDATE_REPLACE, ADD } = provproto.PropertyDiff.Kind;

test("unchanged settings: no changes", async () => {
  expect(await diffConfig(VALID, { ...VALID })).toMatchObject({ changes: DIFF_NONE, replaces: [], diffs: [] });
});

test("credentials, endpoints and the rate limit update the provider only, naming what changed", async () => {
  const diff = await diffConfig(VALID, { ...VALID, secretKey: "SK-rotated", endpoint: "https://ddm2.example.test", maxRequestsPerMinute: 120, maxRetries: 3 });
  expect(diff).toMatchObject({ changes: DIFF_SOME, replaces: [] });
  expect(diff.diffs.sort()).toEqual(["endpoint", "maxRequestsPerMinute", "maxRetries", "secretKey"]);
  expect(diff.detailed).toEqual({ secretKey: UPDATE, endpoint: UPDATE, maxRequestsPerMinute: UPDATE, maxRetries: ADD });
});

test("another region or project replaces the provider, and with it its resources", async () => {
  expect(await diffConfig(VALID, { ...VALID, region: "eu-west-0" })).toMatchObject({ changes: DIFF_SOME, replaces: ["region"], detailed: { region: UPDATE_REPLACE } });
  const project = await diffConfig(VALID, { ...VALID, projectId: "0e2e000000000000000000000000ea57", maxRequestsPerMinute: 30 });
  expect(project).toMatchObject({ replaces: ["projectId"], detailed: { projectId: UPDATE_REPLACE, maxRequestsPerMinute: UPDATE } });
});
