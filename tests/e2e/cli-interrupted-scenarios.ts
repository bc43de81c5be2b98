import * as fs from "fs";
import * as path from "path";
import type { Simulator } from "../../simulator";
import { CliError, CliStack, planSummary, type PulumiCli } from "../engine";
import { startTestSimulator } from "../support/simulator";
import type { ToolchainProgram } from "../support/toolchains";
import { until } from "../support/until";
import { liveInstance, SECRETS, topologyConfig, writes } from "./topology-stack";

const linux = process.platform === "linux";

/**
 * README, "If a deployment is interrupted", through the real CLI (one of cli-scenarios.ts's
 * groups): the dynamic-provider process the CLI started is killed while the instance it creates
 * is still being built, and the recovery the README gives brings that instance into state
 * instead of buying a second one.
 */
export function interruptedScenarios(cli: PulumiCli, program: () => ToolchainProgram, stackSuffix: string, unlessSample: typeof test): void {
  describe("an interrupted pulumi up, recovered as the README says", () => {
    let sim: Simulator;
    let stack: CliStack;

    beforeAll(async () => {
      sim = await startTestSimulator({ rateLimit: false });
      stack = new CliStack({
        projectDir: program().dir,
        stack: `cli-interrupted-${stackSuffix}`,
        cli,
        nodeBinDir: program().nodeBinDir,
        config: topologyConfig(sim),
        secretConfig: SECRETS,
      });
    });
    afterAll(async () => {
      await stack.dispose();
      await sim.close();
    });

    interface Deployment {
      resources?: Array<{ type: string }>;
      pending_operations?: Array<{ type: string; resource: { type: string } }>;
    }
    const deployment = async () => (JSON.parse(await stack.exportState()) as { deployment: Deployment }).deployment;
    const instancesInState = async () => ((await deployment()).resources ?? []).filter((r) => r.type.endsWith("DdmInstance"));

    (linux ? unlessSample : test.skip)("the provider killed while a create waits: refresh --clear-pending-creates, the import option, then up adopts the one instance", async () => {
      sim.control.setDurations({ createInstance: 5_000 });
      const interrupted = stack.up();
      await until(() => sim.control.snapshot().instances.some((i) => i.status === "CREATING"), 120_000);
      const pids = stack.dynamicProviderPids();
      expect(pids.length).toBeGreaterThan(0);
      // The provider runs on the toolchain's Node.js, not whatever else is on PATH.
      const toolchainNode = fs.realpathSync(path.join(program().nodeBinDir, "node"));
      expect(pids.map((pid) => fs.realpathSync(`/proc/${pid}/exe`))).toEqual(pids.map(() => toolchainNode));
      for (const pid of pids) process.kill(pid, "SIGKILL");
      const error = await interrupted.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).output).toMatch(/DdmInstance \(orders\):\n\s+error: error reading from server: EOF/);
      // Pulumi never learned the id, and the CLI, still alive, recorded the create as failed, not
      // pending; the service goes on building the instance.
      expect((await deployment()).pending_operations).toBeUndefined();
      expect(await instancesInState()).toEqual([]);
      const orphan = live();
      await until(() => live().status === "RUNNING", 30_000);

      await stack.refresh({ clearPendingCreates: true });
      stack.setConfig("importInstanceId", orphan.id);
      sim.control.resetCalls();
      const adopted = await stack.up();
      expect(planSummary(adopted)).toMatchObject({ create: 6, update: 0, delete: 0, replace: 0 });
      expect(sim.control.snapshot().instances.map((i) => i.id)).toEqual([orphan.id]);
      expect(writes(sim.control.calls()).filter((w) => /^POST \/v\d\/[^/]+\/instances$/.test(w))).toEqual([]);
      expect(await stack.outputs()).toMatchObject({ instanceId: orphan.id, nodeCount: 2, ...program().ran });

      // The option can then go: nothing left to do.
      stack.removeConfig("importInstanceId");
      sim.control.resetCalls();
      const settled = await stack.up();
      expect(planSummary(settled)).toEqual({ create: 0, update: 0, delete: 0, replace: 0, same: 7 });
      expect(writes(sim.control.calls())).toEqual([]);

      await stack.destroy();
      expect(sim.control.snapshot().instances).toEqual([]);
    });

    (linux ? unlessSample : test.skip)("pulumi itself killed while a create waits: cancel releases the stack, refresh --clear-pending-creates drops the pending create, the import option adopts", async () => {
      sim.control.setDurations({ createInstance: 5_000 });
      const interrupted = stack.up().then(
        () => undefined,
        (e: unknown) => e,
      );
      await until(() => sim.control.snapshot().instances.some((i) => i.status === "CREATING"), 120_000);
      stack.killRunning();
      expect(await interrupted).toBeInstanceOf(CliError);
      const orphan = live();
      const pending = (await deployment()).pending_operations;
      expect(pending?.map((op) => `${op.type} ${op.resource.type.split(":").at(-1)}`)).toEqual(["creating DdmInstance"]);

      // The killed CLI never released its lock.
      await expect(stack.refresh({ clearPendingCreates: true })).rejects.toThrow("the stack is currently locked");
      await stack.cancel();
      await stack.refresh({ clearPendingCreates: true });
      expect((await deployment()).pending_operations).toBeUndefined();
      stack.setConfig("importInstanceId", orphan.id);
      sim.control.resetCalls();
      const adopted = await stack.up();
      expect(planSummary(adopted)).toMatchObject({ create: 6, update: 0, delete: 0, replace: 0 });
      expect(sim.control.snapshot().instances.map((i) => i.id)).toEqual([orphan.id]);
      stack.removeConfig("importInstanceId");
      await stack.destroy();
      expect(sim.control.snapshot().instances).toEqual([]);
    });

    function live() {
      return liveInstance(sim);
    }
  });
}
