import { throttleNotice } from "../../provider/cloud/throttle-notice";

describe("the run's notice of throttling", () => {
  const event = (operationWaitedMs: number) => ({ operation: "create schema", waitedMs: operationWaitedMs, operationWaitedMs, windowMs: 60_000, limit: 60 });

  test("said once, when an operation waited half a window or more: how long, and that the limit is the credential's, shared", () => {
    const lines: string[] = [];
    const notice = throttleNotice((line) => lines.push(line));
    notice(event(29_000));
    expect(lines).toHaveLength(0);
    notice(event(95_000));
    notice(event(120_000));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("create schema waited 95 s");
    expect(lines[0]).toContain("60 calls a minute");
    expect(lines[0]).toMatch(/belongs to the credential and is shared/);
    expect(lines[0]).toContain("ddm:maxRequestsPerMinute");
  });
});
