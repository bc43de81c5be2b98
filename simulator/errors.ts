import { STATUS_CODES } from "node:http";

/**
 * Errors the simulator answers, and their bodies. The service speaks three error dialects
 * (FACTS.md §3): v1/v2 DDM APIs `{errCode, externalMessage}`, v3 DDM APIs `{error_code, error_msg}`,
 * and the API gateway `{error_code, error_msg, request_id}`; IAM answers Keystone-style bodies.
 */

export type Dialect = "v1" | "v3" | "iam";

export const PARAMETER_ERROR = "DBS.280001";
const INSTANCE_BUSY = "DBS.200019";
export const INSTANCE_UNAVAILABLE = "DBS.200076";
export const SERVER_FAILURE = "DBS.200412";
export const INSTANCE_NOT_FOUND = "DBS.200823";
export const TASK_NOT_FOUND = "DBS.300400";
export const INVALID_SECURITY_GROUP = "DBS.280305";
/** Account and administrator passwords (reference A.3). */
export const INVALID_PASSWORD = "DBS.300306";
const AUTH_FAILED = "APIG.0301";
export const THROTTLED = "APIG.0308";
export const API_NOT_FOUND = "APIG.0101";
export const BODY_TOO_LARGE = "APIG.0201";

/** An error raised by the DDM service itself: its body follows the API's dialect. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** An error raised by the API gateway in front of the service, before the service sees the request. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function parameterError(message = "Parameter error."): ServiceError {
  return new ServiceError(400, PARAMETER_ERROR, message);
}

export function badRequest(code: string, message: string): ServiceError {
  return new ServiceError(400, code, message);
}

export function notFound(code: string, message: string): ServiceError {
  return new ServiceError(404, code, message);
}

export function instanceBusy(): ServiceError {
  return new ServiceError(409, INSTANCE_BUSY, "Another operation is being performed on the instance. Try again later.");
}

export function authFailed(reason: string): GatewayError {
  return new GatewayError(401, AUTH_FAILED, `Incorrect IAM authentication information: ${reason}`);
}

export function errorBody(error: ServiceError | GatewayError, dialect: Dialect, requestId: string): unknown {
  if (error instanceof GatewayError) return { error_code: error.code, error_msg: error.message, request_id: requestId };
  switch (dialect) {
    case "v1":
      return { errCode: error.code, externalMessage: error.message };
    case "v3":
      return { error_code: error.code, error_msg: error.message };
    case "iam":
      return { error: { code: error.status, title: STATUS_CODES[error.status] ?? "Error", message: error.message } };
  }
}
