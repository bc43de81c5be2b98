import { notFound, PARAMETER_ERROR } from "../errors";
import { pageOf, pagingOf } from "../input";
import type { Router } from "../router";
import { flavorByCode } from "../state/catalog";
import { allNodes } from "../state/instances";
import type { DdmState } from "../state/store";

/** §4.1.13–14 nodes, and the node groups of FACTS.md §1. */

export function nodeRoutes(router: Router, state: DdmState): void {
  router.add("GET", "/v1/:project/instances/:instanceId/nodes", ({ params, query }) => {
    const instance = state.instance(params.instanceId);
    const paging = pagingOf(query, 128);
    const nodes = allNodes(instance);
    return {
      body: {
        nodes: pageOf(nodes, paging).map((node) => ({ port: String(instance.accessPort), status: node.status, node_id: node.id, ip: node.ip })),
        offset: paging.offset,
        limit: paging.limit,
        total: nodes.length,
      },
    };
  });

  router.add("GET", "/v1/:project/instances/:instanceId/nodes/:nodeId", ({ params }) => {
    const instance = state.instance(params.instanceId);
    const group = instance.groups.find((candidate) => candidate.nodes.some((node) => node.id === params.nodeId));
    const node = group?.nodes.find((candidate) => candidate.id === params.nodeId);
    if (!group || !node) throw notFound(PARAMETER_ERROR, `The node ${params.nodeId} does not exist.`);
    return {
      body: {
        status: node.status,
        name: node.name,
        node_id: node.id,
        private_ip: node.ip,
        floating_ip: node.floatingIp,
        server_id: node.serverId,
        subnet_name: `subnet-${instance.subnetId.slice(0, 8)}`,
        datavolume_id: node.dataVolumeId,
        res_subnet_ip: node.resSubnetIp,
        systemvolume_id: node.systemVolumeId,
        group_id: group.id,
        subnet_id: instance.subnetId,
      },
    };
  });

  router.add("GET", "/v3/:project/instances/:instanceId/groups", ({ params }) => {
    const instance = state.instance(params.instanceId);
    return {
      body: {
        group_list: instance.groups.map((group) => {
          const flavor = flavorByCode(instance.engineId, group.flavorCode);
          return {
            id: group.id,
            name: group.name,
            role: group.role,
            cpu_num_per_node: flavor?.cpu,
            mem_num_per_node: flavor?.mem,
            architecture: flavor?.architecture,
            is_default_group: group.isDefault,
            node_list: group.nodes.map((node) => ({ id: node.id, name: node.name, az: node.az })),
          };
        }),
      },
    };
  });
}
