import { ServiceError } from "../errors";

/**
 * DCS answers `{error_code, error_msg}` (DCS-FACTS.md). The documents give the busy codes but not
 * which one the service picks for which case, nor the codes of other refusals: the simulator
 * answers DCS.4026 for "instance not RUNNING", DCS.4097 for "another operation in progress"
 * (both from the Terraform provider's busy list), and DCS.4000 / DCS.4010 / DCS.5000 for a bad
 * request, a missing instance and an internal failure, and DCS.4011 for a background task the
 * instance does not have (our own choice too).
 */
export const NOT_RUNNING = "DCS.4026";
export const OPERATION_IN_PROGRESS = "DCS.4097";
export const INVALID_PARAMETER = "DCS.4000";
export const INSTANCE_NOT_FOUND = "DCS.4010";
export const INTERNAL_ERROR = "DCS.5000";
export const TASK_NOT_FOUND = "DCS.4011";

export function invalid(message: string): ServiceError {
  return new ServiceError(400, INVALID_PARAMETER, message);
}

export function notRunning(status: string): ServiceError {
  return new ServiceError(400, NOT_RUNNING, `The instance is ${status}, not RUNNING.`);
}

export function operationInProgress(): ServiceError {
  return new ServiceError(400, OPERATION_IN_PROGRESS, "Another operation is in progress on the instance. Try again later.");
}

export function instanceNotFound(id: string): ServiceError {
  return new ServiceError(404, INSTANCE_NOT_FOUND, `The instance ${id} does not exist.`);
}

export function internalError(message: string): ServiceError {
  return new ServiceError(500, INTERNAL_ERROR, message);
}

export function taskNotFound(id: string): ServiceError {
  return new ServiceError(404, TASK_NOT_FOUND, `The background task ${id} does not exist.`);
}
