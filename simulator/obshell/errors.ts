/**
 * OBShell's errors: a string `errCode` from 4.3.1, an integer `code` before; the HTTP status is
 * the code's kind in OBShell's error table (illegal argument 400, unauthorized 401, not found
 * 404, unexpected and known errors 500).
 */
export class ObshellError extends Error {
  constructor(
    readonly status: number,
    readonly errCode: string,
    message: string,
    readonly oldCode = status,
  ) {
    super(message);
  }
}

export const errors = {
  unauthorized: () => new ObshellError(401, "Security.Authentication.Unauthorized", "unauthorized"),
  // The facts' name; OBShell's table files header decryption failures under "unexpected".
  decrypt: (why: string) => new ObshellError(500, "Security.Authentication.Header.DecryptError", `decrypt header failed: ${why}`),
  incorrectPassword: () => new ObshellError(400, "Security.Authentication.IncorrectOceanbasePassword", "incorrect oceanbase password", 10008),
  expired: () => new ObshellError(400, "Security.Authentication.Expired", "auth expired"),
  timestampInvalid: (ts: unknown) => new ObshellError(400, "Security.Authentication.Timestamp.Invalid", `invalid timestamp '${String(ts)}'`),
  uriMismatch: (uri: unknown, actual: string) => new ObshellError(401, "Security.Authentication.Header.UriMismatch", `uri mismatch: header has '${String(uri)}', request is '${actual}'`),
  keysInvalid: () => new ObshellError(500, "Request.Body.Decrypt.AES.KeyAndIv.Invalid", "aes key and iv are invalid"),
  bodyDecrypt: (why: string) => new ObshellError(500, "Request.Body.Decrypt.AES.ContentLength.Invalid", `decrypt body failed: ${why}`),
  bindJson: (why: string) => new ObshellError(400, "Common.BindJsonFailed", `bind json failed: ${why}`),
  illegalArgument: (message: string) => new ObshellError(400, "Common.IllegalArgument", message),
  notFound: () => new ObshellError(404, "Common.NotFound", "404 page not found"),
  underMaintenance: () => new ObshellError(500, "OB.Cluster.UnderMaintenance", "cluster is under maintenance, please try again later"),
  underMaintenanceWithDag: (dagName: string) => new ObshellError(500, "OB.Cluster.UnderMaintenanceWithDag", `OceanBase cluster is under maintenance by DAG: ${dagName}, please try again later`),
  notSupported: (identity: string) => new ObshellError(400, "Agent.Identify.NotSupportOperation", `agent identity '${identity}' does not support this operation`),
  targetNotSingle: (target: string, identity: string) => new ObshellError(400, "Agent.Identify.NotSupportOperation", `agent ${target} is ${identity}, not SINGLE: it cannot join the cluster`),
  unreachable: (target: string) => new ObshellError(500, "Agent.RPC.RequestError", `request [GET]/api/v1/info to ${target} error: connection refused`),
  obVersion: (target: string, theirs: string, ours: string) =>
    new ObshellError(400, "Agent.OB.Version.Inconsistent", `agent ${target} runs OceanBase ${theirs}, the cluster runs ${ours}`),
  higherVersion: (target: string, theirs: string, ours: string) =>
    new ObshellError(400, "OB.Cluster.ScaleOutHigherVersion", `agent ${target} runs OBShell ${theirs}, newer than the cluster's ${ours}`),
  alreadyExists: (server: string) => new ObshellError(500, "Agent.AlreadyExists", `server ${server} already exists in the cluster`),
  agentPassword: () => new ObshellError(400, "Security.Authentication.IncorrectAgentPassowrd", "incorrect agent password of the target agent"),
  deleteSelf: () => new ObshellError(400, "OB.Server.DeleteSelf", "the agent cannot remove its own server; send the request to another agent"),
  dagIdInvalid: (id: string) => new ObshellError(400, "Task.GenericID.Invalid", `generic id '${id}' is invalid`),
  dagNotFound: (id: string) => new ObshellError(404, "Task.NotFound", `dag ${id} not found`),
  operatorNotSupported: (op: unknown) => new ObshellError(400, "Task.Dag.Operator.NotSupport", `operator '${String(op)}' is not supported`),
  notFailed: (op: string) => new ObshellError(400, `Task.Dag.Operator.${op[0]}${op.slice(1).toLowerCase()}NotFailedDag`, `can not ${op.toLowerCase()} a dag that has not failed`),
  notAllowed: (op: string, node: string) => {
    const verb = op === "CANCEL" ? "cancel DAG" : op === "PASS" ? "pass DAG" : `set DAG ${op.toLowerCase()}`;
    return new ObshellError(400, `Task.Dag.Operator.${op[0]}${op.slice(1).toLowerCase()}NotAllowed`, `Failed to ${verb}: node ${node} cannot ${op.toLowerCase()}`);
  },
  noMaintenanceDag: () => new ObshellError(404, "Task.NotFound", "Task not found: Cluster is not under maintenance"),
  cancelFinished: () => new ObshellError(400, "Task.Dag.Operator.CancelFinishedDag", "can not cancel a finished dag"),
};
