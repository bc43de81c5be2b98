import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RateLimiter, systemClock } from "../../provider/cloud/rate-limiter";
import { LOCK_STALE_MS, recordFileName, recordKey, SharedRecord } from "../../provider/cloud/shared-record";

/**
 * Provider processes of one machine sharing a credential's recent calls through the user's cache
 * directory, and every way that can go wrong leaving each on its own limiter, never stuck.
 * Two SharedRecord instances stand for two processes (each has its own id in the record).
 */
const PRINCIPAL = "ak:SHAREDACCESSKEY0001";
const WINDOW_MS = 1_500;
const KEY = recordKey(PRINCIPAL, "https://ddm.region-1.example.com", WINDOW_MS);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-shared-"));
});
afterEach(() => {
  fs.chmodSync(dir, 0o700);
  fs.rmSync(dir, { recursive: true, force: true });
});

const limiter = (limit: number, where = dir, key = KEY) => new RateLimiter(limit, WINDOW_MS, systemClock, new SharedRecord(where, key, WINDOW_MS));
const recordFile = () => path.join(dir, recordFileName(KEY));

/** Takes and answers `count` calls; resolves with how long the last one waited for its slot. */
async function calls(on: RateLimiter, count: number): Promise<number> {
  let waited = 0;
  for (let i = 0; i < count; i++) {
    const asked = Date.now();
    const release = await on.take();
    waited = Date.now() - asked;
    release();
  }
  return waited;
}

describe("the shared record of a credential's calls", () => {
  test("a second process counts the first one's calls: it waits for them to leave the window", async () => {
    const first = limiter(3);
    const second = limiter(3);
    await calls(first, 2);
    expect(await calls(second, 1)).toBeLessThan(300);
    // The window now holds three calls of the credential: the next waits for the oldest to leave it.
    expect(await calls(second, 1)).toBeGreaterThanOrEqual(WINDOW_MS - 400);
  });

  test("the same credential against another gateway (another region, another simulator) spends another limit: its calls do not count here", async () => {
    const first = limiter(3);
    const elsewhere = limiter(3, dir, recordKey(PRINCIPAL, "http://127.0.0.1:40001", WINDOW_MS));
    await calls(first, 3);
    expect(await calls(elsewhere, 3)).toBeLessThan(300);
    expect(fs.readdirSync(dir).filter((file) => file.endsWith(".json"))).toHaveLength(2);
  });

  test("a throttle the record explains (the last slot of the window it saw) cuts nothing; one with room left in it does", async () => {
    const first = limiter(3);
    const second = limiter(3);
    await calls(first, 2);
    // The second process takes the window's last slot by its view, and is throttled anyway: the
    // processes sharing the record spent the window, no one unseen did.
    (await second.take())("throttled");
    expect(second.currentShare()).toBe(1);
    // With room left in the window it saw, a throttle means someone it cannot see spends the limit.
    const third = limiter(6);
    (await third.take())("throttled");
    expect(third.currentShare()).toBeLessThan(1);
  });

  test("names the file by a hash of the principal and writes neither the access key nor anything but call times", async () => {
    await calls(limiter(3), 2);
    const [file] = fs.readdirSync(dir);
    expect(file).toBe(recordFileName(KEY));
    expect(file).not.toContain("SHAREDACCESSKEY");
    const text = fs.readFileSync(recordFile(), "utf8");
    expect(text).not.toContain("SHAREDACCESSKEY");
    expect(Object.values(JSON.parse(text).calls).flat()).toHaveLength(2);
  });

  test("a crashed process's calls count until they leave the window, then never again", async () => {
    const now = Date.now();
    fs.writeFileSync(recordFile(), JSON.stringify({ v: 1, calls: { "999999-dead": [now, now, now] } }));
    expect(await calls(limiter(3), 1)).toBeGreaterThanOrEqual(WINDOW_MS - 400);
    expect(await calls(limiter(3), 2)).toBeLessThan(300);
  });

  test("a garbled file is read as empty and written afresh", async () => {
    fs.writeFileSync(recordFile(), "{{{ not json");
    expect(await calls(limiter(3), 3)).toBeLessThan(300);
    expect(JSON.parse(fs.readFileSync(recordFile(), "utf8")).v).toBe(1);
  });

  test("a stale lock (a process died holding it) is taken over", async () => {
    const lock = `${recordFile()}.lock`;
    fs.writeFileSync(lock, "");
    const old = (Date.now() - LOCK_STALE_MS - 1_000) / 1000;
    fs.utimesSync(lock, old, old);
    await calls(limiter(3), 2);
    expect(Object.values(JSON.parse(fs.readFileSync(recordFile(), "utf8")).calls).flat()).toHaveLength(2);
    expect(fs.existsSync(lock)).toBe(false);
  });

  test("a lock held (and fresh) past the limiter's patience: it decides alone, at once", async () => {
    fs.writeFileSync(`${recordFile()}.lock`, "");
    expect(await calls(limiter(3), 3)).toBeLessThan(1_000);
    expect(fs.existsSync(recordFile())).toBe(false);
  });

  test("a directory that cannot be created (a read-only home): the limiter works alone", async () => {
    const blocked = path.join(dir, "a-file");
    fs.writeFileSync(blocked, "");
    const alone = limiter(3, path.join(blocked, "limits"));
    expect(await calls(alone, 3)).toBeLessThan(300);
    expect(await calls(alone, 1)).toBeGreaterThanOrEqual(WINDOW_MS - 400);
  });

  if (process.getuid?.() !== 0) {
    test("a read-only directory: the limiter works alone", async () => {
      fs.chmodSync(dir, 0o500);
      expect(await calls(limiter(3), 3)).toBeLessThan(300);
    });
  }

  test("a process starting while the credential was throttled within the window starts at a cautious share", () => {
    fs.writeFileSync(recordFile(), JSON.stringify({ v: 1, calls: {}, throttledAt: Date.now() - 100 }));
    expect(limiter(60).currentShare()).toBeLessThan(1);
    fs.writeFileSync(recordFile(), JSON.stringify({ v: 1, calls: {}, throttledAt: Date.now() - WINDOW_MS - 100 }));
    expect(limiter(60).currentShare()).toBe(1);
  });

  test("a throttled call is recorded for the others, and not counted as a call", async () => {
    const release = await limiter(3).take();
    release("throttled");
    const record = JSON.parse(fs.readFileSync(recordFile(), "utf8"));
    expect(record.throttledAt).toBeGreaterThan(Date.now() - 1_000);
    expect(Object.values(record.calls).flat()).toHaveLength(0);
  });
});
