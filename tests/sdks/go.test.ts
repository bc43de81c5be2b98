import { execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, type Simulator } from "../../simulator";
import { describeWithCli } from "../engine";
import { liveInstance } from "../e2e/topology-stack";
import { startTestSimulator } from "../support/simulator";
import { describeWithTool, readmeExample, REPO, run, SCHEMA } from "./toolchain";

/**
 * The generated Go SDK passes go vet and builds, with a program on it (tests/sdks/go-program,
 * built once per content by its build.sh); that program, run through the Automation API by the
 * real `pulumi` CLI with the ddm plugin installed from its tarball, creates a DdmInstance in the
 * simulator and destroys it.
 */
jest.setTimeout(900_000);

const PROGRAM_DIR = path.join(__dirname, "go-program");
const ADMIN_PASSWORD = "Go#Admin2024";

interface Report {
  outputs?: Record<string, { Value: unknown; Secret: boolean }>;
  changes: Record<string, number>;
}

/**
 * Where the ddm plugin's tarball comes from: DDM_PLUGIN_TARBALL, else this checkout's
 * plugin/pack.ts (it packs dist/, which npm test compiles first).
 */
const PACK = path.join(REPO, "plugin", "pack.ts");
const pluginTarball: ((outDir: string) => string) | undefined = process.env.DDM_PLUGIN_TARBALL
  ? () => process.env.DDM_PLUGIN_TARBALL!
  : fs.existsSync(PACK)
    ? (outDir) => (require(PACK) as { packPlugin(outDir: string): string }).packPlugin(outDir)
    : undefined;
const describeWithPlugin = pluginTarball
  ? describeWithCli
  : (name: string) => test.skip(`${name}: skipped, no ddm plugin (plugin/pack.ts packs it; or set DDM_PLUGIN_TARBALL)`, () => undefined);

describeWithTool("go", "the Go SDK is built with go", "the generated Go SDK", () => {
  let program: string;
  beforeAll(() => {
    program = run("bash", [path.join(PROGRAM_DIR, "build.sh")]).stdout.trim();
  });

  test("passes go vet and builds, with a program on it", () => {
    const usage = spawnSync(program, [], { encoding: "utf8" });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("usage: go-program");
  });

  test("the README's Go example compiles against it", () => {
    // Laid over the program's module as a package of its own (go build -overlay), so that the SDK
    // comes through the same replace directive; compiled as a library, since linking would take
    // longer than everything else here.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-go-readme-"));
    try {
      const example = readmeExample("go");
      expect(example).toContain("ddm.NewDdmInstance(");
      fs.writeFileSync(path.join(dir, "main.go"), example.replace(/^package main$/m, "package readme"));
      const overlay = { Replace: { [path.join(PROGRAM_DIR, "readme", "main.go")]: path.join(dir, "main.go") } };
      fs.writeFileSync(path.join(dir, "overlay.json"), JSON.stringify(overlay));
      const env = { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly" };
      run("go", ["build", "-trimpath", "-tags", "osusergo,grpcnotrace", "-overlay", path.join(dir, "overlay.json"), "./readme"], { cwd: PROGRAM_DIR, env });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describeWithPlugin("an Automation API program on it, with the ddm plugin and the real pulumi CLI", (cli) => {
    let sim: Simulator;
    let home: string;
    let env: NodeJS.ProcessEnv;
    const goProgram = async (operation: "up" | "destroy"): Promise<Report> => {
      const { stdout } = await promisify(execFile)(program, ["-dir", home, "-stack", "dev", operation], { env, maxBuffer: 64 * 1024 * 1024 });
      return JSON.parse(stdout.trim().split("\n").pop()!) as Report;
    };

    beforeAll(async () => {
      sim = await startTestSimulator();
      home = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-go-"));
      const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("HW_")));
      env = {
        ...inherited,
        PATH: [cli.binDir, process.env.PATH].join(path.delimiter),
        PULUMI_HOME: path.join(home, "pulumi-home"),
        PULUMI_CONFIG_PASSPHRASE: "pulumi-ddm-go-program",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        DDM_PROGRESS_INTERVAL_MS: "600000",
        DDM_ENDPOINT: sim.url,
        DDM_DCS_ENDPOINT: sim.dcs.url,
        DDM_REGION: sim.region,
        DDM_ACCESS_KEY: DEFAULT_ACCESS_KEY,
        DDM_SECRET_KEY: DEFAULT_SECRET_KEY,
        DDM_INSTANCE_NAME: "orders-go",
        DDM_ADMIN_PASSWORD: ADMIN_PASSWORD,
      };
      const { version } = JSON.parse(fs.readFileSync(SCHEMA, "utf8")) as { version: string };
      run(path.join(cli.binDir, "pulumi"), ["plugin", "install", "resource", "ddm", version, "-f", pluginTarball!(home)], { env });
    });
    afterAll(async () => {
      await sim?.close();
      if (home) fs.rmSync(home, { recursive: true, force: true });
    });

    test("creates an instance and destroys it", async () => {
      const up = await goProgram("up");
      const instance = liveInstance(sim);
      expect(instance).toMatchObject({ name: "orders-go", status: "RUNNING", nodeCount: 2 });
      expect(up.outputs).toMatchObject({
        instanceId: { Value: instance.id, Secret: false },
        status: { Value: "RUNNING" },
        nodeCount: { Value: 2 },
        adminPassword: { Value: ADMIN_PASSWORD, Secret: true },
      });
      expect(up.changes).toEqual({ create: expect.any(Number) });
      const state = fs.readdirSync(path.join(home, "state"), { recursive: true, withFileTypes: true }) as fs.Dirent[];
      for (const file of state.filter((entry) => entry.isFile())) {
        expect(fs.readFileSync(path.join(file.parentPath, file.name), "utf8")).not.toContain(ADMIN_PASSWORD);
      }

      const destroyed = await goProgram("destroy");
      expect(sim.control.snapshot().instances).toEqual([]);
      expect(destroyed.changes).toEqual({ delete: up.changes.create });
    });
  });
});

test("the Go program's module requires what the CLI's build compiles at the CLI's versions, so that a first build compiles them once", () => {
  // Go reuses a compiled package only for the same versions of everything beneath it: at the
  // versions Go's own resolution picked, a first vet and build took 189 s of CPU after the CLI's
  // build, at the CLI's 121 s.
  const versions = (file: string) =>
    new Map([...fs.readFileSync(file, "utf8").matchAll(/^\s*(?:require\s+)?([\w./~-]+)\s+(v\S+)/gm)].map(([, module, version]) => [module, version]));
  const cli = versions(path.join(REPO, "tools", "pulumi-cli", "cli", "go.mod"));
  const program = versions(path.join(PROGRAM_DIR, "go.mod"));
  const shared = [...program.keys()].filter((module) => cli.has(module));
  expect(shared.length).toBeGreaterThan(50);
  expect(shared.filter((module) => program.get(module) !== cli.get(module)).map((module) => `${module} ${program.get(module)} (CLI: ${cli.get(module)})`)).toEqual([]);
});
