/**
 * The gRPC endpoint a Pulumi program talks to: pulumirpc.ResourceMonitor and pulumirpc.Engine,
 * served on 127.0.0.1 only. It translates requests into the deployment's terms and back; all
 * decisions are the deployment's.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import * as resourceGrpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resourcePb from "@pulumi/pulumi/proto/resource_pb";
import type { Goal, ReadGoal } from "./deployment";
import type { LogEntry } from "./plan-summary";
import { fromStruct, toStruct } from "./provider-client";
import { removeSecrets, type PropertyMap } from "./secrets";

export interface MonitorHandlers {
  registerResource(goal: Goal): Promise<{ urn: string; id: string; outputs: PropertyMap }>;
  registerResourceOutputs(urn: string, outputs: PropertyMap): void;
  readResource(goal: ReadGoal): Promise<{ urn: string; outputs: PropertyMap }>;
  log(entry: LogEntry): void;
}

/**
 * Answers to the SDK's SupportsFeature questions: only what this engine implements. Without
 * resource references the SDK sends a resource as its id (or URN); without alias specs it
 * computes alias URNs itself; deletedWith, transforms, hooks etc. make the SDK refuse clearly.
 */
const FEATURES: Record<string, boolean> = {
  secrets: true,
  resourceReferences: false,
  outputValues: false,
  deletedWith: false,
  replaceWith: false,
  aliasSpecs: false,
  transforms: false,
  invokeTransforms: false,
  parameterization: false,
  resourceHooks: false,
  errorHooks: false,
};

const SEVERITIES: Record<enginePb.LogSeverity, LogEntry["severity"]> = {
  [enginePb.LogSeverity.DEBUG]: "debug",
  [enginePb.LogSeverity.INFO]: "info",
  [enginePb.LogSeverity.WARNING]: "warning",
  [enginePb.LogSeverity.ERROR]: "error",
};

export class MonitorServer {
  private constructor(
    private readonly server: grpc.Server,
    /** `127.0.0.1:<port>`, passed to the program as both --monitor and --engine. */
    readonly address: string,
  ) {}

  static async start(handlers: MonitorHandlers): Promise<MonitorServer> {
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    server.addService(resourceGrpc.ResourceMonitorService, monitorService(handlers));
    server.addService(engineGrpc.EngineService, engineService(handlers));
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    return new MonitorServer(server, `127.0.0.1:${port}`);
  }

  close(): void {
    this.server.forceShutdown();
  }
}

function monitorService(handlers: MonitorHandlers): resourceGrpc.IResourceMonitorServer {
  const unsupported = (what: string) => (_call: unknown, callback: grpc.sendUnaryData<never>) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: `${what} is not supported by the test engine` });
  return {
    supportsFeature(call, callback) {
      const resp = new resourcePb.SupportsFeatureResponse();
      resp.setHassupport(FEATURES[call.request.getId()] ?? false);
      callback(null, resp);
    },
    registerResource(call, callback) {
      const req = call.request;
      const goal: Goal = {
        type: req.getType(),
        name: req.getName(),
        parent: req.getParent(),
        custom: req.getCustom(),
        inputs: fromStruct(req.getObject()),
        dependencies: req.getDependenciesList(),
        propertyDependencies: Object.fromEntries(
          Array.from(req.getPropertydependenciesMap().entries(), ([key, deps]) => [key, deps.getUrnsList()]),
        ),
        provider: req.getProvider(),
        protect: req.hasProtect() ? req.getProtect() : undefined,
        deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
        ignoreChanges: req.getIgnorechangesList(),
        replaceOnChanges: req.getReplaceonchangesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        aliases: req.getAliasurnsList(),
        importId: req.getImportid(),
        retainOnDelete: req.hasRetainondelete() ? req.getRetainondelete() : undefined,
      };
      handlers.registerResource(goal).then(
        ({ urn, id, outputs }) => {
          const resp = new resourcePb.RegisterResourceResponse();
          resp.setUrn(urn);
          resp.setId(id);
          resp.setObject(toStruct(req.getAcceptsecrets() ? outputs : removeSecrets(outputs)));
          callback(null, resp);
        },
        (err: Error) => callback({ code: grpc.status.UNKNOWN, details: err.message }),
      );
    },
    registerResourceOutputs(call, callback) {
      handlers.registerResourceOutputs(call.request.getUrn(), fromStruct(call.request.getOutputs()));
      callback(null, new Empty());
    },
    readResource(call, callback) {
      const req = call.request;
      handlers
        .readResource({
          id: req.getId(),
          type: req.getType(),
          name: req.getName(),
          parent: req.getParent(),
          provider: req.getProvider(),
          inputs: fromStruct(req.getProperties()),
          dependencies: req.getDependenciesList(),
          additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        })
        .then(
          ({ urn, outputs }) => {
            const resp = new resourcePb.ReadResourceResponse();
            resp.setUrn(urn);
            resp.setProperties(toStruct(req.getAcceptsecrets() ? outputs : removeSecrets(outputs)));
            callback(null, resp);
          },
          (err: Error) => callback({ code: grpc.status.UNKNOWN, details: err.message }),
        );
    },
    // The engine finishes its work (deletes) after the program has exited, so there is nothing to wait for.
    signalAndWaitForShutdown(_call, callback) {
      callback(null, new Empty());
    },
    getDeploymentInfo: unsupported("GetDeploymentInfo"),
    invoke: unsupported("Invoke"),
    call: unsupported("Call"),
    registerStackTransform: unsupported("RegisterStackTransform"),
    registerStackInvokeTransform: unsupported("RegisterStackInvokeTransform"),
    registerResourceHook: unsupported("RegisterResourceHook"),
    registerErrorHook: unsupported("RegisterErrorHook"),
    registerPackage: unsupported("RegisterPackage"),
  };
}

function engineService(handlers: MonitorHandlers): engineGrpc.IEngineServer {
  let rootUrn = "";
  return {
    log(call, callback) {
      const req = call.request;
      handlers.log({
        severity: SEVERITIES[req.getSeverity()] ?? "info",
        message: req.getMessage(),
        urn: req.getUrn() || undefined,
        source: "program",
      });
      callback(null, new Empty());
    },
    getRootResource(_call, callback) {
      const resp = new enginePb.GetRootResourceResponse();
      resp.setUrn(rootUrn);
      callback(null, resp);
    },
    setRootResource(call, callback) {
      rootUrn = call.request.getUrn();
      callback(null, new enginePb.SetRootResourceResponse());
    },
    startDebugging(_call, callback) {
      callback({ code: grpc.status.UNIMPLEMENTED, details: "StartDebugging is not supported by the test engine" });
    },
    requirePulumiVersion(_call, callback) {
      callback({ code: grpc.status.UNIMPLEMENTED, details: "RequirePulumiVersion is not supported by the test engine" });
    },
  };
}
