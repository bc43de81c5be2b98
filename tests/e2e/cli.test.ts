import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { DEFAULT_ACCESS_KEY, DEFAULT_SHARED_RDS, type Simulator } from "../../simulator";
import { pulumiCliAvailable } from "../engine";
import { startTestSimulator } from "../support/simulator";
import { SECRETS } from "./topology-stack";

/**
 * The same scenarios with the real Pulumi CLI (local file backend, passphrase secrets), from the
 * repository root where Pulumi.yaml runs the example. The CLI cannot be installed on this
 * project's machines (it downloads itself from outside the reachable registries), so there these
 * tests are skipped, and say so.
 */
jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, "..", "..");

if (!pulumiCliAvailable()) {
  test.skip("real pulumi CLI scenarios: skipped, no `pulumi` binary on PATH (it cannot be installed here)", () => undefined);
} else {
  describe("with the real pulumi CLI", () => {
    let sim: Simulator;
    let home: string;
    const pulumi = async (...args: string[]) =>
      (
        await promisify(execFile)("pulumi", [...args, "--non-interactive", "--stack", "cli-e2e"], {
          cwd: ROOT,
          env: { ...process.env, PULUMI_HOME: home, PULUMI_BACKEND_URL: `file://${home}`, PULUMI_CONFIG_PASSPHRASE: "cli-e2e" },
          maxBuffer: 1 << 24,
        })
      ).stdout;

    beforeAll(async () => {
      sim = await startTestSimulator({ rateLimit: false });
      home = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-cli-"));
      await promisify(execFile)("pulumi", ["stack", "init", "cli-e2e", "--non-interactive"], {
        cwd: ROOT,
        env: { ...process.env, PULUMI_HOME: home, PULUMI_BACKEND_URL: `file://${home}`, PULUMI_CONFIG_PASSPHRASE: "cli-e2e" },
      });
      const plain: Record<string, string> = {
        "ddm:endpoint": sim.url,
        "ddm:authUrl": sim.url,
        "ddm:region": sim.region,
        "ddm:accessKey": DEFAULT_ACCESS_KEY,
        "ddm:maxRequestsPerMinute": "6000",
        vpcId: "vpc-cli",
        subnetId: "subnet-cli",
        securityGroupId: "sg-cli",
        rdsIds: DEFAULT_SHARED_RDS.map((r) => r.id).join(","),
      };
      for (const [key, value] of Object.entries(plain)) await pulumi("config", "set", key, value);
      for (const [key, value] of Object.entries(SECRETS)) await pulumi("config", "set", "--secret", key, value);
    });
    afterAll(async () => {
      await pulumi("stack", "rm", "--yes", "--force").catch(() => undefined);
      fs.rmSync(home, { recursive: true, force: true });
      await sim.close();
    });

    test("up creates the topology; a nodeNum change is one enlarge; destroy leaves nothing", async () => {
      await pulumi("up", "--yes", "--skip-preview");
      expect(sim.control.snapshot().instances).toHaveLength(1);
      const outputs = JSON.parse(await pulumi("stack", "output", "--json"));
      expect(outputs.nodeCount).toBe(2);

      await pulumi("config", "set", "nodeNum", "4");
      sim.control.resetCalls();
      await pulumi("up", "--yes", "--skip-preview");
      expect(sim.control.calls().filter((c) => c.method !== "GET").map((c) => c.path.split("/").pop())).toEqual(["enlarge"]);

      await pulumi("destroy", "--yes", "--skip-preview");
      expect(sim.control.snapshot().instances).toEqual([]);
      const state = await pulumi("stack", "export");
      for (const secret of Object.values(SECRETS)) expect(state).not.toContain(secret);
    });
  });
}
