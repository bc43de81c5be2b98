import type { AddressInfo } from "node:net";
import { Authenticator } from "./auth";
import { CallLog } from "./call-log";
import { SimulatorControl } from "./control";
import { FaultInjector } from "./faults";
import { resolveOptions, type SimulatorOptions } from "./options";
import { controlRouter } from "./routes/control";
import { apiRouter } from "./routes";
import { createSimulatorServer } from "./server";
import { close, listen } from "./listen";
import { DdmState } from "./state/store";
import { Throttle } from "./throttle";

/**
 * pulumi-ddm/simulator: a local Huawei Cloud DDM service (and the IAM calls its clients make) over
 * real HTTP, with AK/SK signature checks, throttling, asynchronous jobs evaluated from the clock,
 * seeded fault injection, and a control API for tests.
 *
 *   const sim = await startSimulator();
 *   // HW_DDM_ENDPOINT = HW_AUTH_URL = sim.url, HW_PROJECT_ID = sim.projectId,
 *   // HW_ACCESS_KEY = DEFAULT_ACCESS_KEY, HW_SECRET_KEY = DEFAULT_SECRET_KEY
 *   await sim.close();
 */

export interface Simulator {
  /** e.g. http://127.0.0.1:53127: both the DDM endpoint and the IAM auth URL. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly projectId: string;
  readonly region: string;
  readonly control: SimulatorControl;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const resolved = resolveOptions(options);
  const faults = new FaultInjector(resolved.faults);
  const state = new DdmState({
    durations: resolved.durations,
    jobDuration: resolved.jobDuration,
    rdsPerInstance: resolved.rdsPerInstance,
    sharedRds: resolved.sharedRds,
    operationFails: (operation) => faults.operationFails(operation),
  });
  const auth = new Authenticator({
    enabled: resolved.auth,
    credentials: resolved.credentials,
    users: resolved.users,
    tokenTtlMs: resolved.tokenTtlMs,
    projectId: resolved.projectId,
    region: resolved.region,
  });
  const calls = new CallLog();
  const control = new SimulatorControl({ state, faults, calls, now: resolved.now });
  const server = createSimulatorServer({
    projectId: resolved.projectId,
    now: resolved.now,
    state,
    auth,
    throttle: new Throttle(resolved.rateLimit),
    faults,
    calls,
    api: apiRouter(state, auth, { projectId: resolved.projectId, region: resolved.region }, { flavorPageSize: resolved.flavorPageSize }),
    control: controlRouter(control),
  });
  await listen(server, resolved.port, resolved.host);
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(":") ? `[${resolved.host}]` : resolved.host;
  return {
    url: `http://${host}:${port}`,
    host: resolved.host,
    port,
    projectId: resolved.projectId,
    region: resolved.region,
    control,
    close: () => close(server),
  };
}

export {
  DEFAULT_ACCESS_KEY,
  DEFAULT_DURATIONS,
  DEFAULT_PROJECT_ID,
  DEFAULT_RATE_LIMIT,
  DEFAULT_RDS_PER_INSTANCE,
  DEFAULT_REGION,
  DEFAULT_SECRET_KEY,
  DEFAULT_SHARED_RDS,
  DEFAULT_TOKEN_TTL_MS,
  DEFAULT_USER,
  type AkSkCredential,
  type Durations,
  type FaultOptions,
  type IamUser,
  type JobDurationRule,
  type RateLimit,
  type SharedRds,
  type SimulatorOptions,
  type TimedOperation,
} from "./options";
export { ControlError, SimulatorControl, type InstanceDrift, type NodeGroupOptions, type RdsOptions } from "./control";
export type { CallRecord } from "./call-log";
export type { FaultKind } from "./faults";
export type {
  AccountRecord,
  InstanceRecord,
  JobRecord,
  JobStatus,
  NodeGroupRecord,
  NodeRecord,
  RdsRecord,
  SchemaRecord,
  SimulatorSnapshot,
} from "./state/model";
export { CONTROL_PREFIX } from "./routes/control";
export {
  startObshellSimulator,
  DEFAULT_OB_PASSWORD,
  SCALE_IN,
  SCALE_IN_NODES,
  SCALE_OUT,
  SCALE_OUT_NODES,
  type AgentCall,
  type DagFault,
  type ObshellSimulator,
  type ObshellSimulatorOptions,
  type ObshellSnapshot,
  type SimulatedAgent,
} from "./obshell";
