import * as grpc from "@grpc/grpc-js";
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { packageVersion } from "../../provider/native/version";
import { packPlugin } from "../../plugin/pack";
import { CliStack, describeWithCli } from "../engine";

/**
 * The plugin tarball as users install it (`pulumi plugin install resource ddm <version> -f
 * <file>`, offline, into a PULUMI_HOME of its own): the installed `pulumi-resource-ddm` starts,
 * writes its port in under a second (beyond Node.js's own start), and serves its version and
 * plugin/schema.json.
 */
jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, "..", "..");
const VERSION = packageVersion();

/** Starts the plugin (or another program); resolves with the first line it prints and how long that took. */
function start(executable: string, args: string[] = []): Promise<{ child: ChildProcess; port: number; ms: number }> {
  const started = process.hrtime.bigint();
  const child = spawn(executable, args, { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` } });
  return new Promise((resolve, reject) => {
    child.stdout!.once("data", (chunk: Buffer) => resolve({ child, port: Number(chunk.toString().trim()), ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`pulumi-resource-ddm exited with ${code} before printing its port`)));
  });
}

function settle<Res>(resolve: (response: Res) => void, reject: (error: Error) => void) {
  return (error: grpc.ServiceError | null, response: Res) => (error ? reject(error) : resolve(response));
}

describeWithCli("the plugin tarball, installed with pulumi plugin install", (cli) => {
  let dir: string;
  let stack: CliStack;
  let executable: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-plugin-"));
    stack = new CliStack({ projectDir: dir, stack: "unused", cli });
    await stack.installPlugin("ddm", VERSION, packPlugin(dir));
    executable = path.join(stack.pulumiHome(), "plugins", `resource-ddm-v${VERSION}`, "pulumi-resource-ddm");
  });
  afterAll(async () => {
    await stack.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("starts in under a second and serves its version and schema", async () => {
    const starts: number[] = [];
    for (let run = 0; run < 3; run++) {
      const { child, port, ms } = await start(executable);
      starts.push(ms);
      try {
        expect(port).toBeGreaterThan(0);
        if (run > 0) continue;
        const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        try {
          const info = await new Promise<PluginInfo>((resolve, reject) => client.getPluginInfo(new Empty(), settle(resolve, reject)));
          expect(info.getVersion()).toBe(VERSION);
          const schema = await new Promise<provproto.GetSchemaResponse>((resolve, reject) => client.getSchema(new provproto.GetSchemaRequest(), settle(resolve, reject)));
          expect(schema.getSchema()).toBe(fs.readFileSync(path.join(ROOT, "plugin", "schema.json"), "utf8"));
        } finally {
          client.close();
        }
      } finally {
        child.kill();
      }
    }
    // The best of three, beyond what Node.js itself takes to start and print a line on this
    // machine now: the machine's other work should not decide it.
    const node: number[] = [];
    for (let run = 0; run < 3; run++) node.push((await start(process.execPath, ["-e", "console.log(1)"])).ms);
    expect(Math.min(...starts) - Math.min(...node)).toBeLessThan(1000);
  });
});
