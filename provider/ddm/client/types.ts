/** Wire shapes of the DDM API, spelled exactly as the service spells them (FACTS.md, API reference §4). */

export interface CreateInstanceRequest {
  instance: {
    name: string;
    flavor_id: string;
    node_num: number;
    engine_id: string;
    enterprise_project_id?: string;
    available_zones: string[];
    vpc_id: string;
    security_group_id: string;
    subnet_id: string;
    param_group_id?: string;
    time_zone?: string;
    /** The official SDK's and Terraform's spelling (FACTS.md §2b); the reference's table says admin_username. */
    admin_user_name?: string;
    admin_user_password?: string;
  };
}

export interface CreateInstanceResponse {
  id: string;
  job_id?: string | null;
  order_id?: string | null;
}

export interface InstanceNode {
  status?: string;
  port?: string | number;
  ip?: string;
}

export interface InstanceSummary {
  id: string;
  status: string;
  name: string;
  created?: string;
  updated?: string;
  available_zone?: string;
  vpc_id?: string;
  subnet_id?: string;
  security_group_id?: string;
  node_count?: number;
  access_ip?: string;
  access_port?: string;
  core_count?: string;
  ram_capacity?: string;
  error_msg?: string;
  node_status?: string;
  enterprise_project_id?: string;
  project_id?: string;
  engine_version?: string;
  order_id?: string;
  enable_ssl?: boolean;
  flavor_ref?: string;
}

export interface InstanceDetail extends InstanceSummary {
  nodes?: InstanceNode[];
  /** The reference's table says admin_username; its example and the live service say admin_user_name. */
  admin_user_name?: string;
  admin_username?: string;
}

export interface ListInstancesResponse {
  instances?: InstanceSummary[];
  instance_num?: number;
  page_no?: number;
  page_size?: number;
  total_record?: number;
  total_page?: number;
}

export interface NodeSummary {
  port?: string;
  status?: string;
  node_id: string;
  ip?: string;
}

export interface ListNodesResponse {
  nodes?: NodeSummary[];
  offset?: number;
  limit?: number;
  total?: number;
}

export interface NodeDetail {
  status?: string;
  name?: string;
  node_id: string;
  private_ip?: string;
  floating_ip?: string;
  server_id?: string;
  subnet_name?: string;
  datavolume_id?: string;
  res_subnet_ip?: string;
  systemvolume_id?: string;
  group_id?: string;
  subnet_id?: string;
}

export interface NodeGroup {
  id: string;
  name?: string;
  role?: string;
  cpu_num_per_node?: number | string;
  mem_num_per_node?: number | string;
  architecture?: string;
  is_default_group?: boolean;
  node_list?: Array<{ id?: string; name?: string; az?: string }>;
}

export interface ListGroupsResponse {
  group_list?: NodeGroup[];
}

/** Enlarge and reduce answer in camelCase. */
export interface ScaleResponse {
  instanceId?: string;
  instanceName?: string;
  jobId?: string;
  orderId?: string;
}

export interface EnlargeRequest {
  flavor_id: string;
  node_number: number;
  group_id?: string;
}

export interface ReduceRequest {
  node_number: number;
  group_id?: string;
}

export interface ChangeFlavorRequest {
  spec_code: string;
  group_id?: string;
}

export interface JobIdResponse {
  id?: string;
  job_id?: string | null;
  order_id?: string | null;
}

export interface SupportAz {
  code: string;
  name?: string;
  favored?: boolean;
}

export interface Engine {
  id: string;
  name?: string;
  version: string;
  supportAzs?: SupportAz[];
}

export interface ListEnginesResponse {
  engineGroups?: Engine[];
  offset?: number;
  limit?: number;
  total?: number;
}

export interface ComputeFlavor {
  id: string;
  typeCode?: string;
  code: string;
  iaasCode?: string;
  cpu?: string;
  mem?: string;
  maxConnections?: string | null;
  serverType?: string;
  architecture?: string;
  azStatus?: Record<string, string>;
  regionStatus?: string;
  groupType?: string | null;
  dbType?: string;
}

export interface ComputeFlavorGroup {
  groupType?: string;
  computeFlavors?: ComputeFlavor[];
  offset?: number;
  limit?: number;
  total?: number;
}

export interface ListFlavorsResponse {
  computeFlavorGroups?: ComputeFlavorGroup[];
}

export type JobStatus = "Running" | "Completed" | "Failed" | string;

export interface Job {
  id: string;
  name?: string;
  status: JobStatus;
  created_time?: string;
  end_time?: string;
  process?: string;
  fail_reason?: string;
  instance?: { id?: string; name?: string };
}

/** An entry of the job list: the instance flattened, and `fail_reason`, which the single-job read may lack (FACTS.md §1). */
export interface JobSummary extends Omit<Job, "instance"> {
  instance_id?: string;
  instance_name?: string;
}

export interface GetJobResponse {
  job?: Job;
}

export interface SchemaDataNodeInput {
  id: string;
  adminUser: string;
  adminPassword: string;
}

export interface CreateSchemaRequest {
  databases: Array<{
    name: string;
    shard_mode: string;
    shard_number: number;
    shard_unit?: number;
    used_rds: SchemaDataNodeInput[];
  }>;
}

export interface SchemaUsedRds {
  id: string;
  name?: string;
  status?: string;
  error_msg?: string;
}

export interface SchemaShard {
  dbslot?: number;
  name?: string;
  status?: string;
  created?: number | string;
  updated?: number | string;
  id?: string;
  idName?: string;
}

export interface SchemaSummary {
  name: string;
  shard_mode?: string;
  shard_number?: number;
  status?: string;
  created?: number | string;
  used_rds?: SchemaUsedRds[];
  shard_unit?: number;
}

export interface SchemaDetail extends SchemaSummary {
  updated?: number | string;
  databases?: SchemaShard[];
  dataVips?: string[];
}

export interface ListSchemasResponse {
  databases?: SchemaSummary[];
  total?: number;
}

export interface GetSchemaResponse {
  database?: SchemaDetail;
}

export interface AvailableRds {
  id: string;
  projectId?: string;
  status?: string;
  name?: string;
  engineName?: string;
  engineSoftwareVersion?: string | number;
  privateIp?: string;
  mode?: string;
  port?: number;
  azCode?: string;
  timeZone?: string;
}

export interface ListAvailableRdsResponse {
  instances?: AvailableRds[];
  offset?: number;
  limit?: number;
  total?: number;
}

export interface CreateAccountRequest {
  users: Array<{
    name: string;
    password: string;
    base_authority: string[];
    description?: string;
    databases?: Array<{ name: string }>;
  }>;
}

export interface UpdateAccountRequest {
  user: {
    base_authority?: string[];
    description?: string;
    databases?: Array<{ name: string }>;
  };
}

export interface Account {
  name: string;
  status?: string;
  base_authority?: string[];
  extend_authority?: string[];
  password_last_changed?: number | string;
  description?: string;
  created?: number | string;
  databases?: Array<{ name: string; description?: string }>;
}

export interface ListAccountsResponse {
  users?: Account[];
  page_no?: number;
  page_size?: number;
  total_record?: number;
  total_page?: number;
}

export interface Project {
  id: string;
  name: string;
}
