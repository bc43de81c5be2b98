import { DEFAULT_RETRY_POLICY } from "../../provider/cloud/retry";
import { retryPolicyFor } from "../../provider/cloud/session";
import { resolveSettings } from "../../provider/ddm/client";

const env = { HW_REGION_NAME: "ap-southeast-1", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK" };
const noConfig = { get: () => undefined };

describe("the back-off between attempts follows the service's time the client runs at", () => {
  test("at the service's minute (the default), the delays are the policy's own", () => {
    const policy = retryPolicyFor(resolveSettings(noConfig, env));
    expect(policy).toEqual({ ...DEFAULT_RETRY_POLICY, retries: 6 });
    expect(policy.minTimeoutMs).toBe(500);
    expect(policy.maxTimeoutMs).toBe(10_000);
  });

  test("a window scaled down (DDM_RATE_LIMIT_WINDOW_MS) scales the delays by the same factor; the retries and the time bound stay", () => {
    const policy = retryPolicyFor(resolveSettings(noConfig, { ...env, DDM_RATE_LIMIT_WINDOW_MS: "6000" }));
    expect(policy).toEqual({ retries: 6, minTimeoutMs: 50, maxTimeoutMs: 1_000, maxRetryTimeMs: DEFAULT_RETRY_POLICY.maxRetryTimeMs });
  });

  test("a caller's own policy is taken as given, and ddm:maxRetries still sets the retries", () => {
    const config = { get: (key: string) => (key === "ddm:maxRetries" ? "2" : undefined) };
    const policy = retryPolicyFor(resolveSettings(config, { ...env, DDM_RATE_LIMIT_WINDOW_MS: "6000" }), { minTimeoutMs: 20 });
    expect(policy).toMatchObject({ retries: 2, minTimeoutMs: 20, maxTimeoutMs: 1_000 });
  });
});
