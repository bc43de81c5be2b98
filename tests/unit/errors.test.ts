import { DdmApiError, parseServiceError } from "../../provider/cloud/errors";
import { redact, registerSecret, registerSecretsIn } from "../../provider/cloud/redact";

describe("service error parsing", () => {
  test("v1/v2 bodies", () => {
    expect(parseServiceError({ errCode: "DBS.280001", externalMessage: "Parameter error." })).toEqual({
      code: "DBS.280001",
      message: "Parameter error.",
    });
  });

  test("v3 and API gateway bodies", () => {
    expect(parseServiceError('{"error_code":"DBS.300301","error_msg":"Failed to update the account"}')).toEqual({
      code: "DBS.300301",
      message: "Failed to update the account",
    });
    expect(parseServiceError({ error_code: "APIG.0308", error_msg: "over ratelimit", request_id: "r1" })).toEqual({
      code: "APIG.0308",
      message: "over ratelimit",
    });
  });

  test("HTML error pages and empty bodies", () => {
    expect(parseServiceError("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")).toEqual({
      message: "502 Bad Gateway",
    });
    expect(parseServiceError("")).toEqual({});
    expect(parseServiceError(undefined)).toEqual({});
    expect(parseServiceError([1, 2])).toEqual({});
  });
});

describe("DdmApiError", () => {
  test("carries status, code, operation, request id and the reference's advice", () => {
    const error = new DdmApiError({
      operation: "scale out instance",
      status: 409,
      code: "DBS.200019",
      serviceMessage: "instance busy",
      requestId: "req-1",
    });
    expect(error.message).toBe(
      "scale out instance failed: HTTP 409 DBS.200019 instance busy — Another operation is running on the instance; wait for it to be RUNNING and retry. [request id req-1]",
    );
    expect(error.isBusy).toBe(true);
    expect(error.advice).toMatch(/wait/);
  });

  test("not found: HTTP 404, or HTTP 400 with the reference's schema, account and task codes", () => {
    const absent = (status: number, code?: string) => new DdmApiError({ operation: "read", status, code }).isNotFound;
    expect(absent(404, "DBS.200823")).toBe(true);
    expect(["DBS.300129", "DBS.300327", "DBS.300400"].map((code) => absent(400, code))).toEqual([true, true, true]);
    expect(absent(400, "DBS.280001")).toBe(false);
    expect(absent(400, "DBS.200076")).toBe(false);
  });

  test("never carries a registered secret or a password field", () => {
    registerSecret("S3cr3t-Value!");
    const error = new DdmApiError({ operation: "create account", serviceMessage: 'echo {"password":"hunter22"} S3cr3t-Value!' });
    expect(error.message).not.toContain("S3cr3t-Value!");
    expect(error.message).not.toContain("hunter22");
    expect(redact('{"adminPassword": "x y z"}')).toBe('{"adminPassword": "***"}');
  });

  test("passwords sent in a request body are masked if an answer echoes them", () => {
    registerSecretsIn({ users: [{ name: "app", password: "Echoed#Pass2024", base_authority: ["SELECT"] }] });
    const error = new DdmApiError({ operation: "create account", serviceMessage: "password Echoed#Pass2024 is too weak" });
    expect(error.message).toBe("create account failed: password *** is too weak");
  });
});
