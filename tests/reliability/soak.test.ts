import { runSoak } from "../../bench/soak";
import { timeScale } from "../support/time-scale";

/**
 * The fault soak's short version: full lifecycles through the engine with faults on, the
 * client's waits after a 429 and between retries at a tenth of the service's.
 */
jest.setTimeout(300_000);

test("lifecycles under injected faults all succeed, with no duplicate and nothing left behind", async () => {
  const result = await runSoak(2, 2, timeScale(0.1).clientEnv);
  for (const lifecycle of result.lifecycles) {
    expect({ name: lifecycle.name, failedStep: lifecycle.failedStep, error: lifecycle.error }).toEqual({ name: lifecycle.name, failedStep: undefined, error: undefined });
    expect(lifecycle.instancesSeen).toBe(1);
    expect(lifecycle.leftBehind).toBe(0);
  }
  // Faults were really injected.
  expect(Object.values(result.faultsInjected).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
});
