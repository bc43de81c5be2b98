import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DeploymentError, TestStack, UNKNOWN, type OperationResult } from "./index";

jest.setTimeout(60_000);

const PROGRAM = path.join(__dirname, "fixtures", "cloud", "index.js");

interface Spec {
  name: string;
  size?: number;
  zone?: string;
  exclusive?: boolean;
  pinned?: boolean;
  vagueDiff?: boolean;
  passwordKey?: string;
  from?: string;
  delayMs?: number;
  component?: boolean;
  parent?: string;
  dependsOn?: string[];
  options?: Record<string, unknown>;
}

interface Call {
  op: string;
  name: string;
  id?: string;
  start: number;
  end: number;
}

interface Cloud {
  nextId: number;
  things: Record<string, Record<string, unknown>>;
  calls: Call[];
  faults: Record<string, { op: string; message: string; partial?: boolean }>;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A fresh stack of the fixture program with its own state and cloud files. */
function fixture(specs: Spec[], options: { secretConfig?: Record<string, string> } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "test-engine-"));
  dirs.push(dir);
  const cloudFile = path.join(dir, "cloud.json");
  const stateFile = path.join(dir, "state.json");
  const stack = new TestStack({
    program: PROGRAM,
    project: "demo",
    stack: "dev",
    stateFile,
    config: { cloudFile, resources: JSON.stringify(specs) },
    secretConfig: options.secretConfig,
  });
  const cloud = (): Cloud =>
    fs.existsSync(cloudFile) ? JSON.parse(fs.readFileSync(cloudFile, "utf8")) : { nextId: 1, things: {}, calls: [], faults: {} };
  return {
    stack,
    stateFile,
    cloud,
    declare: (next: Spec[]) => stack.setConfig("resources", JSON.stringify(next)),
    editCloud: (edit: (c: Cloud) => void) => {
      const c = cloud();
      edit(c);
      fs.writeFileSync(cloudFile, JSON.stringify(c));
    },
    /** The provider calls made from now on, optionally only some operations. */
    callsSince: (from: number, ops = ["create", "update", "delete", "read", "check", "diff"]) =>
      cloud().calls.slice(from).filter((c) => ops.includes(c.op)),
    idOf: (name: string) => stack.resources().find((r) => r.name === name && !r.pendingDelete)?.id,
  };
}

const mutations = ["create", "update", "delete"];
const ops = (calls: Call[]) => calls.map((c) => `${c.op} ${c.name}`);

async function failure(operation: Promise<OperationResult>): Promise<DeploymentError> {
  const error = await operation.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeploymentError);
  return error as DeploymentError;
}

describe("test engine", () => {
  test("creates a dependency chain in order and independent resources concurrently, with outputs, components and a default provider", async () => {
    const f = fixture([
      { name: "grp", component: true },
      { name: "a", size: 1, parent: "grp" },
      { name: "b", from: "a" },
      { name: "c", from: "b" },
      { name: "x", delayMs: 500 },
      { name: "y", delayMs: 500 },
    ]);
    const r = await f.stack.up();

    expect(r.summary).toEqual({ create: 7, update: 0, delete: 0, replace: 0, same: 0 });
    const created = f.cloud().calls.filter((c) => c.op === "create");
    const chain = created.filter((c) => ["a", "b", "c"].includes(c.name));
    expect(ops(chain)).toEqual(["create a", "create b", "create c"]);
    expect(chain[1].start).toBeGreaterThanOrEqual(chain[0].end);
    expect(chain[2].start).toBeGreaterThanOrEqual(chain[1].end);
    const [x, y] = created.filter((c) => ["x", "y"].includes(c.name));
    expect(x.start).toBeLessThan(y.end);
    expect(y.start).toBeLessThan(x.end);

    const things = Object.values(f.cloud().things);
    expect(things.find((t) => t.name === "b")!.upstream).toBe(`https://a.example/${f.idOf("a")}`);
    expect(things.find((t) => t.name === "a")!.size).toBe(1);
    expect(r.outputs.endpoints).toMatchObject({
      a: `https://a.example/${f.idOf("a")}`,
      b: `https://b.example/${f.idOf("b")}`,
      c: `https://c.example/${f.idOf("c")}`,
    });
    expect(r.outputs.count).toBe(5);
    expect(r.text).toContain("Resources: + 7 created");
    expect(r.text).toMatch(/\+ {2}pulumi-nodejs:dynamic:Resource b create/);

    const resources = f.stack.resources();
    const byName = (name: string) => resources.find((res) => res.name === name)!;
    expect(byName("a").urn).toBe("urn:pulumi:dev::demo::demo:index:Group$pulumi-nodejs:dynamic:Resource::a");
    expect(byName("a").parent).toBe(byName("grp").urn);
    expect(byName("b").dependencies).toContain(byName("a").urn);
    expect(byName("c").dependencies).toContain(byName("b").urn);
    expect(byName("default").type).toBe("pulumi:providers:pulumi-nodejs");
    expect(byName("a").provider).toBe(`${byName("default").urn}::${byName("default").id}`);
    // The checkpoint lists each resource after what it needs.
    const order = f.stack.state()!.checkpoint.latest.resources.map((res) => res.urn);
    expect(order.indexOf(byName("a").urn)).toBeLessThan(order.indexOf(byName("b").urn));
    expect(order.indexOf(byName("default").urn)).toBeLessThan(order.indexOf(byName("a").urn));

    const calls = f.cloud().calls.length;
    const again = await f.stack.up();
    expect(again.summary).toEqual({ create: 0, update: 0, delete: 0, replace: 0, same: 7 });
    expect(f.callsSince(calls, mutations)).toEqual([]);
    expect(again.text).toContain("Resources: 7 unchanged");
  });

  test("secret inputs, outputs and config stay secret in state and reach the provider as plain values", async () => {
    const f = fixture([{ name: "a", passwordKey: "dbPassword", options: { additionalSecretOutputs: ["token"] } }, { name: "b" }], {
      secretConfig: { dbPassword: "hunter2-pw", apiKey: "sk-live-4242" },
    });
    const r = await f.stack.up();

    const thing = Object.values(f.cloud().things).find((t) => t.name === "a")!;
    expect(thing.password).toBe("hunter2-pw");
    const file = fs.readFileSync(f.stateFile, "utf8");
    expect(file).not.toContain("hunter2-pw");
    expect(file).not.toContain("sk-live-4242");
    expect(file).not.toContain(`tok-${f.idOf("a")}`);
    expect(file).toContain(`tok-${f.idOf("b")}`);
    expect(file).toContain("ciphertext");

    const a = f.stack.resources().find((res) => res.name === "a")!;
    expect(a.secretInputs).toEqual(["password"]);
    expect(a.secretOutputs.sort()).toEqual(["password", "token"]);
    expect(a.outputs.password).toBe("hunter2-pw");
    // The default provider's inputs are the whole stack config, secure values kept secret.
    const provider = f.stack.resources().find((res) => res.name === "default")!;
    expect(provider.inputs["demo:apiKey"]).toBe("sk-live-4242");
    expect(provider.secretInputs.sort()).toEqual(["demo:apiKey", "demo:dbPassword"]);

    expect(r.outputs.passwords).toEqual({ a: "hunter2-pw" });
    expect(r.secretOutputs).toEqual(["passwords"]);
    expect(r.text).toContain("passwords: [secret]");
  });

  test("updates in place; ignoreChanges keeps the old value; replaceOnChanges acts only on keys the engine knows changed", async () => {
    const specs = (size: number): Spec[] => [
      { name: "a", size },
      { name: "i", size, options: { ignoreChanges: ["size"] } },
      { name: "r", size, options: { replaceOnChanges: ["size"] } },
      { name: "v", size, vagueDiff: true, options: { replaceOnChanges: ["size"] } },
    ];
    const f = fixture(specs(1));
    await f.stack.up();
    const id = f.idOf("a");
    const calls = f.cloud().calls.length;

    f.declare(specs(2));
    const r = await f.stack.up();

    expect(r.summary).toEqual({ create: 0, update: 2, delete: 0, replace: 1, same: 2 });
    expect(r.steps.find((s) => s.name === "a")).toMatchObject({ op: "update", detailedDiff: ["size"] });
    expect(f.idOf("a")).toBe(id);
    expect(f.cloud().things[id!].size).toBe(2);
    expect(ops(f.callsSince(calls, mutations).filter((c) => c.name === "a"))).toEqual(["update a"]);

    expect(r.steps.find((s) => s.name === "i")?.op).toBe("same");
    expect(f.stack.resources().find((res) => res.name === "i")!.inputs.size).toBe(1);
    // A provider that answers `changes: true` reports no changed keys, so, as in the CLI,
    // replaceOnChanges has nothing to match and the change is an update...
    expect(r.steps.find((s) => s.name === "r")?.op).toBe("update");
    // ...while a diff that leaves `changes` unset makes the engine compare inputs itself.
    expect(r.steps.find((s) => s.name === "v")).toMatchObject({ op: "replace", replaceKeys: ["size"] });
    expect(r.text).toContain("Resources: ~ 2 updated, +-1 replaced, 2 unchanged");
  });

  test("replaces create-before-delete by default, delete-before-replace when asked", async () => {
    const specs = (zone: string): Spec[] => [
      { name: "a", zone },
      { name: "b", zone, options: { deleteBeforeReplace: true } },
      { name: "c", zone, exclusive: true },
    ];
    const f = fixture(specs("z1"));
    await f.stack.up();
    const before = { a: f.idOf("a"), b: f.idOf("b"), c: f.idOf("c") };
    const calls = f.cloud().calls.length;

    f.declare(specs("z2"));
    const r = await f.stack.up();

    expect(r.summary).toEqual({ create: 0, update: 0, delete: 0, replace: 3, same: 1 });
    expect(r.steps.find((s) => s.name === "a")).toMatchObject({ op: "replace", replaceKeys: ["zone"] });
    const sequence = (name: string) =>
      f.callsSince(calls, mutations).filter((c) => c.name === name).map((c) => `${c.op} ${c.id ?? "new"}`);
    expect(sequence("a")).toEqual(["create new", `delete ${before.a}`]);
    expect(sequence("b")).toEqual([`delete ${before.b}`, "create new"]);
    expect(sequence("c")).toEqual([`delete ${before.c}`, "create new"]);
    expect(Object.values(f.cloud().things).map((t) => t.name).sort()).toEqual(["a", "b", "c"]);
    expect(f.idOf("a")).not.toBe(before.a);
    expect(f.stack.resources().filter((res) => res.name === "a")).toHaveLength(1);
    expect(r.text).toContain("+-3 replaced");
  });

  test("delete-before-replace deletes first the dependents its replacement would replace, as the CLI works them out", async () => {
    const specs = (zone: string): Spec[] => [
      { name: "a", zone, exclusive: true },
      { name: "b", from: "a", pinned: true },
      { name: "c", from: "a" },
    ];
    const f = fixture(specs("z1"));
    await f.stack.up();
    const before = { a: f.idOf("a"), b: f.idOf("b"), c: f.idOf("c") };
    const calls = f.cloud().calls.length;

    f.declare(specs("z2"));
    const r = await f.stack.up();

    // b and c were asked, with their upstream unknown, whether losing a replaces them: b says yes.
    const asked = f.cloud().calls.slice(calls).filter((c) => c.op === "diff" && (c.name === "b" || c.name === "c"));
    expect(asked.length).toBeGreaterThanOrEqual(2);
    expect(ops(f.callsSince(calls, mutations))).toEqual(["delete b", "delete a", "create a", "create b", "update c"]);
    expect(f.callsSince(calls, mutations).slice(0, 2).map((c) => c.id)).toEqual([before.b, before.a]);
    expect(r.summary).toEqual({ create: 0, update: 1, delete: 0, replace: 2, same: 1 });
    expect(f.idOf("c")).toBe(before.c);
    expect(Object.values(f.cloud().things).map((t) => t.name).sort()).toEqual(["a", "b", "c"]);
  });

  test("a partial failure keeps the resource in state and stops its dependents; the next up retries it; failures keep state truthful", async () => {
    const f = fixture([{ name: "a" }, { name: "b", from: "a" }]);
    f.editCloud((c) => (c.faults = { a: { op: "create", partial: true, message: "instance stuck in BUILDING" } }));

    const error = await failure(f.stack.up());
    expect(error.message).toContain("instance stuck in BUILDING");
    expect(error.result.ok).toBe(false);
    expect(error.result.steps.find((s) => s.name === "a")).toMatchObject({ op: "create", error: expect.stringContaining("BUILDING") });
    expect(error.result.log).toContainEqual(expect.objectContaining({ source: "engine", severity: "error", urn: "urn:pulumi:dev::demo::pulumi-nodejs:dynamic:Resource::a" }));
    expect(ops(f.cloud().calls.filter((c) => mutations.includes(c.op)))).toEqual(["create a"]);
    const a = f.stack.resources().find((res) => res.name === "a")!;
    expect(a.id).toBe("a-1");
    expect(a.initErrors).toEqual(["instance stuck in BUILDING"]);
    expect(a.outputs.status).toBe("failed");
    expect(f.stack.resources().find((res) => res.name === "b")).toBeUndefined();

    let calls = f.cloud().calls.length;
    const retry = await f.stack.up();
    expect(ops(f.callsSince(calls, mutations))).toEqual(["update a", "create b"]);
    expect(retry.summary).toMatchObject({ create: 1, update: 1 });
    const retried = f.stack.resources().find((res) => res.name === "a")!;
    expect(retried.id).toBe("a-1");
    expect(retried.initErrors).toBeUndefined();
    expect(retried.outputs.status).toBe("ready");

    // A plain failure of an update leaves the previous state.
    f.editCloud((c) => (c.faults = { a: { op: "update", message: "quota exceeded" } }));
    f.declare([{ name: "a", size: 2 }, { name: "b", from: "a" }]);
    expect((await failure(f.stack.up())).message).toContain("quota exceeded");
    expect(f.stack.resources().find((res) => res.name === "a")!.inputs.size).toBeUndefined();

    // Check failures stop the update before any change.
    calls = f.cloud().calls.length;
    f.declare([{ name: "a", size: -1 }, { name: "b", from: "a" }]);
    expect((await failure(f.stack.up())).message).toContain("size must not be negative");
    expect(f.callsSince(calls, mutations)).toEqual([]);
  });

  test("preview calls only check and diff, shows the plan, and writes nothing", async () => {
    const f = fixture([{ name: "a", size: 1 }, { name: "b" }]);
    await f.stack.up();
    const state = fs.readFileSync(f.stateFile, "utf8");
    const calls = f.cloud().calls.length;

    f.declare([{ name: "a", size: 2 }, { name: "c" }]);
    const r = await f.stack.preview();

    expect(r.summary).toEqual({ create: 1, update: 1, delete: 1, replace: 0, same: 1 });
    expect([...new Set(f.callsSince(calls).map((c) => c.op))].sort()).toEqual(["check", "diff"]);
    expect(fs.readFileSync(f.stateFile, "utf8")).toBe(state);
    expect((r.outputs.endpoints as Record<string, unknown>).c).toBe(UNKNOWN);
    expect(r.text).toContain("Previewing update (dev):");
    expect(r.text).toContain("Resources: + 1 to create, ~ 1 to update, - 1 to delete, 1 unchanged");
  });

  test("drift: preview --refresh shows it, up --refresh fixes it, refresh drops what is gone", async () => {
    const f = fixture([{ name: "a", size: 1 }, { name: "b", size: 1 }]);
    await f.stack.up();
    const id = f.idOf("a")!;
    f.editCloud((c) => (c.things[id].size = 99));
    const state = fs.readFileSync(f.stateFile, "utf8");

    const preview = await f.stack.preview({ refresh: true });
    expect(preview.steps.find((s) => s.op === "refresh" && s.name === "a")).toMatchObject({ drift: "update" });
    expect(preview.steps.find((s) => s.op === "refresh" && s.name === "b")).toMatchObject({ drift: "same" });
    expect(preview.summary).toMatchObject({ update: 1, same: 2 });
    expect(fs.readFileSync(f.stateFile, "utf8")).toBe(state);
    expect(f.cloud().things[id].size).toBe(99);

    const up = await f.stack.up({ refresh: true });
    expect(up.summary).toMatchObject({ update: 1, same: 2 });
    expect(f.cloud().things[id].size).toBe(1);
    // The provider's read returned inputs too: the state's inputs follow the refreshed values.
    expect(f.stack.resources().find((res) => res.name === "a")!.inputs.size).toBe(1);

    f.editCloud((c) => delete c.things[f.idOf("b")!]);
    const refresh = await f.stack.refresh();
    expect(refresh.summary).toMatchObject({ delete: 1 });
    expect(refresh.text).toContain("Refreshing (dev):");
    expect(f.stack.resources().find((res) => res.name === "b")).toBeUndefined();
    expect((await f.stack.up()).summary).toMatchObject({ create: 1, same: 2 });
  });

  test("deletes removed resources; destroy deletes everything dependents first; protect refuses", async () => {
    const f = fixture([{ name: "a" }, { name: "b", from: "a" }, { name: "c", from: "b" }, { name: "p", options: { protect: true } }]);
    await f.stack.up();

    let calls = f.cloud().calls.length;
    f.declare([{ name: "a" }, { name: "b", from: "a" }, { name: "p", options: { protect: true } }]);
    const removed = await f.stack.up();
    expect(removed.summary).toMatchObject({ delete: 1, same: 4 });
    expect(ops(f.callsSince(calls, mutations))).toEqual(["delete c"]);

    const refused = await failure(f.stack.destroy());
    expect(refused.message).toContain("marked for protection");
    expect(f.stack.resources().some((res) => res.name === "p")).toBe(true);

    f.declare([{ name: "a" }, { name: "b", from: "a" }, { name: "p" }]);
    await f.stack.up();
    calls = f.cloud().calls.length;
    const destroyed = await f.stack.destroy();
    const deletes = ops(f.callsSince(calls, mutations));
    expect([...deletes].sort()).toEqual(["delete a", "delete b", "delete p"]);
    expect(deletes.indexOf("delete b")).toBeLessThan(deletes.indexOf("delete a"));
    expect(destroyed.summary).toEqual({ create: 0, update: 0, delete: 4, replace: 0, same: 0 });
    expect(f.stack.resources()).toEqual([]);
    expect(f.cloud().things).toEqual({});
  });

  test("a failing program deletes nothing and reports the program's error", async () => {
    const f = fixture([{ name: "a" }, { name: "b" }]);
    await f.stack.up();
    f.declare([{ name: "a" }, { name: "b", from: "missing" }]);
    const error = await failure(f.stack.up());
    expect(error.message).toBe("resource b refers to unknown resource missing");
    expect(f.stack.resources().map((res) => res.name).sort()).toEqual(["a", "b", "default", "demo-dev"]);
    expect(Object.keys(f.cloud().things)).toHaveLength(2);
  });
});
