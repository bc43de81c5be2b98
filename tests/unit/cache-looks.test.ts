import { ACCEPTANCE_WINDOW_MS, cacheLooks } from "../../provider/dcs/cache/settle";
import type { CacheInstance } from "../../provider/dcs/client/types";

/** What looks at a cache say, read on its own or seen in the listing (which carries no `task`). */

const instance = (status: string, gb: number, task: unknown = null): CacheInstance =>
  ({ instance_id: "c1", name: "c", engine: "Redis", spec_code: `redis.single.xu1.large.${gb}`, capacity: gb, status, task }) as CacheInstance;
const listed = (status: string, gb: number) => {
  const { task: _task, ...entry } = instance(status, gb);
  return entry;
};

function looks(now = () => 0) {
  return cacheLooks({ label: "c", instanceId: "c1", expected: (i) => i.capacity === 4, timeoutMs: 600_000, startedAt: 0 }, now);
}

test("a listing tells busy and failed, never done: RUNNING with the new size listed is read on its own", () => {
  const cache = looks();
  expect(cache.listed(listed("EXTENDING", 1))).toEqual({ state: "pending", status: "EXTENDING" });
  expect(cache.listed(listed("RUNNING", 4))).toBeUndefined();
  expect(cache.listed(listed("ERROR", 1))).toMatchObject({ state: "failed" });
  expect(cache.read(instance("RUNNING", 4, { name: "extend" }))).toEqual({ state: "pending", status: "finishing" });
  expect(cache.read(instance("RUNNING", 4))).toMatchObject({ state: "done" });
});

test("RUNNING with the old size: pending before the change showed; once it was seen busy, only a read may call it not applied", () => {
  const cache = looks();
  expect(cache.listed(listed("RUNNING", 1))).toEqual({ state: "pending", status: "accepted" });
  expect(cache.listed(listed("EXTENDING", 1))).toMatchObject({ state: "pending" });
  // The listing cannot see a task that may still be set.
  expect(cache.listed(listed("RUNNING", 1))).toBeUndefined();
  expect(cache.read(instance("RUNNING", 1))).toMatchObject({ state: "failed", reason: expect.stringMatching(/without the change/) });
});

test("never seen to start within the acceptance window: the listing defers to a read, which fails it", () => {
  let time = 0;
  const cache = looks(() => time);
  time = ACCEPTANCE_WINDOW_MS + 1;
  expect(cache.listed(listed("RUNNING", 1))).toBeUndefined();
  expect(cache.read(instance("RUNNING", 1))).toMatchObject({ state: "failed", reason: expect.stringMatching(/may not have been accepted/) });
});
