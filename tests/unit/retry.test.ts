import { classify, networkFailure, THROTTLE_DELAY_MS } from "../../provider/cloud/retry";
import { DDM_SERVICE } from "../../provider/ddm/client/advice";
import { DCS_SERVICE } from "../../provider/dcs/client/advice";

describe("retry classification", () => {
  const response = (status: number, code?: string) => ({ kind: "response" as const, status, code });

  test("throttling is retried after the advised pause", () => {
    expect(classify(response(429, "APIG.0308"), false)).toEqual({ retry: true, reason: "throttled", minDelayMs: THROTTLE_DELAY_MS });
  });

  test("a busy instance is retried, even for a POST, by the codes of the service that answered", () => {
    expect(classify(response(409, "DBS.200019"), false, DDM_SERVICE.busyCodes)).toMatchObject({ retry: true });
    expect(classify(response(400, "DBS.212033"), false, DDM_SERVICE.busyCodes)).toMatchObject({ retry: true });
    expect(classify(response(400, "DCS.4097"), false, DCS_SERVICE.busyCodes)).toMatchObject({ retry: true });
    expect(classify(response(400, "CBC.99003651"), false, DCS_SERVICE.busyCodes)).toMatchObject({ retry: true });
    expect(classify(response(400, "DCS.4097"), false, DDM_SERVICE.busyCodes)).toMatchObject({ retry: false });
  });

  test("401 and 403 are never retried: five bad signatures lock the key", () => {
    expect(classify(response(401, "APIG.0301"), true)).toMatchObject({ retry: false, outcomeUnknown: false });
    expect(classify(response(403), true)).toMatchObject({ retry: false });
  });

  test("the caller's own 400s are not retried", () => {
    expect(classify(response(400, "DBS.280001"), true)).toEqual({ retry: false, reason: "client error 400", outcomeUnknown: false });
    expect(classify(response(404), true)).toMatchObject({ retry: false, outcomeUnknown: false });
  });

  test("server errors: idempotent requests are retried, a POST's outcome is unknown", () => {
    expect(classify(response(500, "DBS.200412"), true)).toMatchObject({ retry: true });
    expect(classify(response(503), false)).toEqual({ retry: false, reason: "server error 503", outcomeUnknown: true });
    expect(classify(response(502, "APIG.0202"), false)).toMatchObject({ retry: true });
  });

  test("a connection that never opened is safe to retry; one lost after sending is not, for a POST", () => {
    expect(classify(networkFailure("ECONNREFUSED"), false)).toMatchObject({ retry: true });
    expect(classify(networkFailure("ECONNRESET"), true)).toMatchObject({ retry: true });
    expect(classify(networkFailure("ECONNRESET"), false)).toMatchObject({ retry: false, outcomeUnknown: true });
    expect(classify(networkFailure("ECONNABORTED"), false)).toMatchObject({ retry: false, outcomeUnknown: true });
    expect(classify(networkFailure(undefined), false)).toMatchObject({ retry: false, outcomeUnknown: true });
  });
});

test("an untrusted TLS certificate is never retried", () => {
  expect(classify(networkFailure("DEPTH_ZERO_SELF_SIGNED_CERT"), true)).toMatchObject({ retry: false, outcomeUnknown: false });
  expect(classify(networkFailure("UNABLE_TO_VERIFY_LEAF_SIGNATURE"), false)).toMatchObject({ retry: false, outcomeUnknown: false });
});
