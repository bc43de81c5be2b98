import { RateLimiter } from "../../provider/cloud/rate-limiter";
import { rateLimitFor } from "../../provider/cloud/session";
import { resolveSettings } from "../../provider/ddm/client";
import { virtualClock } from "../support/virtual-clock";

const env = { HW_REGION_NAME: "ap-southeast-1", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK", DDM_SHARED_LIMIT_DIR: "off" };
const ceiling = (perMinute: string) => ({ get: (key: string) => (key === "ddm:maxRequestsPerMinute" ? perMinute : undefined) });

describe("the limit a session's calls keep to, from the user's settings", () => {
  test("by default, the service's 60 a minute is both the ceiling and the limit shares are measured against", () => {
    expect(rateLimitFor(resolveSettings({ get: () => undefined }, env))).toEqual({ limit: 60, serviceLimit: 60, windowMs: 60_000, shared: undefined });
  });

  test("a ceiling under the service's limit (60 ÷ runs on separate machines) caps the share; the service's limit stays 60", () => {
    expect(rateLimitFor(resolveSettings(ceiling("7"), env))).toMatchObject({ limit: 7, serviceLimit: 60 });
  });

  test("a ceiling above it says the credential's limit was raised, and becomes the limit shares are measured against", () => {
    expect(rateLimitFor(resolveSettings(ceiling("120"), env))).toMatchObject({ limit: 120, serviceLimit: 120 });
  });

  test("a scaled window and the machine's shared record are handed on, the record keyed by the gateway the calls go to", () => {
    const settings = resolveSettings(ceiling("7"), { ...env, DDM_RATE_LIMIT_WINDOW_MS: "6000", DDM_SHARED_LIMIT_DIR: "/tmp/limits", HW_DDM_ENDPOINT: "https://ddm.example:8443" });
    expect(rateLimitFor(settings)).toEqual({ limit: 7, serviceLimit: 60, windowMs: 6_000, shared: { dir: "/tmp/limits", gateway: "https://ddm.example:8443" } });
  });

  test("a run told 7 a minute, cut by a throttle, is back at the 6 it was cut from within a window", async () => {
    const clock = virtualClock();
    const { limit, serviceLimit, windowMs } = rateLimitFor(resolveSettings(ceiling("7"), env));
    const limiter = new RateLimiter(limit, windowMs, clock, undefined, serviceLimit);
    for (let i = 0; i < 6; i++) (await limiter.take())();
    (await limiter.take())("throttled");
    clock.time += 45_000;
    // Measured against the ceiling, as before e4effbb, it would be at 5.5 a minute here.
    expect(limiter.currentShare() * serviceLimit).toBeGreaterThan(5.9);
  });
});
