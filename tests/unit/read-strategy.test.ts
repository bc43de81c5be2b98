import { checkReadStrategy, readStrategyProvider } from "../../provider/ddm/read-strategy";
import { UNKNOWN } from "../../provider/resource/values";

const rds = "5ad1e0b0c0de4d2b9a7e3f1c0d0e0f01in01";

test("weights are whole numbers 0–100 keyed by RDS instance id; unknown values pass", () => {
  expect(checkReadStrategy({ instanceId: "i-1", readWeights: { [rds]: 0, other_in01: 100 } })).toEqual([]);
  expect(checkReadStrategy({ instanceId: "i-1", readWeights: { [rds]: UNKNOWN } })).toEqual([]);
  expect(checkReadStrategy({ instanceId: "i-1", readWeights: { [rds]: 101 } })).toEqual([
    { property: "readWeights", reason: `readWeights [${rds}] must be between 0 and 100, got 101` },
  ]);
  expect(checkReadStrategy({ instanceId: "i-1", readWeights: {} })[0].reason).toBe("readWeights must name at least one RDS instance");
  expect(checkReadStrategy({ instanceId: "i-1", readWeights: { "a/b": 1 } })[0].reason).toMatch(/readWeights has a key that is not an RDS instance id/);
  expect(checkReadStrategy({ readWeights: [1], extra: true }).map((f) => f.property)).toEqual(["extra", "instanceId", "readWeights"]);
});

test("diff: another instance replaces, other weights update, the same weights change nothing", async () => {
  const olds = { instanceId: "i-1", readWeights: { [rds]: 50 } };
  expect(await readStrategyProvider.diff("i-1", olds, { instanceId: "i-1", readWeights: { [rds]: 50 } })).toEqual({ changes: false, replaces: [] });
  expect(await readStrategyProvider.diff("i-1", olds, { instanceId: "i-1", readWeights: { [rds]: 70 } })).toEqual({ changes: true, replaces: [] });
  expect(await readStrategyProvider.diff("i-1", olds, { instanceId: "i-2", readWeights: { [rds]: 50 } })).toEqual({ changes: true, replaces: ["instanceId"] });
  expect((await readStrategyProvider.diff("i-1", olds, { instanceId: "i-1", readWeights: UNKNOWN })).changes).toBe(true);
});
