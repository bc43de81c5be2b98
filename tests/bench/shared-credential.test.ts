import { installBenchProgram, measureContention } from "../../bench/shared-credential";
import { describeWithCli } from "../engine";
import type { OwnProgram } from "../support/consumer";

/**
 * The benchmark's "Many stacks, one credential" in a version for CI: four stacks deployed and
 * destroyed at once by the real CLI with one credential, time twenty times faster (a 3 s window),
 * each run learning its share from the service's answers alone (no shared record: as on four
 * machines). The ratios' targets are the benchmark's; here: none fails, nothing is left behind,
 * and throttling stays back-pressure, not a storm.
 */
jest.setTimeout(300_000);

describeWithCli("many stacks, one credential", () => {
  let program: OwnProgram;
  beforeAll(() => {
    program = installBenchProgram();
  });
  afterAll(() => program?.remove());

  test("four stacks' up then destroy at once: no run fails, nothing is left, at most a tenth of the calls throttled", async () => {
    const result = await measureContention(program, 4, { scale: 0.05, sharedLimitDir: "off" });
    expect({ up: result.up.errors, destroy: result.destroy.errors }).toEqual({ up: [], destroy: [] });
    expect(result.left).toBe(0);
    const calls = result.up.calls + result.destroy.calls;
    // Four stacks of three instances and three schemas: well over a window's worth of calls.
    expect(calls).toBeGreaterThan(4 * 20);
    expect((result.up.throttled + result.destroy.throttled) / calls).toBeLessThanOrEqual(0.1);
  });
});
