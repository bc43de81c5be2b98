import { parameterError } from "../errors";
import { fieldsOf, optionalString, pageOf, pagingOf } from "../input";
import type { Router } from "../router";
import { parameterTemplateId, PARAMETERS, restartInstance, setParameters } from "../state/parameters";
import { setReadWeights } from "../state/read-weights";
import type { DdmState } from "../state/store";

/** §4.1.18 reading parameters, writing them, §4.1.7 restarting the instance, §4.1.11 read weights. */

/** The reference's example: "2021-11-09 03:26:52". */
function formatUpdated(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "");
}

export function parameterRoutes(router: Router, state: DdmState): void {
  const path = "/v3/:project/instances/:instanceId/configurations";

  router.add("GET", path, ({ params, query }) => {
    const instance = state.instance(params.instanceId);
    const paging = pagingOf(query, 128);
    return {
      body: {
        id: parameterTemplateId(instance),
        name: `ddm_${instance.id.slice(0, 12)}`,
        description: "ParamGroup for instance",
        updated: formatUpdated(instance.parametersUpdatedAt),
        configuration_parameter: pageOf(PARAMETERS, paging).map((definition) => ({
          name: definition.name,
          value: instance.parameters[definition.name],
          need_restart: definition.needRestart ? "1" : "0",
          read_only: definition.readOnly ? "1" : "0",
          value_range: definition.valueRange,
          data_type: definition.dataType,
          description: definition.description,
        })),
        offset: paging.offset,
        limit: paging.limit,
        total: PARAMETERS.length,
      },
    };
  });

  router.add("PUT", path, ({ params, body, now }) => {
    const { values } = fieldsOf(body, "The request body", ["values"]);
    if (!values || typeof values !== "object" || Array.isArray(values)) throw parameterError("values must be an object of parameter names to values.");
    return { body: { needRestart: setParameters(state, params.instanceId, values as Record<string, unknown>, now) } };
  });

  router.add("POST", "/v1/:project/instances/:instanceId/action", ({ params, body, now }) => {
    const fields = fieldsOf(body ?? {}, "The request body", ["restart"]);
    const type = fields.restart === undefined ? undefined : optionalString(fieldsOf(fields.restart, "restart", ["type"]), "type");
    if (type !== undefined && type !== "soft" && type !== "hard") throw parameterError("restart.type must be soft or hard.");
    const { instance, job } = restartInstance(state, params.instanceId, now);
    return { body: { instanceId: instance.id, instanceName: instance.name, jobId: job.id } };
  });

  router.add("PUT", "/v2/:project/instances/:instanceId/action/read-write-strategy", ({ params, body, now }) => {
    const { read_weight: weights } = fieldsOf(body, "The request body", ["read_weight"]);
    if (!weights || typeof weights !== "object" || Array.isArray(weights)) throw parameterError("read_weight must be an object of DB instance ids to weights.");
    setReadWeights(state, params.instanceId, weights as Record<string, unknown>, now);
    return { body: { success: true, instance_id: params.instanceId } };
  });
}
