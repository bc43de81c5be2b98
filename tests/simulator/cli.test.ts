import { spawn } from "node:child_process";
import { join } from "node:path";
import axios from "axios";
import { signRequest } from "../../provider/cloud/signer";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY } from "../../simulator";
import { banner, parseCliArgs, UsageError } from "../../simulator/cli";

describe("parseCliArgs", () => {
  test("defaults: ports 8080 (DDM) and 8081 (DCS), everything else left to the simulator's defaults", () => {
    expect(parseCliArgs([])).toEqual({ port: 8080, auth: true, dcs: { port: 8081 } });
  });

  test("every flag", () => {
    const options = parseCliArgs([
      "--port", "9000",
      "--dcs-port", "9001",
      "--host", "0.0.0.0",
      "--access-key", "AK", "--secret-key", "SK",
      "--project-id", "p1",
      "--region", "eu-west-101",
      "--rate-limit", "120",
      "--job-ms", "250",
      "--seed", "7",
      "--no-auth",
    ]);
    expect(options).toEqual({
      port: 9000,
      host: "0.0.0.0",
      projectId: "p1",
      region: "eu-west-101",
      auth: false,
      credentials: [{ accessKey: "AK", secretKey: "SK" }],
      rateLimit: { limit: 120, windowMs: 60_000 },
      durations: {
        createInstance: 250,
        deleteInstance: 250,
        enlarge: 250,
        reduce: 250,
        resize: 250,
        adminUser: 250,
        createSchema: 250,
        deleteSchema: 250,
        setConfiguration: 250,
        restart: 250,
        order: 250,
      },
      faults: { seed: 7 },
      dcs: { port: 9001, durations: { createCache: 250, extendCache: 250, resizeCache: 250, deleteCache: 250 }, faults: { seed: 7 } },
    });
  });

  test("--rate-limit 0 turns throttling off; --help asks for the usage", () => {
    expect(parseCliArgs(["--rate-limit", "0"])?.rateLimit).toBe(false);
    expect(parseCliArgs(["--port", "1", "--help"])).toBeUndefined();
  });

  test.each([
    [["--bogus"], /unknown option/],
    [["--port"], /needs a value/],
    [["--port", "eighty"], /non-negative integer/],
    [["--access-key", "AK"], /go together/],
  ])("%j is a usage error", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

test("the banner names the URL, the project, the credentials and the environment to set", () => {
  const sim = { url: "http://127.0.0.1:8080", projectId: "p1", region: "r1", dcs: { url: "http://127.0.0.1:8081" } } as Parameters<typeof banner>[0];
  const text = banner(sim, {});
  expect(text).toContain("DDM simulator listening on http://127.0.0.1:8080");
  expect(text).toContain("DCS simulator listening on http://127.0.0.1:8081");
  expect(text).toContain(`${DEFAULT_ACCESS_KEY} / ${DEFAULT_SECRET_KEY}`);
  expect(text).toContain(
    `export HW_DDM_ENDPOINT=http://127.0.0.1:8080 HW_DCS_ENDPOINT=http://127.0.0.1:8081 HW_AUTH_URL=http://127.0.0.1:8080 HW_REGION_NAME=r1 HW_PROJECT_ID=p1 HW_ACCESS_KEY=${DEFAULT_ACCESS_KEY}`,
  );
  expect(banner(sim, { auth: false })).not.toContain("HW_ACCESS_KEY");
});

test("the command serves signed requests and exits cleanly on SIGINT", async () => {
  const root = join(__dirname, "..", "..");
  const child = spawn(process.execPath, ["-r", join(__dirname, "ts-register.js"), join(root, "simulator", "cli.ts"), "--port", "0", "--dcs-port", "0", "--job-ms", "10"], {
    cwd: root,
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner: ${output}`)), 10_000);
    child.stdout.on("data", () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  const projectId = /project id\s+(\S+)/.exec(output)![1];
  const target = `${url}/v2/${projectId}/engines`;
  const credentials = { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY };
  const headers = signRequest({ method: "GET", url: target, headers: { Host: new URL(url).host }, body: "" }, credentials);
  expect((await axios.get(target, { headers })).data.total).toBe(2);
  const dcsUrl = /DCS simulator listening on (http:\/\/\S+)/.exec(output)![1];
  const flavors = `${dcsUrl}/v2/${projectId}/flavors?spec_code=redis.single.xu1.large.4`;
  const dcsHeaders = signRequest({ method: "GET", url: flavors, headers: { Host: new URL(dcsUrl).host }, body: "" }, credentials);
  expect((await axios.get(flavors, { headers: dcsHeaders })).data.flavors).toHaveLength(1);
  child.kill("SIGINT");
  expect(await exited).toBe(0);
  expect(output).toContain("export HW_DDM_ENDPOINT=");
});
