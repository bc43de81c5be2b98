import * as fs from "fs";
import * as path from "path";
import type { Simulator } from "../../simulator";
import { CliError, CliStack, describeWithCli, isSecret, planSummary, type PulumiCli } from "../engine";
import { installedCopies } from "../support/consumer";
import { startTestSimulator } from "../support/simulator";
import { runsEveryScenario, toolchainProgram, type Toolchain, type ToolchainProgram } from "../support/toolchains";
import { interruptedScenarios } from "./cli-interrupted-scenarios";
import { E2E_ENV, E2E_TIME, liveInstance, SECRETS, topologyConfig, writes } from "./topology-stack";

/**
 * Every end-to-end scenario through the real Pulumi CLI under one toolchain (a Node.js line and
 * the newest @pulumi/pulumi it supports, tests/support/toolchains.ts): `pulumi` with a file
 * backend and passphrase secrets, from a program outside the repository that installs the
 * package from its tarball as users do, against the simulator with authentication on. One test
 * file per toolchain (cli-node*.test.ts), so jest runs the toolchains in parallel workers; a file
 * may take one group of scenarios, each group on a stack of its own, so that groups run side by
 * side too (cli.test.ts, cli-interrupted.test.ts). A toolchain from the registry runs the sample
 * of runsEveryScenario outside CI: the other scenarios are skipped, saying so.
 */
export function cliScenarios(toolchain: Toolchain, groups: ReadonlyArray<"topology" | "interrupted"> = ["topology", "interrupted"]): void {
  jest.setTimeout(600_000);
  const every = runsEveryScenario(toolchain);
  const label = `the real pulumi CLI under ${toolchain.label}${every ? "" : " (a sample: every scenario with DDM_TEST_EVERY_TOOLCHAIN=true, as in CI)"}`;
  describeWithCli(label, (cli) => {
    let program: ToolchainProgram;
    beforeAll(() => {
      program = toolchainProgram(toolchain);
    });

    // Stack names of their own: the toolchains with the same SDK share one program directory.
    const stackSuffix = `${process.pid}-${toolchain.node ?? "machine"}`;
    const unlessSample = every ? test : test.skip;
    if (groups.includes("topology")) topologyScenarios(cli, () => program, stackSuffix, unlessSample);
    if (groups.includes("interrupted")) interruptedScenarios(cli, () => program, stackSuffix, unlessSample);
  });
}

const ROTATED = "App#Rotated2025";


/** Paths of password and key properties in the value that are stored outside a secret. */
function plainSecretProperties(value: unknown, at: string): string[] {
  if (isSecret(value) || typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const here = `${at}.${key}`;
    const exposed = /password$|secretkey$|token$/i.test(key) && inner !== undefined && inner !== "" && !isSecret(inner);
    return [...(exposed ? [here] : []), ...plainSecretProperties(inner, here)];
  });
}

/**
 * The example topology's life: create, scale out and in, a new node class, drift, an account
 * and a schema changed, a failed job, destroy. One stack carries every scenario so the `up`s are
 * shared; each test starts from where the one before left the stack.
 */
function topologyScenarios(cli: PulumiCli, program: () => ToolchainProgram, stackSuffix: string, unlessSample: typeof test): void {
  describe("the example topology", () => {
    let sim: Simulator;
    let stack: CliStack;
    const stackName = `cli-e2e-${stackSuffix}`;
    const live = () => liveInstance(sim);

    const instanceOutputs = async () => (await stack.exportedResources()).find((r) => r.type.endsWith("DdmInstance"))!.outputs!;

    beforeAll(async () => {
      sim = await startTestSimulator({ rateLimit: E2E_TIME.rateLimit(600) });
      stack = new CliStack({
        projectDir: program().dir,
        stack: stackName,
        cli,
        nodeBinDir: program().nodeBinDir,
        config: topologyConfig(sim),
        secretConfig: SECRETS,
        env: E2E_ENV,
      });
    });
    afterAll(async () => {
      await stack.dispose();
      await sim.close();
    });

    test("1. up creates the instance, two schemas and three accounts; outputs, with the Node.js and SDK that ran it; every secret encrypted in the export", async () => {
      expect(installedCopies(program().dir, "@pulumi/pulumi")).toHaveLength(1);
      expect(installedCopies(program().dir, "pulumi-ddm")).toHaveLength(1);
      const up = await stack.up();
      expect(planSummary(up)).toMatchObject({ create: 7, update: 0, delete: 0, replace: 0 });
      const instance = live();
      expect(instance).toMatchObject({ status: "RUNNING", name: "orders-ddm", nodeCount: 2, flavorCode: "ddm.c6.2xlarge.2" });
      expect(instance.schemas.map((s) => s.name).sort()).toEqual(["analytics", "orders"]);
      expect(instance.accounts.map((a) => a.name).sort()).toEqual(["app_rw", "migrations", "reporting_ro"]);
      expect(await stack.outputs()).toEqual({
        instanceId: instance.id,
        endpoint: `${instance.accessIp}:${instance.accessPort}`,
        nodeCount: 2,
        nodeClass: "ddm.c6.2xlarge.2",
        schemas: ["orders", "analytics"],
        ordersShards: 8,
        accounts: ["app_rw", "reporting_ro", "migrations"],
        adminPassword: "[secret]",
        ...program().ran,
        providerModule: program().providerModule,
      });

      const all = await stack.exportedResources();
      const ofType = (suffix: string) => all.filter((r) => r.type.endsWith(suffix));
      expect(ofType("DdmInstance")).toHaveLength(1);
      expect(ofType("DdmSchema")).toHaveLength(2);
      expect(ofType("DdmAccount")).toHaveLength(3);
      expect(isSecret(ofType("DdmInstance")[0].outputs!.adminPassword)).toBe(true);
      expect(ofType("DdmSchema").every((r) => isSecret(r.outputs!.dataNodes))).toBe(true);
      expect(ofType("DdmAccount").every((r) => isSecret(r.outputs!.password) && isSecret(r.inputs!.password))).toBe(true);
      expect(isSecret(all.find((r) => r.type === "pulumi:pulumi:Stack")!.outputs!.adminPassword)).toBe(true);
      expect(all.flatMap((r) => [...plainSecretProperties(r.inputs, `${r.urn} inputs`), ...plainSecretProperties(r.outputs, `${r.urn} outputs`)])).toEqual([]);
    });

    unlessSample("2. nodeNum 2 → 4: preview shows one update and calls nothing; up enlarges once by 2; a second up writes nothing", async () => {
      stack.setConfig("nodeNum", "4");
      sim.control.resetCalls();
      const preview = await stack.preview();
      expect(planSummary(preview)).toEqual({ create: 0, update: 1, delete: 0, replace: 0, same: 6 });
      expect(preview).toMatch(/~ +pulumi-nodejs:dynamic\/ddm:DdmInstance +orders +update +\[diff: ~nodeNum\]/);
      expect(writes(sim.control.calls())).toEqual([]);

      sim.control.resetCalls();
      const up = await stack.up();
      expect(planSummary(up)).toMatchObject({ update: 1, create: 0, delete: 0, replace: 0 });
      expect(writes(sim.control.calls())).toEqual(["POST …/action/enlarge"]);
      expect(sim.control.calls().find((c) => c.path.endsWith("/enlarge"))!.body).toMatchObject({ node_number: 2 });
      expect(live().nodeCount).toBe(4);
      expect(await stack.outputs()).toMatchObject({ nodeCount: 4 });

      sim.control.resetCalls();
      const again = await stack.up();
      expect(planSummary(again)).toEqual({ create: 0, update: 0, delete: 0, replace: 0, same: 7 });
      expect(writes(sim.control.calls())).toEqual([]);
    });

    unlessSample("3. a new node class is one PUT …/flavor; 4 → 3 nodes one reduce; both at once scale in, then resize", async () => {
      stack.setConfig("flavor", "ddm.c6.4xlarge.2");
      sim.control.resetCalls();
      await stack.up();
      expect(writes(sim.control.calls())).toEqual(["PUT …/flavor"]);
      expect(live().flavorCode).toBe("ddm.c6.4xlarge.2");

      stack.setConfig("nodeNum", "3");
      sim.control.resetCalls();
      await stack.up();
      expect(writes(sim.control.calls())).toEqual(["POST …/action/reduce"]);
      expect(sim.control.calls().find((c) => c.path.endsWith("/reduce"))!.body).toEqual({ node_number: 1 });
      expect(live().nodeCount).toBe(3);

      stack.setConfig("flavor", "ddm.c6.2xlarge.2");
      stack.setConfig("nodeNum", "2");
      sim.control.resetCalls();
      const both = await stack.up();
      expect(planSummary(both)).toMatchObject({ update: 1, create: 0, delete: 0, replace: 0 });
      expect(writes(sim.control.calls())).toEqual(["POST …/action/reduce", "PUT …/flavor"]);
      expect(live()).toMatchObject({ nodeCount: 2, flavorCode: "ddm.c6.2xlarge.2" });
    });

    unlessSample("4. drift made in the simulator: preview --refresh reports it and writes nothing; up --refresh converges, and a refresh then finds nothing", async () => {
      sim.control.driftInstance(live().id, { nodeCount: 3, name: "renamed-by-hand" });
      sim.control.resetCalls();
      const preview = await stack.preview({ refresh: true });
      expect(writes(sim.control.calls())).toEqual([]);
      expect(preview).toMatch(/~ +pulumi-nodejs:dynamic\/ddm:DdmInstance +orders +update/);
      expect(planSummary(preview)).toMatchObject({ update: 1, create: 0, delete: 0, replace: 0 });
      // A preview writes no state: it still says 2 nodes.
      expect(await instanceOutputs()).toMatchObject({ nodeCount: 2, name: "orders-ddm" });

      sim.control.resetCalls();
      const up = await stack.up({ refresh: true });
      expect(writes(sim.control.calls())).toEqual(["PUT …/modify-name", "POST …/action/reduce"]);
      expect(planSummary(up)).toMatchObject({ update: 1, create: 0, delete: 0, replace: 0 });
      expect(live()).toMatchObject({ name: "orders-ddm", nodeCount: 2 });
      expect(await instanceOutputs()).toMatchObject({ nodeCount: 2, name: "orders-ddm" });

      sim.control.resetCalls();
      const settled = await stack.preview({ refresh: true });
      expect(planSummary(settled)).toEqual({ create: 0, update: 0, delete: 0, replace: 0, same: 7 });
      expect(writes(sim.control.calls())).toEqual([]);
    });

    unlessSample("5. account permissions and password change in place; a schema's shard count replaces it, delete before create", async () => {
      stack.setConfig("appPermissions", "SELECT,INSERT");
      stack.setConfig("appPassword", ROTATED, { secret: true });
      sim.control.resetCalls();
      const accounts = await stack.up();
      expect(planSummary(accounts)).toEqual({ update: 1, replace: 0, create: 0, delete: 0, same: 6 });
      expect(accounts).toMatch(/~ +pulumi-nodejs:dynamic\/ddm:DdmAccount +app +updated/);
      expect(writes(sim.control.calls())).toEqual(["PUT …/users/app_rw", "POST …/users/app_rw/password"]);
      expect(live().accounts.find((a) => a.name === "app_rw")!.permissions.sort()).toEqual(["INSERT", "SELECT"]);

      stack.setConfig("ordersShards", "4");
      sim.control.resetCalls();
      const schemas = await stack.up();
      expect(planSummary(schemas)).toMatchObject({ replace: 1, update: 0, create: 0, delete: 0 });
      const order = writes(sim.control.calls());
      expect(order.filter((w) => w.includes("/databases"))).toEqual(["DELETE …/databases/orders", "POST …/databases"]);
      // The CLI prints the replacement in the order it runs it: the old schema deleted, then the new one created.
      expect(schemas.indexOf("DdmSchema orders deleted original")).toBeGreaterThan(-1);
      expect(schemas.indexOf("DdmSchema orders deleted original")).toBeLessThan(schemas.indexOf("DdmSchema orders created replacement"));
      expect(live().schemas.find((s) => s.name === "orders")!.shardNumber).toBe(4);
      expect(await stack.outputs()).toMatchObject({ ordersShards: 4 });
    });

    unlessSample("6. a job failing during scale-out: the error names the resource, the step and the reason; state stays truthful; the next up finishes", async () => {
      sim.control.setFaults({ failJobs: { enlarge: true } });
      stack.setConfig("nodeNum", "4");
      const error = await stack.up().then(
        () => undefined,
        (e: unknown) => e,
      );
      sim.control.setFaults({});
      expect(error).toBeInstanceOf(CliError);
      const output = (error as CliError).output;
      expect(output).toMatch(/pulumi-nodejs:dynamic\/ddm:DdmInstance \(orders\):\n\s+error: 1 error occurred:\n\s+\* orders-ddm: scaling out 2 → 4 nodes failed: Scaling out failed after adding \d of 2 nodes \(simulated fault\)\.\n/);
      const nodes = live().nodeCount;
      expect(await instanceOutputs()).toMatchObject({ nodeCount: nodes, nodeNum: nodes });

      sim.control.resetCalls();
      const retry = await stack.up();
      expect(planSummary(retry)).toMatchObject({ update: 1, create: 0, delete: 0, replace: 0 });
      expect(writes(sim.control.calls())).toEqual(["POST …/action/enlarge"]);
      expect(live().nodeCount).toBe(4);
    });

    test("7. destroy removes everything; the simulator holds nothing", async () => {
      const destroy = await stack.destroy();
      expect(planSummary(destroy)).toMatchObject({ delete: 7 });
      expect(sim.control.snapshot().instances).toEqual([]);
      expect(await stack.exportedResources()).toEqual([]);
    });

    test("no secret in plain text in the exported states, the stack's config file, or anything the CLI printed", () => {
      const config = fs.readFileSync(path.join(program().dir, `Pulumi.${stackName}.yaml`), "utf8");
      expect(config).toMatch(/ddm-topology:appPassword:\n\s+secure: \S+/);
      const everything = [stack.transcript(), config, JSON.stringify(sim.control.calls())].join("\n");
      expect(stack.transcript()).toContain("Resources:");
      for (const secret of [...Object.values(SECRETS), ROTATED]) expect(everything).not.toContain(secret);
    });
  });
}
