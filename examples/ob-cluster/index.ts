/**
 * An OceanBase cluster's membership, declared: the servers that join a running cluster through
 * OBShell, each in its zone. Remove one from the list and `pulumi up` scales the cluster in.
 *
 * Stack config (project namespace): clusterAgentHost, clusterAgentPort (an agent of the
 * cluster), servers (JSON: [{name, ip, port, zone, mysqlPort?, rpcPort?}]), memoryLimit,
 * onFailure (keep | retry | rollback), timeoutMinutes, and the secret obPassword (root@sys).
 */
import * as pulumi from "@pulumi/pulumi";
import { ObServer } from "pulumi-ddm";

interface DeclaredServer {
  name: string;
  ip: string;
  port?: number;
  zone: string;
  mysqlPort?: number;
  rpcPort?: number;
}

const cfg = new pulumi.Config();
const clusterAgent = { host: cfg.require("clusterAgentHost"), port: cfg.getNumber("clusterAgentPort") ?? 2886 };
const password = cfg.requireSecret("obPassword");
const declared = cfg.requireObject<DeclaredServer[]>("servers");
const minutes = cfg.getNumber("timeoutMinutes") ?? 30;

const servers = declared.map(
  (server) =>
    new ObServer(server.name, {
      clusterAgent,
      password,
      ip: server.ip,
      port: server.port,
      zone: server.zone,
      obConfigs: {
        mysql_port: String(server.mysqlPort ?? 2881),
        rpc_port: String(server.rpcPort ?? 2882),
        memory_limit: cfg.get("memoryLimit") ?? "16G",
        system_memory: "8G",
        log_disk_size: "24G",
        datafile_size: "24G",
      },
      onFailure: cfg.get("onFailure") as "keep" | "retry" | "rollback" | undefined,
      timeouts: { create: minutes, update: minutes, delete: minutes },
    }),
);

/** "name ip:rpcPort zone status", one per declared server. */
export const members = pulumi.all(servers.map((s) => pulumi.interpolate`${s.ip}:${s.svrPort} ${s.zone} ${s.status}`));
export const zones = pulumi.all(servers.map((s) => s.zone)).apply((list) => [...new Set(list)].sort());
export const clusterName = servers.length ? servers[0].clusterName : undefined;
