import { DEFAULT_DCS_DURATIONS, type DcsDurations, type DcsOperation } from "./dcs/state";

/**
 * What a simulator can be told at start, and the defaults shared by the CLI, the tests and the demo.
 */

/** How long each asynchronous operation takes, in milliseconds. */
export interface Durations {
  createInstance: number;
  deleteInstance: number;
  enlarge: number;
  reduce: number;
  resize: number;
  adminUser: number;
  createSchema: number;
  deleteSchema: number;
  /** How long an instance shows SET_CONFIGURATION after its parameters are set. */
  setConfiguration: number;
  restart: number;
  /** How long a billing order takes to complete. */
  order: number;
}

export type TimedOperation = keyof Durations;

export type JobDurationRule = (job: { operation: TimedOperation; instanceName: string; startedAt: number }) => number | undefined;

/**
 * Many DDM operators hold no IAM permission: listing projects by name (`GET /v3/projects`) then
 * answers 403, while `GET /v3/auth/projects` needs none (FACTS.md §5). Default true.
 */
interface IamRights {
  iamPermissions?: boolean;
}

export interface AkSkCredential extends IamRights {
  accessKey: string;
  secretKey: string;
  /** Makes this a temporary credential: requests must carry and sign this X-Security-Token. */
  securityToken?: string;
}

export interface IamUser extends IamRights {
  domainName: string;
  userName: string;
  password: string;
}

/** An RDS instance of the project, available to the schemas of any DDM instance not yet using it elsewhere. */
export interface SharedRds {
  id: string;
  name: string;
}

export interface RateLimit {
  /** Calls admitted per principal (access key or IAM user) within any window. */
  limit: number;
  windowMs: number;
}

/** `Operation`: the names of the service's timed operations, which `failJobs` can make fail. */
export interface FaultOptions<Operation extends string = TimedOperation> {
  /** Seeds the fault sequence: the same seed and the same requests give the same faults. */
  seed?: number;
  /** Answer the service's 500 (DDM: DBS.200412) before handling. */
  error500Rate?: number;
  /** Answer 429 APIG.0308 before handling. */
  error429Rate?: number;
  /** Close the connection without answering, before handling (nothing happens). */
  dropRate?: number;
  /** Answer the service's busy code (DDM: 409 DBS.200019) to a mutating call on an instance, before handling. */
  busyRate?: number;
  /** Delay the request by `slowMs` before handling. */
  slowRate?: number;
  slowMs?: number;
  /** Perform a mutating call, then close the connection without answering: a lost response. */
  dropAfterCommitRate?: number;
  /** Make operations fail when they complete: `true` always, a number is a probability. */
  failJobs?: Partial<Record<Operation, boolean | number>>;
}

export interface SimulatorOptions {
  /** Defaults to 127.0.0.1: the simulator accepts any request it can verify, so keep it local. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  projectId?: string;
  region?: string;
  /** false accepts every request unauthenticated. */
  auth?: boolean;
  credentials?: AkSkCredential[];
  users?: IamUser[];
  tokenTtlMs?: number;
  rateLimit?: RateLimit | false;
  durations?: Partial<Durations>;
  /**
   * The duration of one job, over `durations` where it answers a number: fleets whose jobs
   * differ, or end together, in benchmarks. In-process only.
   */
  jobDuration?: JobDurationRule;
  faults?: FaultOptions;
  /** RDS instances made available to each new DDM instance for its schemas, with fresh ids. */
  rdsPerInstance?: number;
  /**
   * RDS instances that exist before any DDM instance, with ids a program can name in advance. Each
   * is available to every DDM instance until one of them puts a schema on it.
   */
  sharedRds?: readonly SharedRds[];
  /**
   * The most flavors one page holds per architecture group, whatever `limit` asked for: the
   * service sizes these pages itself and says so in each group's `limit` (100 in the reference's
   * example, where 128 is the documented default).
   */
  flavorPageSize?: number;
  /** The simulator's clock, in epoch milliseconds; tests may substitute a controllable one. */
  now?: () => number;
  /** The DCS service: its own listener, durations and faults (credentials, limit and clock are shared). */
  dcs?: DcsOptions;
}

export type DcsDurationRule = (change: { operation: DcsOperation; instanceName: string; startedAt: number }) => number | undefined;

export interface DcsOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  durations?: Partial<DcsDurations>;
  /** The duration of one change, over `durations` where it answers a number, as `jobDuration` for DDM. In-process only. */
  changeDuration?: DcsDurationRule;
  faults?: FaultOptions<DcsOperation>;
  /** Offer the background-task API (ListBackgroundTask, ShowBackgroundTaskProgress); default true. */
  backgroundTasks?: boolean;
}

export const DEFAULT_ACCESS_KEY = "SIMULATORACCESSKEY01";
export const DEFAULT_SECRET_KEY = "SimulatorSecretKey0000000000000000000001";
export const DEFAULT_PROJECT_ID = "5e1a0c2d9b7f4e3a8c6d0f1b2a3c4d5e";
export const DEFAULT_REGION = "ap-southeast-1";
export const DEFAULT_USER: IamUser = { domainName: "sim-domain", userName: "sim-user", password: "Sim-Passw0rd!" };
export const DEFAULT_TOKEN_TTL_MS = 24 * 60 * 60_000;
/** The service's documented policy: 60 calls a minute per user. */
export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 60, windowMs: 60_000 };
export const DEFAULT_RDS_PER_INSTANCE = 2;
/** The page size the reference's example flavors response reports. */
export const DEFAULT_FLAVOR_PAGE_SIZE = 100;
export const DEFAULT_SHARED_RDS: readonly SharedRds[] = [
  { id: "5ad1e0b0c0de4d2b9a7e3f1c0d0e0f01in01", name: "rds-shared-01" },
  { id: "5ad1e0b0c0de4d2b9a7e3f1c0d0e0f02in01", name: "rds-shared-02" },
];
export const DEFAULT_DURATIONS: Durations = {
  createInstance: 1_500,
  deleteInstance: 600,
  enlarge: 1_000,
  reduce: 800,
  resize: 1_000,
  adminUser: 300,
  createSchema: 500,
  deleteSchema: 300,
  setConfiguration: 300,
  restart: 800,
  order: 500,
};

export interface ResolvedOptions {
  host: string;
  port: number;
  projectId: string;
  region: string;
  auth: boolean;
  credentials: AkSkCredential[];
  users: IamUser[];
  tokenTtlMs: number;
  rateLimit: RateLimit | false;
  durations: Durations;
  jobDuration?: JobDurationRule;
  faults: FaultOptions;
  rdsPerInstance: number;
  sharedRds: readonly SharedRds[];
  flavorPageSize: number;
  now: () => number;
  dcs: { port: number; durations: DcsDurations; changeDuration?: DcsDurationRule; faults: FaultOptions<DcsOperation>; backgroundTasks: boolean };
}

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  return {
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    projectId: options.projectId ?? DEFAULT_PROJECT_ID,
    region: options.region ?? DEFAULT_REGION,
    auth: options.auth ?? true,
    credentials: options.credentials ?? [{ accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY }],
    users: options.users ?? [DEFAULT_USER],
    tokenTtlMs: options.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS,
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    durations: { ...DEFAULT_DURATIONS, ...options.durations },
    jobDuration: options.jobDuration,
    faults: options.faults ?? {},
    rdsPerInstance: options.rdsPerInstance ?? DEFAULT_RDS_PER_INSTANCE,
    sharedRds: options.sharedRds ?? DEFAULT_SHARED_RDS,
    flavorPageSize: options.flavorPageSize ?? DEFAULT_FLAVOR_PAGE_SIZE,
    now: options.now ?? Date.now,
    dcs: {
      port: options.dcs?.port ?? 0,
      durations: { ...DEFAULT_DCS_DURATIONS, ...options.dcs?.durations },
      changeDuration: options.dcs?.changeDuration,
      faults: options.dcs?.faults ?? {},
      backgroundTasks: options.dcs?.backgroundTasks ?? true,
    },
  };
}

/** Every duration set to `ms`: the CLI's --job-ms. */
export function uniformDurations(ms: number): Durations {
  const entries = Object.keys(DEFAULT_DURATIONS).map((key) => [key, ms]);
  return Object.fromEntries(entries) as unknown as Durations;
}

/** Every DCS duration set to `ms`. */
export function uniformDcsDurations(ms: number): DcsDurations {
  return Object.fromEntries(Object.keys(DEFAULT_DCS_DURATIONS).map((key) => [key, ms])) as unknown as DcsDurations;
}
