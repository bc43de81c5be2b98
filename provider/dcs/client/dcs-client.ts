import { pageThrough, type Listing, type ListOptions } from "../../cloud/paging";
import { path } from "../../cloud/path";
import type { Urgency } from "../../cloud/rate-limiter";
import { CloudSession, ifNotFound, type CallOptions, type SessionOptions } from "../../cloud/session";
import { endpointOf, type ClientSettings } from "../../cloud/settings";
import { asObject, malformed, optionalArray, requireString } from "../../cloud/shape";
import type { ApiResponse, HttpMethod } from "../../cloud/transport";
import { DCS_SERVICE } from "./advice";
import type * as api from "./types";

/** The most ListInstances returns per page. */
const LIST_LIMIT = 1_000;
/** The most ListBackgroundTask returns per page (1–1000). */
const TASK_LIST_LIMIT = 1_000;

/** yyyyMMddHHmmss in UTC: ListBackgroundTask's time filter. */
export function taskTimeOf(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/**
 * One typed function per DCS operation the cache resource uses (DCS-FACTS.md and the extend seed
 * page), on the same Huawei Cloud session as every other service's client.
 */
export class DcsClient {
  private readonly endpoint: string;

  constructor(
    readonly settings: ClientSettings,
    options: SessionOptions = {},
    private readonly session: CloudSession = new CloudSession(settings, options),
  ) {
    this.endpoint = endpointOf(settings, "dcs");
  }

  private dcs<T>(operation: string, method: HttpMethod, build: (projectId: string) => string, extra: CallOptions = {}): Promise<ApiResponse<T>> {
    return this.session.call<T>(DCS_SERVICE, this.endpoint, operation, method, build, extra);
  }

  private async object(operation: string, method: HttpMethod, build: (projectId: string) => string, extra: CallOptions = {}) {
    const response = await this.dcs<unknown>(operation, method, build, extra);
    return asObject(operation, response.data, response.requestId);
  }

  projectId(): Promise<string> {
    return this.session.projectId();
  }

  async createInstance(request: api.CreateCacheRequest): Promise<{ id: string }> {
    const operation = "create cache instance";
    const body = await this.object(operation, "POST", (p) => path`/v2/${p}/instances`, { body: request });
    const [created] = optionalArray<Record<string, unknown>>(operation, body, "instances");
    if (!created) throw malformed(operation, 'field "instances" is empty');
    return { id: requireString(operation, asObject(operation, created), "instance_id") };
  }

  async getInstance(instanceId: string, urgency?: Urgency): Promise<api.CacheInstance> {
    const operation = "read cache instance";
    const body = await this.object(operation, "GET", (p) => path`/v2/${p}/instances/${instanceId}`, { urgency });
    requireString(operation, body, "status");
    requireString(operation, body, "spec_code");
    return { ...body, instance_id: typeof body.instance_id === "string" ? body.instance_id : instanceId } as unknown as api.CacheInstance;
  }

  /** Undefined when the instance does not exist (404). */
  findInstance(instanceId: string, urgency?: Urgency): Promise<api.CacheInstance | undefined> {
    return this.getInstance(instanceId, urgency).catch(ifNotFound(undefined));
  }

  /**
   * Every instance of the project, `offset`/`limit` paged (ListInstances), until `enough`. The
   * entries lack the read's `task`. A page shorter than asked is the last: whether
   * `instance_num` counts the page or every match is not said, so it is not relied on.
   */
  pageInstances(options: ListOptions<api.ListedCacheInstance> = {}, filter: { name?: string } = {}): Promise<Listing<api.ListedCacheInstance>> {
    const operation = "list cache instances";
    return pageThrough(
      operation,
      async (offset) => {
        const body = await this.object(operation, "GET", (p) => path`/v2/${p}/instances`, { query: { ...filter, offset, limit: LIST_LIMIT }, urgency: options.urgency });
        const items = optionalArray<api.ListedCacheInstance>(operation, body, "instances").filter((item) => typeof item?.instance_id === "string");
        return { items, last: () => items.length < LIST_LIMIT };
      },
      options,
    );
  }

  /** Instances whose name contains `name` (the service matches names fuzzily), every page. */
  async listInstances(name: string): Promise<api.ListedCacheInstance[]> {
    return (await this.pageInstances({}, { name })).items;
  }

  async modifyInstance(instanceId: string, request: api.ModifyRequest): Promise<void> {
    await this.dcs("modify cache instance", "PUT", (p) => path`/v2/${p}/instances/${instanceId}`, { body: request });
  }

  async deleteInstance(instanceId: string): Promise<void> {
    await this.dcs("delete cache instance", "DELETE", (p) => path`/v2/${p}/instances/${instanceId}`);
  }

  /** The seed's extend: 204, no body, no job. */
  async extend(instanceId: string, request: api.ExtendRequest): Promise<void> {
    await this.dcs("extend cache instance", "POST", (p) => path`/v1.0/${p}/instances/${instanceId}/extend`, { body: request });
  }

  async resize(instanceId: string, request: api.ResizeRequest): Promise<void> {
    await this.dcs("resize cache instance", "POST", (p) => path`/v2/${p}/instances/${instanceId}/resize`, { body: request });
  }

  /**
   * The instance's background tasks created since `since` (ListBackgroundTask), one page: the
   * few tasks of the last minutes. Entries without a string `id` and `name` are left out.
   */
  async listTasks(instanceId: string, since: number): Promise<api.BackgroundTask[]> {
    const operation = "list cache background tasks";
    const query = { start_time: taskTimeOf(since), offset: 0, limit: TASK_LIST_LIMIT };
    const body = await this.object(operation, "GET", (p) => path`/v2/${p}/instances/${instanceId}/tasks`, { query });
    return optionalArray<api.BackgroundTask>(operation, body, "tasks").filter((task) => typeof task?.id === "string" && typeof task.name === "string");
  }

  /** One task's progress (ShowBackgroundTaskProgress); undefined when the service does not know it (404). */
  async taskProgress(instanceId: string, taskId: string, urgency?: Urgency): Promise<api.TaskProgress | undefined> {
    const operation = "read cache background task progress";
    const read = this.object(operation, "GET", (p) => path`/v2/${p}/instances/${instanceId}/tasks/${taskId}/progress`, { urgency });
    return (await read.catch(ifNotFound(undefined))) as api.TaskProgress | undefined;
  }

  async listFlavors(query: api.FlavorQuery): Promise<api.CacheFlavor[]> {
    const operation = "list cache flavors";
    const body = await this.object(operation, "GET", (p) => path`/v2/${p}/flavors`, { query: { ...query } });
    return optionalArray<api.CacheFlavor>(operation, body, "flavors");
  }
}
