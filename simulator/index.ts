import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Authenticator } from "./auth";
import { CallLog } from "./call-log";
import { instanceBusy, parameterError, SERVER_FAILURE, ServiceError } from "./errors";
import { SimulatorControl } from "./control";
import { FaultInjector } from "./faults";
import { DcsControl, dcsControlRouter } from "./dcs/control";
import { internalError, invalid, operationInProgress } from "./dcs/errors";
import { dcsRoutes } from "./dcs/routes";
import { DcsState } from "./dcs/state";
import { resolveOptions, type FaultOptions, type ResolvedOptions, type SimulatorOptions } from "./options";
import { Router } from "./router";
import { controlRouter } from "./routes/control";
import { apiRouter } from "./routes";
import { createSimulatorServer } from "./server";
import { close, listen } from "./listen";
import { DdmState } from "./state/store";
import { Throttle } from "./throttle";

/**
 * pulumi-ddm/simulator: local Huawei Cloud DDM and DCS services (and the IAM calls their clients
 * make) over real HTTP, each on its own listener as each has its own endpoint, with AK/SK
 * signature checks, throttling, operations evaluated from the clock, seeded fault injection, and
 * a control API per service for tests.
 *
 *   const sim = await startSimulator();
 *   // HW_DDM_ENDPOINT = HW_AUTH_URL = sim.url, HW_DCS_ENDPOINT = sim.dcs.url,
 *   // HW_PROJECT_ID = sim.projectId, HW_ACCESS_KEY = DEFAULT_ACCESS_KEY, HW_SECRET_KEY = DEFAULT_SECRET_KEY
 *   await sim.close();
 */

export interface DcsSimulator {
  /** e.g. http://127.0.0.1:53128: the DCS endpoint. */
  readonly url: string;
  readonly port: number;
  readonly control: DcsControl;
}

export interface Simulator {
  /** e.g. http://127.0.0.1:53127: both the DDM endpoint and the IAM auth URL. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly projectId: string;
  readonly region: string;
  readonly control: SimulatorControl;
  /** The DCS service, sharing the credentials, tokens and project with DDM. */
  readonly dcs: DcsSimulator;
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
  // The limit is the user's (FACTS.md §3: 60 calls a minute per user), whichever service and
  // connection the call comes in on, so both listeners count against one window per principal.
  const throttle = new Throttle(resolved.rateLimit);
  const server = createSimulatorServer({
    projectId: resolved.projectId,
    now: resolved.now,
    service: {
      advance: (now) => state.advance(now),
      busy: instanceBusy,
      invalidBody: parameterError,
      serverFailure: (message) => new ServiceError(500, SERVER_FAILURE, message),
      dialect: "v1",
    },
    auth,
    throttle,
    faults,
    calls,
    api: apiRouter(state, auth, { projectId: resolved.projectId, region: resolved.region }, { flavorPageSize: resolved.flavorPageSize }),
    control: controlRouter(control),
  });
  const dcs = dcsService(resolved, auth, throttle);
  await listen(server, resolved.port, resolved.host);
  await listen(dcs.server, resolved.dcs.port, resolved.host).catch(async (error: unknown) => {
    await close(server);
    throw error;
  });
  const urlOf = (listening: Server) => {
    const { port } = listening.address() as AddressInfo;
    const host = resolved.host.includes(":") ? `[${resolved.host}]` : resolved.host;
    return { url: `http://${host}:${port}`, port };
  };
  return {
    ...urlOf(server),
    host: resolved.host,
    projectId: resolved.projectId,
    region: resolved.region,
    control,
    dcs: { ...urlOf(dcs.server), control: dcs.control },
    close: async () => {
      await Promise.all([close(server), close(dcs.server)]);
    },
  };
}

/** DCS behind the same gateway pipeline, credentials, tokens and per-user limit, with its own faults and log. */
function dcsService(resolved: ResolvedOptions, auth: Authenticator, throttle: Throttle): { server: Server; control: DcsControl } {
  const faults = new FaultInjector(resolved.dcs.faults as FaultOptions);
  const state = new DcsState({ durations: resolved.dcs.durations, changeDuration: resolved.dcs.changeDuration, operationFails: (operation) => faults.operationFails(operation) });
  const calls = new CallLog();
  const control = new DcsControl({ state, faults, calls, now: resolved.now });
  const router = new Router();
  dcsRoutes(router, state, { backgroundTasks: resolved.dcs.backgroundTasks });
  const server = createSimulatorServer({
    projectId: resolved.projectId,
    now: resolved.now,
    service: {
      advance: (now) => state.advance(now),
      busy: operationInProgress,
      invalidBody: invalid,
      serverFailure: internalError,
      dialect: "v3",
    },
    auth,
    throttle,
    faults,
    calls,
    api: router,
    control: dcsControlRouter(control),
  });
  return { server, control };
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
  type DcsDurationRule,
  type DcsOptions,
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
export { DcsControl, type CacheDrift } from "./dcs/control";
export { DEFAULT_DCS_DURATIONS, type DcsDurations, type DcsOperation } from "./dcs/state";
export { DCS_FLAVORS, type CacheMode, type DcsFlavor } from "./dcs/catalog";
export type { DcsBackgroundTask, DcsInstanceRecord, DcsSnapshot, DcsTask } from "./dcs/model";
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
