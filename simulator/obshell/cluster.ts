import { advanceDag, holdsMaintenance, newDag, operateDag, type DagHooks, type Operator } from "./dags";
import { errors } from "./errors";
import type { AgentRecord, DagFault, DagNodeSpec, DagRecord, LostAnswer, ServerRecord } from "./model";
import { versionAtLeast } from "./options";

/**
 * The simulated cluster: its agents (members and SINGLE agents waiting to join), servers by
 * zone, DAGs and the maintenance lock, with OBShell's rules for scale-out and scale-in.
 * Everything is brought up to date with the clock before it is looked at.
 */

export const SCALE_OUT = "Cluster scale out";
export const SCALE_IN = "Cluster scale in";
export const EXTERNAL_MAINTENANCE = "Maintenance by another client";

export const SCALE_OUT_NODES = [
  "Check scale out",
  "Prepare target agent",
  "Create observer directories",
  "Deploy observer",
  "Start observer",
  "Add server to cluster",
  "Wait for server active",
  "Synchronize agent",
  "Finish scale out",
];
export const SCALE_IN_NODES = ["Delete observer", "Set agent to 'SCALING IN'", "Wait delete observer success", "Delete agent", "Try to inform to kill observer"];

/** Scale-out's tasks allow RETRY and ROLLBACK only: no CANCEL, no PASS (OBShell's scale_out.go). */
const SCALE_OUT_SPECS: DagNodeSpec[] = SCALE_OUT_NODES.map((name) => ({ name, canCancel: false, canRollback: true, canPass: false }));

/**
 * Scale-in without force_kill, as OBShell's scale_in.go builds it: every task allows CANCEL and
 * PASS; "Delete agent" cannot be rolled back; only the first node carries
 * FAILURE_EXIT_MAINTENANCE, so a failure there releases the lock and a failure later keeps it.
 */
const SCALE_IN_SPECS: DagNodeSpec[] = SCALE_IN_NODES.map((name, index) => ({
  name,
  canCancel: true,
  canRollback: name !== "Delete agent",
  canPass: true,
  ...(index === 0 ? { releasesLockOnFailure: true } : {}),
}));

const EXTERNAL_SPECS: DagNodeSpec[] = [{ name: "Maintain cluster", canCancel: true, canRollback: true, canPass: true }];

export interface ScaleOutRequest {
  ip: string;
  port: number;
  zone: string;
  obConfigs: Record<string, string>;
  targetAgentPassword?: string;
}

const address = (ip: string, port: number) => `${ip}:${port}`;

export class ObshellCluster {
  readonly agents: AgentRecord[] = [];
  readonly servers: ServerRecord[] = [];
  readonly dags: DagRecord[] = [];
  faults: DagFault[] = [];
  lostAnswers: LostAnswer[] = [];
  /** What each scale-out was asked for, by target, applied when its nodes run. */
  private readonly pending = new Map<string, ScaleOutRequest>();
  private nextDagId = 1;
  private readonly hooks: DagHooks;

  constructor(
    readonly name: string,
    readonly clusterId: number,
    public password: string,
    private readonly now: () => number,
    public stageMs: number,
  ) {
    this.hooks = {
      completed: (dag, node, direction) => this.effect(dag, node, direction),
      fails: (dag, node) => this.takeFault(dag, node),
      finished: (dag) => this.finished(dag),
    };
  }

  /** Brings every DAG up to the present. */
  tick(): void {
    const now = this.now();
    for (const dag of this.dags) advanceDag(dag, now, this.hooks);
  }

  agent(ip: string, port: number): AgentRecord | undefined {
    return this.agents.find((a) => a.ip === ip && a.port === port);
  }

  isMember(agent: AgentRecord): boolean {
    return agent.identity === "MASTER" || agent.identity === "FOLLOWER" || agent.identity === "SCALING IN";
  }

  members(): AgentRecord[] {
    return this.agents.filter((a) => this.isMember(a));
  }

  /** Whose versions are the cluster's: its members run the same ones, so the first speaks for all. */
  private clusterAgent(): AgentRecord {
    return this.members()[0];
  }

  underMaintenance(): boolean {
    return this.dags.some(holdsMaintenance);
  }

  /** The newest DAG, which is the one a lock held belongs to (every DAG here is a maintenance DAG). */
  lastMaintenanceDag(): DagRecord | undefined {
    this.tick();
    return this.dags[this.dags.length - 1];
  }

  /**
   * OBShell names the DAG holding the lock from 4.3.2 (`OB.Cluster.UnderMaintenanceWithDag`,
   * the newest maintenance DAG's name); earlier agents answer `OB.Cluster.UnderMaintenance`.
   */
  private refuseUnderMaintenance(receiver: AgentRecord): void {
    if (!this.underMaintenance()) return;
    const holder = this.lastMaintenanceDag();
    throw versionAtLeast(receiver.settings.version, "4.3.2") && holder ? errors.underMaintenanceWithDag(holder.name) : errors.underMaintenance();
  }

  scaleOut(receiver: AgentRecord, request: ScaleOutRequest): DagRecord {
    this.tick();
    if (!this.isMember(receiver)) throw errors.notSupported(receiver.identity);
    const targetAddress = address(request.ip, request.port);
    const target = this.agent(request.ip, request.port);
    if (!target) throw errors.unreachable(targetAddress);
    if (target.identity !== "SINGLE") throw errors.targetNotSingle(targetAddress, target.identity);
    const cluster = this.clusterAgent().settings;
    if (target.settings.obVersion !== cluster.obVersion) throw errors.obVersion(targetAddress, target.settings.obVersion, cluster.obVersion);
    if (target.settings.version !== cluster.version && versionAtLeast(target.settings.version, cluster.version)) {
      throw errors.higherVersion(targetAddress, target.settings.version, cluster.version);
    }
    const rpcPort = Number(request.obConfigs.rpc_port ?? request.obConfigs.rpcPort ?? 2882);
    if (this.servers.some((s) => s.svrIp === request.ip && s.svrPort === rpcPort)) throw errors.alreadyExists(address(request.ip, rpcPort));
    if (target.settings.agentPassword !== undefined && request.targetAgentPassword !== target.settings.agentPassword) throw errors.agentPassword();
    this.refuseUnderMaintenance(receiver);
    target.identity = "SCALING OUT";
    this.pending.set(targetAddress, request);
    return this.startDag(SCALE_OUT, SCALE_OUT_SPECS, targetAddress);
  }

  /** Undefined when the server is not in the cluster (the agent answers 204). */
  scaleIn(receiver: AgentRecord, ip: string, port: number): DagRecord | undefined {
    this.tick();
    if (!this.isMember(receiver)) throw errors.notSupported(receiver.identity);
    const target = this.agent(ip, port);
    const server = this.servers.find((s) => s.svrIp === ip && s.agentPort === port);
    if (!target || !server) return undefined;
    if (target === receiver) throw errors.deleteSelf();
    this.refuseUnderMaintenance(receiver);
    return this.startDag(SCALE_IN, SCALE_IN_SPECS, address(ip, port));
  }

  /** Someone else's operation holding the lock for `ms`. */
  holdMaintenance(ms: number): DagRecord {
    this.tick();
    return this.startDag(EXTERNAL_MAINTENANCE, EXTERNAL_SPECS, undefined, ms);
  }

  dag(id: string): DagRecord {
    if (!/^[0-9]+$/.test(id)) throw errors.dagIdInvalid(id);
    this.tick();
    const dag = this.dags.find((d) => d.id === id);
    if (!dag) throw errors.dagNotFound(id);
    return dag;
  }

  operate(receiver: AgentRecord, id: string, operator: unknown): DagRecord {
    const dag = this.dag(id);
    if (!["RETRY", "ROLLBACK", "CANCEL", "PASS"].includes(String(operator))) throw errors.operatorNotSupported(operator);
    // A DAG that gave the lock back when it failed takes it again to run (`txForRetryAndReadyDag`,
    // `txForRollbackDag`: StartMaintenance), so another operation holding it meanwhile refuses it.
    if ((operator === "RETRY" || operator === "ROLLBACK") && dag.state === "FAILED" && !holdsMaintenance(dag)) this.refuseUnderMaintenance(receiver);
    const refused = operateDag(dag, operator as Operator, this.now(), this.hooks);
    if (refused?.reason === "finished") throw errors.cancelFinished();
    if (refused?.reason === "not failed") throw errors.notFailed(String(operator));
    if (refused?.reason === "not allowed") throw errors.notAllowed(String(operator), refused.node);
    return dag;
  }

  private startDag(name: string, nodes: DagNodeSpec[], target: string | undefined, stageMs = this.stageMs): DagRecord {
    const dag = newDag(this.nextDagId++, name, nodes, this.now(), stageMs, target);
    this.dags.push(dag);
    return dag;
  }

  /** Whether the answer to this request is to be lost (counted down). */
  losesAnswer(method: string, path: string): boolean {
    const fault = this.lostAnswers.find((f) => f.method === method && f.path === path && (f.times ?? 1) > 0);
    if (!fault) return false;
    fault.times = (fault.times ?? 1) - 1;
    return true;
  }

  private takeFault(dag: DagRecord, node: string): string | undefined {
    const fault = this.faults.find((f) => f.dag === dag.name && f.node === node && (f.target === undefined || f.target === dag.target) && (f.times ?? 1) > 0);
    if (!fault) return undefined;
    fault.times = (fault.times ?? 1) - 1;
    return fault.message ?? `${node} failed on ${dag.target ?? "the cluster"}: injected fault`;
  }

  private targetOf(dag: DagRecord): AgentRecord | undefined {
    if (!dag.target) return undefined;
    const [ip, port] = dag.target.split(":");
    return this.agent(ip, Number(port));
  }

  private effect(dag: DagRecord, node: string, direction: 1 | -1): void {
    const target = this.targetOf(dag);
    if (!target) return;
    const [ip, port] = [target.ip, target.port];
    const serverIndex = () => this.servers.findIndex((s) => s.svrIp === ip && s.agentPort === port);
    if (dag.name === SCALE_OUT) {
      const request = this.pending.get(dag.target!)!;
      if (node === "Add server to cluster") {
        if (direction === 1) {
          this.servers.push({
            svrIp: ip,
            svrPort: Number(request.obConfigs.rpc_port ?? request.obConfigs.rpcPort ?? 2882),
            sqlPort: Number(request.obConfigs.mysql_port ?? request.obConfigs.mysqlPort ?? 2881),
            agentPort: port,
            zone: request.zone,
            status: "INACTIVE",
            withRootserver: false,
          });
        } else if (serverIndex() >= 0) this.servers.splice(serverIndex(), 1);
      }
      if (node === "Wait for server active" && serverIndex() >= 0) this.servers[serverIndex()].status = direction === 1 ? "ACTIVE" : "INACTIVE";
      if (node === "Prepare target agent" && direction === -1) target.identity = "SINGLE";
    }
    if (dag.name === SCALE_IN) {
      const server = this.servers[serverIndex()];
      if (node === "Delete observer" && server) server.status = direction === 1 ? "DELETING" : "ACTIVE";
      if (node === "Set agent to 'SCALING IN'") target.identity = direction === 1 ? "SCALING IN" : "FOLLOWER";
      if (node === "Wait delete observer success" && direction === 1 && server) this.servers.splice(serverIndex(), 1);
      if (node === "Delete agent" && direction === 1) target.deletedFromCluster = true;
    }
  }

  private finished(dag: DagRecord): void {
    const target = this.targetOf(dag);
    if (!target || dag.operator === "ROLLBACK") return;
    if (dag.name === SCALE_OUT) {
      target.identity = "FOLLOWER";
      target.zone = this.pending.get(dag.target!)!.zone;
    }
    if (dag.name === SCALE_IN) {
      target.identity = "SINGLE";
      target.zone = undefined;
      target.deletedFromCluster = undefined;
    }
  }

  /** `GET /api/v1/ob/info`. */
  topology(): Record<string, unknown> {
    this.tick();
    const zones: Record<string, unknown[]> = {};
    for (const server of this.servers) {
      (zones[server.zone] ??= []).push({
        svr_ip: server.svrIp,
        svr_port: server.svrPort,
        sql_port: server.sqlPort,
        agent_port: server.agentPort,
        with_rootserver: server.withRootserver ? "YES" : "NO",
        status: server.status,
        build_version: `${this.clusterAgent().settings.obVersion}_simulated`,
      });
    }
    return {
      agent_info: this.members().filter((a) => !a.deletedFromCluster).map((a) => ({ ip: a.ip, port: a.port, zone: a.zone, identity: a.identity, version: a.settings.version })),
      obcluster_info: { id: this.clusterId, name: this.name, version: this.clusterAgent().settings.obVersion, is_shared_storage: false, topology: zones },
    };
  }
}
