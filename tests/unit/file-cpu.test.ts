import { execFileSync } from "child_process";
// The run's own environment (plain JS: jest loads it before any transform).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cpuSeconds, recordedCpuSeconds } = require("../support/cpu-measured-environment");

const linux = process.platform === "linux" ? test : test.skip;

/** Spins for `ms` of CPU in this process. */
function spin(ms: number): void {
  const until = process.cpuUsage().user / 1000 + ms;
  while (process.cpuUsage().user / 1000 < until);
}

describe("the CPU a test file costs (cpu-measured-environment.js)", () => {
  linux("counts this process's own CPU", () => {
    const before = cpuSeconds();
    spin(300);
    expect(cpuSeconds() - before).toBeGreaterThanOrEqual(0.25);
  });

  linux("counts the CPU of a process the file ran and waited for, which its own does not", () => {
    const own = () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1e6;
    };
    const [before, ownBefore] = [cpuSeconds(), own()];
    // The child spins on its own CPU clock, not the wall clock: on a loaded machine 400 ms of
    // wall time can hold well under 300 ms of CPU.
    execFileSync(process.execPath, ["-e", "while (process.cpuUsage().user < 400e3);"]);
    const [spent, ownSpent] = [cpuSeconds() - before, own() - ownBefore];
    expect(spent - ownSpent).toBeGreaterThanOrEqual(0.3);
  });

  test("a file nobody recorded has no CPU to report", () => {
    expect(recordedCpuSeconds("/nowhere/never-ran.test.ts")).toBeUndefined();
  });
});
