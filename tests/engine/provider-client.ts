/**
 * The engine's side of one resource provider plugin: the SDK's real dynamic-provider server
 * (`@pulumi/pulumi/cmd/dynamic-provider`) in a child process, driven over
 * pulumirpc.ResourceProvider.
 *
 * The method semantics follow the CLI's provider plugin wrapper (pulumi/pulumi
 * sdk/go/common/resource/plugin/provider_plugin.go): secrets are stripped before a call when the
 * provider does not accept them (the dynamic provider never does) and re-marked on the results
 * by key; create and update are not called during a preview when the provider does not support
 * previews (the dynamic provider does not), the inputs standing in for the outputs; a create or
 * update error carrying `pulumirpc.ErrorResourceInitFailed` is a partial failure.
 */
import * as grpc from "@grpc/grpc-js";
import { spawn, type ChildProcess } from "child_process";
import { randomBytes } from "crypto";
import * as path from "path";
import * as readline from "readline";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import * as statusPb from "@pulumi/pulumi/proto/status_pb";
import { annotateSecrets, removeSecrets, type PropertyMap, type PropertyValue } from "./secrets";

export interface ProviderProcessOptions {
  /** Directory of the `@pulumi/pulumi` package the program uses. */
  sdkDir: string;
  /** The program's directory: the CLI starts plugins there. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  project: string;
  /** Address of the engine's Engine service, the plugin's one command-line argument. */
  engineAddress: string;
  /** Every line the plugin prints (the CLI shows them as diagnostics). */
  onOutput: (line: string, stream: "stdout" | "stderr") => void;
}

export interface CheckResult {
  inputs: PropertyMap;
  failures: { property: string; reason: string }[];
}

export interface DiffResult {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  /** Keys the provider reported as changed (`DiffResponse.diffs`); the dynamic provider never sets it. */
  diffs: string[];
  deleteBeforeReplace: boolean;
}

export interface InitFailure {
  id: string;
  properties: PropertyMap;
  reasons: string[];
}

/** A failed provider call; `initFailure` is set for a partial failure of create or update. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly code: grpc.status,
    readonly initFailure?: InitFailure,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

const CHANNEL_OPTIONS = { "grpc.max_receive_message_length": 400 * 1024 * 1024 };

/**
 * Preloaded into each plugin process. A plugin serves gRPC until it is killed; if this process
 * dies without killing it (a test run interrupted, a demo stopped with Ctrl-C), our end of the
 * plugin's stdin pipe closes and the plugin exits instead of lingering. Unref'd, the pipe never
 * keeps the plugin alive by itself. (A data: URL, so that nothing but this module has to be
 * found at run time, whether it runs from source or compiled.)
 */
const PARENT_WATCH = `data:text/javascript,${encodeURIComponent(
  'process.stdin.on("end", () => process.exit(0)); process.stdin.on("error", () => process.exit(0)); process.stdin.resume(); process.stdin.unref?.();',
)}`;

export class DynamicProvider {
  private acceptSecrets = false;
  private supportsPreview = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: providerGrpc.ResourceProviderClient,
    private readonly exited: Promise<void>,
  ) {}

  /** Starts the plugin and waits for the port it prints as its first line. */
  static async start(options: ProviderProcessOptions): Promise<DynamicProvider> {
    const plugin = path.join(options.sdkDir, "cmd", "dynamic-provider");
    const child = spawn(process.execPath, ["--import", PARENT_WATCH, plugin, options.engineAddress], {
      cwd: options.cwd,
      // As the CLI does for the pulumi-nodejs plugin: the project name, so that `configure`'s
      // `config.get("key")` resolves unqualified keys against the project.
      env: { ...options.env, PULUMI_NODEJS_PROJECT: options.project, PULUMI_PROJECT: options.project },
      // stdin is PARENT_WATCH's pipe: it closes when this process dies.
      stdio: ["pipe", "pipe", "pipe"],
    });
    const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
    const stderr = readline.createInterface({ input: child.stderr! });
    stderr.on("line", (line) => options.onOutput(line, "stderr"));
    const stdout = readline.createInterface({ input: child.stdout! });
    const port = await new Promise<number>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`dynamic provider exited (code ${code}) before listening`));
      child.once("exit", onExit);
      child.once("error", reject);
      stdout.once("line", (line) => {
        child.off("exit", onExit);
        resolve(Number(line.trim()));
      });
    });
    stdout.on("line", (line) => options.onOutput(line, "stdout"));
    const client = new providerGrpc.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
      CHANNEL_OPTIONS,
    );
    return new DynamicProvider(child, client, exited);
  }

  /**
   * What the CLI does when it loads a provider resource: Handshake (the dynamic provider does not
   * implement it), GetPluginInfo, CheckConfig (not implemented either: the inputs pass as they
   * are), then Configure with the provider's inputs. For the pulumi-nodejs default provider those
   * inputs are the whole stack config, keys kept namespaced, secure values as secrets.
   */
  async configure(urn: string, id: string, inputs: PropertyMap): Promise<void> {
    const handshake = new providerPb.ProviderHandshakeRequest();
    await this.call((cb) => this.client.handshake(handshake, cb)).catch(ignoreUnimplemented);
    await this.call((cb) => this.client.getPluginInfo(new Empty(), cb));

    const check = new providerPb.CheckRequest();
    check.setUrn(urn);
    check.setName(urnName(urn));
    check.setType(urnType(urn));
    check.setOlds(toStruct({}));
    check.setNews(toStruct(inputs));
    await this.call((cb) => this.client.checkConfig(check, cb)).catch(ignoreUnimplemented);

    const req = new providerPb.ConfigureRequest();
    const variables = req.getVariablesMap();
    for (const [key, value] of Object.entries(inputs)) {
      const plain = removeSecrets(value);
      variables.set(`pulumi-nodejs:config:${key}`, typeof plain === "string" ? plain : JSON.stringify(plain));
    }
    req.setArgs(toStruct(inputs));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    req.setSendsOldInputs(true);
    req.setSendsOldInputsToDelete(true);
    req.setUrn(urn);
    req.setName(urnName(urn));
    req.setType(urnType(urn));
    req.setId(id);
    const resp = await this.call<providerPb.ConfigureResponse>((cb) => this.client.configure(req, cb));
    this.acceptSecrets = resp.getAcceptsecrets();
    this.supportsPreview = resp.getSupportspreview();
  }

  async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
    const req = new providerPb.CheckRequest();
    req.setUrn(urn);
    req.setName(urnName(urn));
    req.setType(urnType(urn));
    req.setOlds(this.marshal(olds));
    req.setNews(this.marshal(news));
    req.setRandomseed(randomBytes(32));
    const resp = await this.call<providerPb.CheckResponse>((cb) => this.client.check(req, cb));
    const inputs = fromStruct(resp.getInputs());
    this.annotate(inputs, news);
    return {
      inputs,
      failures: resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    urn: string,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    news: PropertyMap,
    ignoreChanges: string[],
  ): Promise<DiffResult> {
    const req = new providerPb.DiffRequest();
    req.setUrn(urn);
    req.setName(urnName(urn));
    req.setType(urnType(urn));
    req.setId(id);
    req.setOldInputs(this.marshal(oldInputs));
    req.setOlds(this.marshal(oldOutputs));
    req.setNews(this.marshal(news));
    req.setIgnorechangesList(ignoreChanges);
    const resp = await this.call<providerPb.DiffResponse>((cb) => this.client.diff(req, cb));
    const changes = resp.getChanges();
    const Changes = providerPb.DiffResponse.DiffChanges;
    return {
      changes: changes === Changes.DIFF_NONE ? "none" : changes === Changes.DIFF_SOME ? "some" : "unknown",
      replaces: resp.getReplacesList(),
      diffs: resp.getDiffsList(),
      deleteBeforeReplace: resp.getDeletebeforereplace(),
    };
  }

  async create(urn: string, inputs: PropertyMap, preview: boolean): Promise<{ id: string; outputs: PropertyMap }> {
    if (preview && !this.supportsPreview) return { id: "", outputs: inputs };
    const req = new providerPb.CreateRequest();
    req.setUrn(urn);
    req.setName(urnName(urn));
    req.setType(urnType(urn));
    req.setProperties(this.marshal(inputs));
    req.setPreview(preview);
    const resp = await this.call<providerPb.CreateResponse>((cb) => this.client.create(req, cb), inputs);
    if (!resp.getId() && !preview) throw new ProviderError(`provider returned an empty id from create of ${urn}`, grpc.status.UNKNOWN);
    const outputs = fromStruct(resp.getProperties());
    this.annotate(outputs, inputs);
    return { id: resp.getId(), outputs };
  }

  async read(
    urn: string,
    id: string,
    inputs: PropertyMap,
    state: PropertyMap,
  ): Promise<{ id: string; outputs: PropertyMap; inputs?: PropertyMap }> {
    const req = new providerPb.ReadRequest();
    req.setUrn(urn);
    req.setName(urnName(urn));
    req.setType(urnType(urn));
    req.setId(id);
    req.setInputs(this.marshal(inputs));
    req.setProperties(this.marshal(state));
    const resp = await this.call<providerPb.ReadResponse>((cb) => this.client.read(req, cb));
    const outputs = fromStruct(resp.getProperties());
    const newInputs = resp.hasInputs() ? fromStruct(resp.getInputs()) : undefined;
    this.annotate(newInputs, inputs);
    this.annotate(outputs, state);
    return { id: resp.getId(), outputs, inputs: newInputs };
  }

  async update(
    urn: string,
    id: string,
    oldInputs: PropertyMap,
    oldOutputs: PropertyMap,
    news: PropertyMap,
    ignoreChanges: string[],
    preview: boolean,
  ): Promise<PropertyMap> {
    if (preview && !this.supportsPreview) return news;
    const req = new providerPb.UpdateRequest();
    req.setUrn(urn);
    req.setName(urnName(urn));
    req.setType(urnType(urn));
    req.setId(id);
    req.setOldInputs(this.marshal(oldInputs));
    req.setOlds(this.marshal(oldOutputs));
    req.setNews(this.marshal(news));
    req.setIgnorechangesList(ignoreChanges);
    req.setPreview(preview);
    const resp = await this.call<providerPb.UpdateResponse>((cb) => this.client.update(req, cb), news);
    const outputs = fromStruct(resp.getProperties());
    this.annotate(outputs, news);
    return outputs;
  }

  async delete(urn: string, id: string, oldInputs: PropertyMap, outputs: PropertyMap): Promise<void> {
    const req = new providerPb.DeleteRequest();
    req.setUrn(urn);
    req.setName(urnName(urn));
    req.setType(urnType(urn));
    req.setId(id);
    req.setOldInputs(this.marshal(oldInputs));
    req.setProperties(this.marshal(outputs));
    await this.call((cb) => this.client.delete(req, cb));
  }

  async close(): Promise<void> {
    this.client.close();
    this.child.kill();
    await this.exited;
  }

  private marshal(props: PropertyMap): Struct {
    return toStruct(this.acceptSecrets ? props : removeSecrets(props));
  }

  /** Providers that cannot take secrets get them back marked by key, as the engine does. */
  private annotate(outs: PropertyMap | undefined, ins: PropertyMap): void {
    if (!this.acceptSecrets) annotateSecrets(outs, ins);
  }

  /**
   * One unary call; a failure becomes a ProviderError carrying the provider's message and, for a
   * partial failure, the `pulumirpc.ErrorResourceInitFailed` status detail (`inputs` re-mark its
   * properties' secrets).
   */
  private call<T = unknown>(
    fn: (callback: (err: grpc.ServiceError | null, response: T) => void) => unknown,
    inputs: PropertyMap = {},
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      fn((err, response) => (err ? reject(this.providerError(err, inputs)) : resolve(response)));
    });
  }

  private providerError(err: grpc.ServiceError, inputs: PropertyMap): ProviderError {
    const [details] = err.metadata?.get("grpc-status-details-bin") ?? [];
    if (details instanceof Buffer) {
      for (const any of statusPb.Status.deserializeBinary(details).getDetailsList()) {
        if (any.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
        const init = providerPb.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
        const properties = fromStruct(init.getProperties());
        this.annotate(properties, inputs);
        return new ProviderError(err.details, err.code, { id: init.getId(), properties, reasons: init.getReasonsList() });
      }
    }
    return new ProviderError(err.details, err.code);
  }
}

export function toStruct(props: PropertyMap): Struct {
  return Struct.fromJavaScript(props as Record<string, PropertyValue>);
}

export function fromStruct(s: Struct | undefined): PropertyMap {
  return (s?.toJavaScript() ?? {}) as PropertyMap;
}

export function urnName(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

/** The resource's own type (the last `$`-separated part of the qualified type). */
export function urnType(urn: string): string {
  return urn.split("::")[2].split("$").pop()!;
}

function ignoreUnimplemented(err: ProviderError): void {
  if (err.code !== grpc.status.UNIMPLEMENTED) throw err;
}
