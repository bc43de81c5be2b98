import { path } from "../../cloud/path";
import { MAX_PAGES, pageThrough, type Listing, type ListOptions } from "../../cloud/paging";
import type { Urgency } from "../../cloud/rate-limiter";
import { CloudSession, ifNotFound, type CallOptions, type SessionOptions } from "../../cloud/session";
import { endpointOf, type ClientSettings } from "../../cloud/settings";
import { asObject, malformed, optionalArray, requireString } from "../../cloud/shape";
import type { ApiResponse, HttpMethod, QueryValue } from "../../cloud/transport";
import { DDM_SERVICE } from "./advice";
import { instanceStatusVerdict } from "../wait/statuses";
import type * as api from "./types";

/** What an asynchronous operation hands back: a job to follow, or nothing (then follow the status). */
export interface Submitted {
  jobId?: string;
}

export type { Listing, ListOptions };
export type DdmClientOptions = SessionOptions;

const PAGE_LIMIT = 128;

/** The service's time format, `2018-08-06T10:41:14+0000` (FACTS.md §1). */
export function serviceTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");
}

function jobIdOf(response: unknown): string | undefined {
  if (!response || typeof response !== "object") return undefined;
  const record = response as Record<string, unknown>;
  const id = record.job_id ?? record.jobId;
  return typeof id === "string" && id !== "" ? id : undefined;
}

/**
 * One typed function per DDM operation the resources use. Paths, bodies and response fields are
 * those of the API reference and FACTS.md; nothing here knows about Pulumi. Signing, retries and
 * the project id come from the Huawei Cloud session it is built on.
 */
export class DdmClient {
  private readonly endpoint: string;

  constructor(
    readonly settings: ClientSettings,
    options: DdmClientOptions = {},
    private readonly session: CloudSession = new CloudSession(settings, options),
  ) {
    this.endpoint = endpointOf(settings, "ddm");
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private ddm<T>(operation: string, method: HttpMethod, build: (projectId: string) => string, extra: CallOptions = {}): Promise<ApiResponse<T>> {
    return this.session.call<T>(DDM_SERVICE, this.endpoint, operation, method, build, extra);
  }

  private async object(
    operation: string,
    method: HttpMethod,
    build: (projectId: string) => string,
    extra: CallOptions = {},
  ): Promise<Record<string, unknown>> {
    const response = await this.ddm<unknown>(operation, method, build, extra);
    return asObject(operation, response.data, response.requestId);
  }

  /**
   * Pages through an offset/limit listing until `total` items or an empty page. The service may
   * size pages itself (smaller than asked): the next offset is what came back, and a short page
   * ends a listing without `total` only when it is shorter than the size the service reports.
   */
  private async collect<T>(
    operation: string,
    build: (projectId: string) => string,
    pick: (page: Record<string, unknown>) => { items: T[]; total?: number },
    query: Record<string, QueryValue> = {},
  ): Promise<T[]> {
    return (await this.pages(operation, build, pick, query)).items;
  }

  /** `collect`, stopping as soon as `enough` is satisfied; says how many calls it took. */
  private async pages<T>(
    operation: string,
    build: (projectId: string) => string,
    pick: (page: Record<string, unknown>) => { items: T[]; total?: number },
    query: Record<string, QueryValue> = {},
    options: ListOptions<T> = {},
  ): Promise<Listing<T>> {
    return pageThrough(
      operation,
      async (offset) => {
        const body = await this.object(operation, "GET", build, { query: { ...query, offset, limit: PAGE_LIMIT }, urgency: options.urgency });
        const { items, total } = pick(body);
        return { items, last: (soFar) => (total !== undefined ? soFar >= total : shortPage(items.length, body)) };
      },
      options,
    );
  }

  /** The project id: from settings, else discovered once from the region through IAM. */
  projectId(): Promise<string> {
    return this.session.projectId();
  }

  // ---- instances --------------------------------------------------------------------------

  /** Pay-per-use answers a job; yearly/monthly an order to follow in the billing service. */
  async createInstance(request: api.CreateInstanceRequest): Promise<{ id: string; orderId?: string } & Submitted> {
    const operation = "create instance";
    const body = await this.object(operation, "POST", (p) => path`/v1/${p}/instances`, { body: request });
    const orderId = typeof body.order_id === "string" && body.order_id ? body.order_id : undefined;
    return { id: requireString(operation, body, "id"), jobId: jobIdOf(body), orderId };
  }

  async getInstance(instanceId: string, urgency?: Urgency): Promise<api.InstanceDetail> {
    const operation = "read instance";
    const body = await this.object(operation, "GET", (p) => path`/v1/${p}/instances/${instanceId}`, { urgency });
    requireString(operation, body, "id");
    requireString(operation, body, "status");
    return body as unknown as api.InstanceDetail;
  }

  /** Undefined when the instance does not exist (404, or a status meaning deleted). */
  async findInstance(instanceId: string, urgency?: Urgency): Promise<api.InstanceDetail | undefined> {
    const instance = await this.getInstance(instanceId, urgency).catch(ifNotFound(undefined));
    return instance && instanceStatusVerdict(instance.status).kind === "gone" ? undefined : instance;
  }

  async listInstances(): Promise<api.InstanceSummary[]> {
    return (await this.pageInstances()).items;
  }

  /** The instance listing, newest first, paged until `enough`. */
  pageInstances(options: ListOptions<api.InstanceSummary> = {}): Promise<Listing<api.InstanceSummary>> {
    return this.pages<api.InstanceSummary>(
      "list instances",
      (p) => path`/v1/${p}/instances`,
      (page) => ({
        items: optionalArray("list instances", page, "instances"),
        total: typeof page.total_record === "number" ? page.total_record : (page.instance_num as number | undefined),
      }),
      {},
      options,
    );
  }

  async deleteInstance(instanceId: string, deleteRdsData?: boolean): Promise<Submitted> {
    const body = await this.object("delete instance", "DELETE", (p) => path`/v1/${p}/instances/${instanceId}`, {
      query: { delete_rds_data: deleteRdsData === undefined ? undefined : String(deleteRdsData) },
    });
    return { jobId: jobIdOf(body) };
  }

  async renameInstance(instanceId: string, name: string): Promise<void> {
    await this.ddm("rename instance", "PUT", (p) => path`/v1/${p}/instances/${instanceId}/modify-name`, { body: { name } });
  }

  async changeSecurityGroup(instanceId: string, securityGroupId: string): Promise<void> {
    await this.ddm("change security group", "PUT", (p) => path`/v1/${p}/instances/${instanceId}/modify-security-group`, {
      body: { security_group_id: securityGroupId },
    });
  }

  async enlarge(instanceId: string, request: api.EnlargeRequest): Promise<Submitted> {
    const body = await this.object("scale out instance", "POST", (p) => path`/v2/${p}/instances/${instanceId}/action/enlarge`, {
      body: request,
    });
    return { jobId: jobIdOf(body) };
  }

  async reduce(instanceId: string, request: api.ReduceRequest): Promise<Submitted> {
    const body = await this.object("scale in instance", "POST", (p) => path`/v2/${p}/instances/${instanceId}/action/reduce`, {
      body: request,
    });
    return { jobId: jobIdOf(body) };
  }

  async changeFlavor(instanceId: string, request: api.ChangeFlavorRequest): Promise<Submitted> {
    // Not idempotent in effect: a repeat after success is refused as "same class".
    const body = await this.object("change node class", "PUT", (p) => path`/v3/${p}/instances/${instanceId}/flavor`, {
      body: request,
      idempotent: false,
    });
    return { jobId: jobIdOf(body) };
  }

  async setAdminUser(instanceId: string, name: string, password: string): Promise<Submitted> {
    const response = await this.ddm<unknown>("set administrator", "PUT", (p) => path`/v3/${p}/instances/${instanceId}/admin-user`, {
      body: { name, password },
    });
    return { jobId: jobIdOf(response.data) };
  }

  listNodes(instanceId: string): Promise<api.NodeSummary[]> {
    return this.collect<api.NodeSummary>(
      "list instance nodes",
      (p) => path`/v1/${p}/instances/${instanceId}/nodes`,
      (page) => ({ items: optionalArray("list instance nodes", page, "nodes"), total: page.total as number | undefined }),
    );
  }

  async getNode(instanceId: string, nodeId: string): Promise<api.NodeDetail> {
    return (await this.object("read instance node", "GET", (p) => path`/v1/${p}/instances/${instanceId}/nodes/${nodeId}`)) as unknown as api.NodeDetail;
  }

  async listGroups(instanceId: string): Promise<api.NodeGroup[]> {
    const operation = "list node groups";
    const body = await this.object(operation, "GET", (p) => path`/v3/${p}/instances/${instanceId}/groups`);
    return optionalArray<api.NodeGroup>(operation, body, "group_list");
  }

  // ---- parameters, restarts, read weights --------------------------------------------------

  listParameters(instanceId: string): Promise<api.ConfigurationParameter[]> {
    const operation = "list parameters";
    return this.collect<api.ConfigurationParameter>(
      operation,
      (p) => path`/v3/${p}/instances/${instanceId}/configurations`,
      (page) => ({ items: optionalArray(operation, page, "configuration_parameter"), total: page.total as number | undefined }),
    );
  }

  /** Answers whether the new values wait for a restart. */
  async setParameters(instanceId: string, values: Record<string, string>): Promise<{ needRestart: boolean }> {
    const body = await this.object("set parameters", "PUT", (p) => path`/v3/${p}/instances/${instanceId}/configurations`, {
      body: { values },
      idempotent: true,
    });
    return { needRestart: body.needRestart === true || body.needRestart === "true" };
  }

  async restartInstance(instanceId: string): Promise<Submitted> {
    const body = await this.object("restart instance", "POST", (p) => path`/v1/${p}/instances/${instanceId}/action`, {
      body: { restart: { type: "soft" } },
    });
    return { jobId: jobIdOf(body) };
  }

  /** Read weights of the DB instances behind the schemas, by RDS instance id (§4.1.11). */
  async setReadWeights(instanceId: string, weights: Record<string, number>): Promise<void> {
    await this.ddm("set read weights", "PUT", (p) => path`/v2/${p}/instances/${instanceId}/action/read-write-strategy`, {
      body: { read_weight: weights },
      idempotent: true,
    });
  }

  // ---- catalog ----------------------------------------------------------------------------

  listEngines(): Promise<api.Engine[]> {
    return this.collect<api.Engine>(
      "list engines",
      (p) => path`/v2/${p}/engines`,
      (page) => ({ items: optionalArray("list engines", page, "engineGroups"), total: page.total as number | undefined }),
    );
  }

  /**
   * Every flavor of an engine, across the X86 and ARM groups, each group paged on its own with
   * one offset. Each group reports the page size the service chose (100 in the reference's
   * example): the offset advances by the fewest any unfinished group returned, so none skips.
   */
  async listFlavors(engineId: string): Promise<api.ComputeFlavor[]> {
    const operation = "list flavors";
    const flavors = new Map<string, api.ComputeFlavor>();
    for (let offset = 0, page = 0; page < MAX_PAGES; page++) {
      const body = await this.object(operation, "GET", (p) => path`/v2/${p}/flavors`, {
        query: { engine_id: engineId, offset, limit: PAGE_LIMIT },
      });
      const groups = optionalArray<api.ComputeFlavorGroup>(operation, body, "computeFlavorGroups");
      let step = Infinity;
      for (const group of groups) {
        const batch = group.computeFlavors ?? [];
        for (const flavor of batch) flavors.set(flavor.id, flavor);
        const done = batch.length === 0 || (group.total !== undefined ? offset + batch.length >= group.total : shortPage(batch.length, group));
        if (!done) step = Math.min(step, batch.length);
      }
      if (step === Infinity) return [...flavors.values()];
      offset += step;
    }
    throw malformed(operation, `more than ${MAX_PAGES} pages`);
  }

  // ---- jobs -------------------------------------------------------------------------------

  async getJob(jobId: string, urgency?: Urgency): Promise<api.Job> {
    const operation = "read job";
    const body = await this.object(operation, "GET", (p) => path`/v3/${p}/jobs/${jobId}`, { urgency });
    const job = asObject(operation, body.job);
    requireString(operation, job, "status");
    return job as unknown as api.Job;
  }

  /** Jobs created from `startTime` on (the service's time format, as in `created_time`). */
  async listJobs(startTime?: string): Promise<api.JobSummary[]> {
    return (await this.jobPages(startTime)).items;
  }

  /** The project's jobs created since `since` (epoch ms), paged until `enough` (FACTS.md §1). */
  pageJobs(since: number, options: ListOptions<api.JobSummary> = {}): Promise<Listing<api.JobSummary>> {
    return this.jobPages(serviceTime(since), options);
  }

  private jobPages(startTime: string | undefined, options: ListOptions<api.JobSummary> = {}): Promise<Listing<api.JobSummary>> {
    const operation = "list jobs";
    return this.pages<api.JobSummary>(
      operation,
      (p) => path`/v3/${p}/jobs`,
      (page) => ({ items: optionalArray(operation, page, "jobs"), total: typeof page.total_count === "number" ? page.total_count : undefined }),
      { start_time: startTime },
      options,
    );
  }

  // ---- schemas ----------------------------------------------------------------------------

  async createSchema(instanceId: string, request: api.CreateSchemaRequest): Promise<void> {
    await this.ddm("create schema", "POST", (p) => path`/v1/${p}/instances/${instanceId}/databases`, { body: request });
  }

  async getSchema(instanceId: string, name: string): Promise<api.SchemaDetail> {
    const operation = "read schema";
    const body = await this.object(operation, "GET", (p) => path`/v1/${p}/instances/${instanceId}/databases/${name}`);
    const schema = asObject(operation, body.database);
    requireString(operation, schema, "name");
    return schema as unknown as api.SchemaDetail;
  }

  async findSchema(instanceId: string, name: string): Promise<api.SchemaDetail | undefined> {
    return this.getSchema(instanceId, name).catch(ifNotFound(undefined));
  }

  listSchemas(instanceId: string): Promise<api.SchemaSummary[]> {
    return this.collect<api.SchemaSummary>(
      "list schemas",
      (p) => path`/v1/${p}/instances/${instanceId}/databases`,
      (page) => ({ items: optionalArray("list schemas", page, "databases"), total: page.total as number | undefined }),
    );
  }

  async deleteSchema(instanceId: string, name: string, deleteRdsData?: boolean): Promise<void> {
    await this.ddm("delete schema", "DELETE", (p) => path`/v1/${p}/instances/${instanceId}/databases/${name}`, {
      query: { delete_rds_data: deleteRdsData === undefined ? undefined : String(deleteRdsData) },
    });
  }

  listAvailableRds(instanceId: string): Promise<api.AvailableRds[]> {
    return this.collect<api.AvailableRds>(
      "list available RDS instances",
      (p) => path`/v1/${p}/instances/${instanceId}/rds`,
      (page) => ({ items: optionalArray("list available RDS instances", page, "instances"), total: page.total as number | undefined }),
    );
  }

  // ---- accounts ---------------------------------------------------------------------------

  async createAccount(instanceId: string, request: api.CreateAccountRequest): Promise<void> {
    await this.ddm("create account", "POST", (p) => path`/v1/${p}/instances/${instanceId}/users`, { body: request });
  }

  listAccounts(instanceId: string): Promise<api.Account[]> {
    return this.collect<api.Account>(
      "list accounts",
      (p) => path`/v1/${p}/instances/${instanceId}/users`,
      (page) => ({ items: optionalArray("list accounts", page, "users"), total: page.total_record as number | undefined }),
    );
  }

  async findAccount(instanceId: string, name: string): Promise<api.Account | undefined> {
    const accounts = await this.listAccounts(instanceId).catch(ifNotFound<api.Account[]>([]));
    return accounts.find((account) => account.name === name);
  }

  async updateAccount(instanceId: string, name: string, request: api.UpdateAccountRequest): Promise<void> {
    await this.ddm("update account", "PUT", (p) => path`/v1/${p}/instances/${instanceId}/users/${name}`, { body: request });
  }

  async deleteAccount(instanceId: string, name: string): Promise<void> {
    await this.ddm("delete account", "DELETE", (p) => path`/v1/${p}/instances/${instanceId}/users/${name}`);
  }

  async resetAccountPassword(instanceId: string, name: string, password: string): Promise<void> {
    await this.ddm("reset account password", "POST", (p) => path`/v2/${p}/instances/${instanceId}/users/${name}/password`, {
      body: { password },
      idempotent: true,
    });
  }
}

/**
 * Whether a page without a total is the last: shorter than the page size the service reports
 * (`limit`, or `page_size` in the v1 listings), or than the size asked for when it reports none.
 */
function shortPage(count: number, page: Record<string, unknown> | api.ComputeFlavorGroup): boolean {
  const record = page as Record<string, unknown>;
  const reported = typeof record.limit === "number" ? record.limit : typeof record.page_size === "number" ? record.page_size : undefined;
  return count < Math.min(reported ?? PAGE_LIMIT, PAGE_LIMIT);
}
