/** The DCS API's request and response shapes (DCS-FACTS.md), as far as the resources use them. */

export type CacheEngine = "Redis" | "Memcached";

export interface CacheInstance {
  instance_id: string;
  name: string;
  engine: string;
  engine_version?: string;
  spec_code: string;
  /** Whole GB; 0 for the small flavors, whose size is in `capacity_minor` (".125"). */
  capacity: number;
  capacity_minor?: string;
  max_memory?: number;
  used_memory?: number;
  ip?: string;
  port?: number;
  domain_name?: string;
  status: string;
  sub_status?: string;
  /** Undocumented: non-null while an operation runs. */
  task?: unknown;
  az_codes?: string[];
  vpc_id?: string;
  subnet_id?: string;
  security_group_id?: string;
  no_password_access?: string | boolean;
  maintain_begin?: string;
  maintain_end?: string;
  charging_mode?: number;
  order_id?: string;
}

/** An entry of the instance listing (ListInstances' InstanceListInfo): no `task`, no `sub_status`. */
export type ListedCacheInstance = Omit<CacheInstance, "task" | "sub_status">;

export interface CacheFlavor {
  spec_code: string;
  engine: string;
  /** One version, or several separated by ";" or ",". */
  engine_version?: string;
  cache_mode: string;
  capacity: Array<string | number>;
  replica_count?: number;
}

export interface FlavorQuery {
  spec_code?: string;
  engine?: string;
  engine_version?: string;
  cache_mode?: string;
}

export interface CreateCacheRequest {
  name: string;
  engine: CacheEngine;
  engine_version?: string;
  capacity: number;
  spec_code: string;
  az_codes: string[];
  vpc_id: string;
  subnet_id: string;
  security_group_id?: string;
  password?: string;
  no_password_access?: boolean;
  port?: number;
  instance_num: 1;
  maintain_begin?: string;
  maintain_end?: string;
}

export interface ExtendRequest {
  new_capacity: number;
  spec_code: string;
}

export type ChangeType = "createReplication" | "deleteReplication" | "addSharding" | "instanceType";

export interface ResizeRequest {
  spec_code: string;
  new_capacity: number;
  change_type?: ChangeType;
  available_zones?: string[];
  reserved_ip?: string[];
}

export interface ModifyRequest {
  name?: string;
  maintain_begin?: string;
  maintain_end?: string;
}

/** An entry of ListBackgroundTask (DCS API v2): one operation on the instance. */
export interface BackgroundTask {
  id: string;
  /** EXTEND for a spec change, AddReplica, DelReplica, … */
  name: string;
  details?: { old_capacity?: string; new_capacity?: string; old_cache_mode?: string; new_cache_mode?: string };
  status?: string;
  created_at?: string;
  updated_at?: string;
}

export interface TaskStep {
  step_id?: string;
  step_name?: string;
  /** FINISH, FAILED, EXECUTING or WAITING. */
  step_status?: string;
  error_code?: string | null;
}

/** ShowBackgroundTaskProgress: the task's overall progress (0–100 %) and seconds left. */
export interface TaskProgress {
  progress?: number;
  remain_time?: number;
  step_details?: TaskStep[];
}
