import * as grpc from "@grpc/grpc-js";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { compact, type Props } from "../provider/resource/values";
import { NativeProvider, type CheckFailure, type NativeDiff } from "../provider/native/handlers";
import { schemaText } from "../provider/native/schema";

/**
 * The ResourceProvider gRPC service of `pulumi-resource-ddm`, on the stubs @pulumi/pulumi ships:
 * each call converted to and from plain values for NativeProvider. Calls it does not serve
 * (Handshake, Construct, Call, …) answer UNIMPLEMENTED, which the engine takes as "use the defaults".
 */

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void;

function struct(value: Props | undefined): structproto.Struct {
  return structproto.Struct.fromJavaScript(compact(value ?? {}) as Record<string, structproto.JavaScriptValue>);
}

function plain(value: structproto.Struct | undefined): Props {
  return (value?.toJavaScript() ?? {}) as Props;
}

/** A failure as the engine reads it: a partial failure carries the resource's id and state. */
async function grpcError(error: unknown): Promise<Partial<grpc.StatusObject>> {
  // Loaded with the providers (never at start: see provider/native/handlers.ts).
  const { errorMessage, ResourceInitError } = await import("../provider/resource/context");
  const message = errorMessage(error);
  const metadata = new grpc.Metadata();
  if (error instanceof ResourceInitError && error.id) {
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(error.id);
    detail.setProperties(struct(error.properties));
    detail.setReasonsList(error.reasons.map(errorMessage));
    const details = new anyproto.Any();
    details.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(details);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}

function unary<Req, Res>(handle: (request: Req) => Promise<Res>): Unary<Req, Res> {
  return (call, callback) => {
    handle(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => grpcError(error).then((status) => callback(status, null)),
    );
  };
}

function failures(list: CheckFailure[]): provproto.CheckFailure[] {
  return list.map(({ property, reason }) => new provproto.CheckFailure().setProperty(property).setReason(reason));
}

const KINDS: Record<NativeDiff["detailed"][string], provproto.PropertyDiff.Kind> = {
  add: provproto.PropertyDiff.Kind.ADD,
  "add-replace": provproto.PropertyDiff.Kind.ADD_REPLACE,
  delete: provproto.PropertyDiff.Kind.DELETE,
  "delete-replace": provproto.PropertyDiff.Kind.DELETE_REPLACE,
  update: provproto.PropertyDiff.Kind.UPDATE,
  "update-replace": provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

function diffResponse(diff: NativeDiff): provproto.DiffResponse {
  const response = new provproto.DiffResponse()
    .setChanges(
      diff.changes === true ? provproto.DiffResponse.DiffChanges.DIFF_SOME : diff.changes === false ? provproto.DiffResponse.DiffChanges.DIFF_NONE : provproto.DiffResponse.DiffChanges.DIFF_UNKNOWN,
    )
    .setReplacesList(diff.replaces)
    .setDeletebeforereplace(diff.deleteBeforeReplace)
    .setDiffsList(diff.diffs);
  const detailed = Object.entries(diff.detailed);
  for (const [key, kind] of detailed) response.getDetaileddiffMap().set(key, new provproto.PropertyDiff().setKind(KINDS[kind]).setInputdiff(true));
  return response.setHasdetaileddiff(detailed.length > 0);
}

/** The Provider resource's inputs, or for the default provider the `ddm:config:<key>` variables. */
function settingsOf(request: provproto.ConfigureRequest): Props {
  const args = request.getArgs();
  if (args) return plain(args);
  return Object.fromEntries(request.getVariablesMap().getEntryList().map(([key, value]) => [key.replace(/^ddm:config:/, ""), value]));
}

export function providerService(version: string, provider = new NativeProvider()): Partial<provrpc.IResourceProviderServer> {
  return {
    getPluginInfo: unary(async () => new plugproto.PluginInfo().setVersion(version)),
    getSchema: unary(async (request: provproto.GetSchemaRequest) => {
      if (request.getVersion() !== 0) throw new Error(`unsupported schema version ${request.getVersion()}`);
      return new provproto.GetSchemaResponse().setSchema(schemaText(version));
    }),
    configure: unary(async (request: provproto.ConfigureRequest) => {
      await provider.configure(settingsOf(request));
      return new provproto.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(false).setAcceptresources(false);
    }),
    checkConfig: unary(async (request: provproto.CheckRequest) => {
      const result = provider.checkConfig(plain(request.getNews()));
      return new provproto.CheckResponse().setInputs(struct(result.inputs)).setFailuresList(failures(result.failures));
    }),
    diffConfig: unary(async (request: provproto.DiffRequest) => {
      const olds = request.getOldInputs() ?? request.getOlds();
      return diffResponse(provider.diffConfig(plain(olds), plain(request.getNews())));
    }),
    check: unary(async (request: provproto.CheckRequest) => {
      const result = await provider.check(request.getType(), plain(request.getOlds()), plain(request.getNews()));
      return new provproto.CheckResponse().setInputs(struct(result.inputs)).setFailuresList(failures(result.failures));
    }),
    diff: unary(async (request: provproto.DiffRequest) =>
      diffResponse(await provider.diff(request.getType(), request.getId(), plain(request.getOlds()), plain(request.getNews()), plain(request.getOldInputs()))),
    ),
    create: unary(async (request: provproto.CreateRequest) => {
      const result = await provider.create(request.getType(), plain(request.getProperties()), request.getTimeout());
      return new provproto.CreateResponse().setId(result.id).setProperties(struct(result.outs));
    }),
    read: unary(async (request: provproto.ReadRequest) => {
      const result = await provider.read(request.getType(), request.getId(), plain(request.getProperties()), plain(request.getInputs()));
      const response = new provproto.ReadResponse().setId(result.id).setProperties(struct(result.props));
      return result.inputs === undefined ? response : response.setInputs(struct(result.inputs));
    }),
    update: unary(async (request: provproto.UpdateRequest) => {
      const result = await provider.update(request.getType(), request.getId(), plain(request.getOlds()), plain(request.getNews()), request.getTimeout());
      return new provproto.UpdateResponse().setProperties(struct(result.outs));
    }),
    delete: unary(async (request: provproto.DeleteRequest) => {
      await provider.delete(request.getType(), request.getId(), plain(request.getProperties()), request.getTimeout());
      return new emptyproto.Empty();
    }),
    invoke: unary(async (request: provproto.InvokeRequest) =>
      new provproto.InvokeResponse().setReturn(struct(await provider.invoke(request.getTok(), plain(request.getArgs())))),
    ),
    cancel: unary(async () => new emptyproto.Empty()),
    attach: unary(async () => new emptyproto.Empty()),
  };
}

/** Serves the provider on a loopback port of the system's choosing, and returns it. */
export function serve(version: string): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 1024 * 1024 * 400 });
  server.addService(provrpc.ResourceProviderService, providerService(version) as provrpc.IResourceProviderServer);
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve({ server, port })));
  });
}
