import type { Simulator } from "../../simulator";
import { call, createInstance, FAST, instanceBody, manualClock, simulator } from "./helpers";

/** §4.1 instance lifecycle, on a clock the tests move. */

const clock = manualClock();
let sim: Simulator;

beforeAll(async () => {
  sim = await simulator({ now: clock.now });
});

afterAll(() => sim.close());

/** Lets every job submitted so far end. Small steps: signatures are dated by the real clock, and may not drift 15 minutes from the simulator's. */
const settle = () => clock.advance(1_000);

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/;
const SUMMARY_FIELDS = [
  "id",
  "status",
  "name",
  "created",
  "updated",
  "available_zone",
  "vpc_id",
  "subnet_id",
  "security_group_id",
  "node_count",
  "access_ip",
  "access_port",
  "core_count",
  "ram_capacity",
  "node_status",
  "enterprise_project_id",
  "project_id",
  "engine_version",
  "enable_ssl",
  "flavor_ref",
].sort();

describe("create and read", () => {
  test("create answers {id, job_id, order_id: null}; the instance is CREATING with creating nodes", async () => {
    const response = await call(sim, "POST", "/v1/{p}/instances", { body: await instanceBody(sim) });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}in09$/), job_id: expect.stringMatching(/^[0-9a-f-]{36}$/), order_id: null });
    const detail = await call(sim, "GET", `/v1/{p}/instances/${response.data.id}`);
    expect(detail.data.status).toBe("CREATING");
    expect(detail.data.nodes.map((n: { status: string }) => n.status)).toEqual(["creating", "creating"]);
  });

  test("details: snake_case fields, strings where the reference has strings, nodes and administrator", async () => {
    const { id } = await createInstance(sim, { extra: { admin_user_name: "root", admin_user_password: "Str0ng-Passw0rd" } }, false);
    settle();
    const { status, data } = await call(sim, "GET", `/v1/{p}/instances/${id}`);
    expect(status).toBe(200);
    expect(Object.keys(data).sort()).toEqual([...SUMMARY_FIELDS, "admin_user_name", "nodes"].sort());
    expect(data).toMatchObject({
      id,
      status: "RUNNING",
      name: "orders-ddm",
      available_zone: "az1,az2",
      vpc_id: "vpc-0001",
      subnet_id: "subnet-0001",
      security_group_id: "sg-0001",
      node_count: 2,
      access_port: "5066",
      core_count: "8",
      ram_capacity: "16",
      project_id: sim.projectId,
      engine_version: "3.1.0",
      enable_ssl: false,
      flavor_ref: "ddm.c6.2xlarge.2",
      admin_user_name: "root",
      enterprise_project_id: "0",
    });
    expect(data.created).toMatch(TIME);
    expect(data.updated).toMatch(TIME);
    expect(data.access_ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(data.nodes).toEqual([
      { status: "normal", port: 5066, ip: expect.any(String) },
      { status: "normal", port: 5066, ip: expect.any(String) },
    ]);
    expect(JSON.stringify(data)).not.toContain("Str0ng-Passw0rd");
  });

  test("the reference's spelling of the administrator fields is accepted and ignored: no administrator", async () => {
    const { id } = await createInstance(sim, { extra: { admin_username: "dba", admin_password: "Str0ng-Passw0rd" } }, false);
    settle();
    const { data } = await call(sim, "GET", `/v1/{p}/instances/${id}`);
    expect(data.status).toBe("RUNNING");
    expect(data).not.toHaveProperty("admin_user_name");
  });

  test("list: summaries without nodes, newest first, paged with page_no/page_size/total_record/total_page", async () => {
    const all = (await call(sim, "GET", "/v1/{p}/instances")).data;
    const total = all.instance_num;
    expect(total).toBeGreaterThanOrEqual(3);
    expect(Object.keys(all.instances[0]).sort()).toEqual(SUMMARY_FIELDS);
    const { data } = await call(sim, "GET", "/v1/{p}/instances", { query: { offset: 2, limit: 2 } });
    expect(data).toMatchObject({ instance_num: total, page_no: 2, page_size: 2, total_record: total, total_page: Math.ceil(total / 2) });
    expect(data.instances.map((i: { id: string }) => i.id)).toEqual(all.instances.slice(2, 4).map((i: { id: string }) => i.id));
  });

  test("names need not be unique: two instances may share one", async () => {
    const first = await createInstance(sim, { name: "twin-ddm" }, false);
    const second = await createInstance(sim, { name: "twin-ddm" }, false);
    expect(first.id).not.toBe(second.id);
  });

  test("an unknown instance answers 404 in the API's dialect", async () => {
    const v1 = await call(sim, "GET", `/v1/{p}/instances/${"0".repeat(32)}in09`);
    expect(v1.status).toBe(404);
    expect(v1.data).toEqual({ errCode: "DBS.200823", externalMessage: expect.any(String) });
    const v3 = await call(sim, "GET", `/v3/{p}/instances/${"0".repeat(32)}in09/groups`);
    expect(v3.status).toBe(404);
    expect(v3.data).toEqual({ error_code: "DBS.200823", error_msg: expect.any(String) });
  });
});

describe("create rules", () => {
  const cases: Array<[string, Record<string, unknown>, string?]> = [
    ["a name shorter than 4 characters", { name: "ddm" }],
    ["a name longer than 64 characters", { name: `a${"b".repeat(64)}` }],
    ["a name starting with a digit", { name: "1-ddm" }],
    ["a name with an underscore", { name: "ddm_orders" }],
    ["an unknown flavor id", { flavor_id: "8f2e696c-a9c1-30bd-af90-25522bc67606" }],
    ["a flavor code where an id is due", { flavor_id: "ddm.c6.2xlarge.2" }],
    ["an unknown engine id", { engine_id: "b6907aa2-aacb-3ac9-9782-b90b152d456c" }],
    ["node_num 0", { node_num: 0 }],
    ["a fractional node_num", { node_num: 1.5 }],
    ["node_num as a string", { node_num: "2" }],
    ["no AZ", { available_zones: [] }],
    ["an unknown AZ", { available_zones: ["az9"] }],
    ["an empty vpc_id", { vpc_id: "" }],
    ["no subnet_id", { subnet_id: undefined }],
    ["no security_group_id", { security_group_id: undefined }, "DBS.280305"],
    ["a time zone the reference does not list", { time_zone: "UTC+04:00" }],
    ["an administrator name with a hyphen", { admin_user_name: "db-admin", admin_user_password: "Str0ng-Passw0rd" }],
    ["a weak administrator password", { admin_user_name: "root", admin_user_password: "password1" }, "DBS.300306"],
    ["a password without a name", { admin_user_password: "Str0ng-Passw0rd" }],
    ["a field the API does not take", { node_count: 2 }],
  ];

  test.each(cases)("%s is refused", async (_what, change, code = "DBS.280001") => {
    const body = await instanceBody(sim);
    const response = await call(sim, "POST", "/v1/{p}/instances", { body: { instance: { ...body.instance, ...change } } });
    expect(response.status).toBe(400);
    expect(response.data).toEqual({ errCode: code, externalMessage: expect.any(String) });
  });

  test("a class sold out in one of the AZs is refused; the same class elsewhere is accepted", async () => {
    const soldOut = await instanceBody(sim, { code: "ddm.c6.8xlarge.2", extra: { available_zones: ["az1", "az3"] } });
    expect((await call(sim, "POST", "/v1/{p}/instances", { body: soldOut })).status).toBe(400);
    const fine = await instanceBody(sim, { code: "ddm.c6.8xlarge.2", extra: { available_zones: ["az1"] } });
    expect((await call(sim, "POST", "/v1/{p}/instances", { body: fine })).status).toBe(200);
  });

  test("time zones from the reference are accepted", async () => {
    const body = await instanceBody(sim, { extra: { time_zone: "UTC+08:00" } });
    expect((await call(sim, "POST", "/v1/{p}/instances", { body })).status).toBe(200);
  });

  test("yearly/monthly billing is refused: the simulator sells pay-per-use only", async () => {
    const body = { ...(await instanceBody(sim)), extend_param: { charge_mode: "prePaid", period_type: "month", period_num: 1 } };
    expect((await call(sim, "POST", "/v1/{p}/instances", { body })).data.errCode).toBe("DBS.280001");
  });

  test("a body that is not JSON is a parameter error", async () => {
    const response = await call(sim, "POST", "/v1/{p}/instances", { rawBody: "{not json" });
    expect(response.status).toBe(400);
    expect(response.data.errCode).toBe("DBS.280001");
  });
});

describe("synchronous changes", () => {
  let id: string;

  beforeAll(async () => {
    id = (await createInstance(sim, {}, false)).id;
    settle();
  });

  test("modify-name answers {name} and renames", async () => {
    const response = await call(sim, "PUT", `/v1/{p}/instances/${id}/modify-name`, { body: { name: "renamed-ddm" } });
    expect(response.data).toEqual({ name: "renamed-ddm" });
    expect((await call(sim, "GET", `/v1/{p}/instances/${id}`)).data.name).toBe("renamed-ddm");
    expect((await call(sim, "PUT", `/v1/{p}/instances/${id}/modify-name`, { body: { name: "no" } })).data.errCode).toBe("DBS.280001");
  });

  test("modify-security-group answers {security_group_id} and changes it", async () => {
    const response = await call(sim, "PUT", `/v1/{p}/instances/${id}/modify-security-group`, { body: { security_group_id: "sg-0002" } });
    expect(response.data).toEqual({ security_group_id: "sg-0002" });
    expect((await call(sim, "GET", `/v1/{p}/instances/${id}`)).data.security_group_id).toBe("sg-0002");
    expect((await call(sim, "PUT", `/v1/{p}/instances/${id}/modify-security-group`, { body: {} })).data.errCode).toBe("DBS.280305");
  });

  test("nodes: list with string ports and paging, details, node groups", async () => {
    const list = await call(sim, "GET", `/v1/{p}/instances/${id}/nodes`, { query: { offset: 1, limit: 1 } });
    expect(list.data).toEqual({
      nodes: [{ port: "5066", status: "normal", node_id: expect.stringMatching(/^[0-9a-f]{32}no09$/), ip: expect.any(String) }],
      offset: 1,
      limit: 1,
      total: 2,
    });
    const nodeId = list.data.nodes[0].node_id;
    const groups = await call(sim, "GET", `/v3/{p}/instances/${id}/groups`);
    expect(groups.data.group_list).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{32}gr09$/),
        name: expect.any(String),
        role: "rw",
        cpu_num_per_node: 8,
        mem_num_per_node: 16,
        architecture: "X86",
        is_default_group: true,
        node_list: [
          { id: expect.any(String), name: expect.any(String), az: "az1" },
          { id: nodeId, name: expect.any(String), az: "az2" },
        ],
      },
    ]);
    const node = await call(sim, "GET", `/v1/{p}/instances/${id}/nodes/${nodeId}`);
    expect(Object.keys(node.data).sort()).toEqual(
      [
        "status",
        "name",
        "node_id",
        "private_ip",
        "floating_ip",
        "server_id",
        "subnet_name",
        "datavolume_id",
        "res_subnet_ip",
        "systemvolume_id",
        "group_id",
        "subnet_id",
      ].sort(),
    );
    expect(node.data).toMatchObject({ node_id: nodeId, status: "normal", group_id: groups.data.group_list[0].id, private_ip: list.data.nodes[0].ip });
    expect((await call(sim, "GET", `/v1/{p}/instances/${id}/nodes/${"1".repeat(32)}no09`)).status).toBe(404);
  });
});

describe("delete", () => {
  test("answers {id, job_id}; the instance stays until the job completes, then answers 404", async () => {
    const { id } = await createInstance(sim, {}, false);
    settle();
    const response = await call(sim, "DELETE", `/v1/{p}/instances/${id}`, { query: { delete_rds_data: true } });
    expect(response.data).toEqual({ id, job_id: expect.any(String) });
    expect((await call(sim, "GET", `/v1/{p}/instances/${id}`)).status).toBe(200);
    const job = await call(sim, "GET", `/v3/{p}/jobs/${response.data.job_id}`);
    expect(job.data.job).toMatchObject({ name: "DeleteInstance", status: "Running", instance: { id } });
    clock.advance(FAST.deleteInstance);
    expect((await call(sim, "GET", `/v1/{p}/instances/${id}`)).status).toBe(404);
    expect((await call(sim, "GET", `/v3/{p}/jobs/${response.data.job_id}`)).data.job.status).toBe("Completed");
    expect(sim.control.snapshot().instances.map((i) => i.id)).not.toContain(id);
  });

  test("a second delete while the first runs is busy (409); delete_rds_data must be true or false", async () => {
    const { id } = await createInstance(sim, {}, false);
    settle();
    expect((await call(sim, "DELETE", `/v1/{p}/instances/${id}`, { query: { delete_rds_data: "yes" } })).status).toBe(400);
    expect((await call(sim, "DELETE", `/v1/{p}/instances/${id}`)).status).toBe(200);
    const again = await call(sim, "DELETE", `/v1/{p}/instances/${id}`);
    expect(again.status).toBe(409);
    expect(again.data.errCode).toBe("DBS.200019");
  });
});
