import { ControlError, type InstanceDrift, type NodeGroupOptions, type RdsOptions, type SimulatorControl } from "../control";
import type { Durations, FaultOptions } from "../options";
import { Router } from "../router";

/**
 * The control API over HTTP, for programs that run the simulator in another process. JSON in and
 * out, unauthenticated, never throttled, never faulted, never logged; errors answer `{error}`.
 */

export const CONTROL_PREFIX = "/_sim";

function objectBody<T>(body: unknown): T {
  if (body === undefined) return {} as T;
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new ControlError(400, "The body must be a JSON object.");
  return body as T;
}

export function controlRouter(control: SimulatorControl): Router {
  const router = new Router();
  const instance = `${CONTROL_PREFIX}/instances/:instanceId`;
  router.add("GET", `${CONTROL_PREFIX}/calls`, () => ({ body: { calls: control.calls() } }));
  router.add("DELETE", `${CONTROL_PREFIX}/calls`, () => {
    control.resetCalls();
    return { status: 204 };
  });
  router.add("GET", `${CONTROL_PREFIX}/state`, () => ({ body: control.snapshot() }));
  router.add("GET", `${CONTROL_PREFIX}/jobs`, () => ({ body: { jobs: control.jobs() } }));
  router.add("PATCH", instance, ({ params, body }) => ({ body: control.driftInstance(params.instanceId, objectBody<InstanceDrift>(body)) }));
  router.add("DELETE", instance, ({ params }) => {
    control.deleteInstance(params.instanceId);
    return { status: 204 };
  });
  router.add("DELETE", `${instance}/schemas/:name`, ({ params }) => {
    control.deleteSchema(params.instanceId, params.name);
    return { status: 204 };
  });
  router.add("DELETE", `${instance}/accounts/:name`, ({ params }) => {
    control.deleteAccount(params.instanceId, params.name);
    return { status: 204 };
  });
  router.add("POST", `${instance}/rds`, ({ params, body }) => ({
    status: 201,
    body: { rds: control.addRds(params.instanceId, objectBody<RdsOptions>(body)) },
  }));
  router.add("POST", `${instance}/groups`, ({ params, body }) => ({
    status: 201,
    body: control.addNodeGroup(params.instanceId, objectBody<NodeGroupOptions>(body)),
  }));
  router.add("PATCH", `${instance}/parameters`, ({ params, body }) => ({
    body: control.driftParameters(params.instanceId, objectBody<Record<string, string>>(body)),
  }));
  router.add("GET", `${CONTROL_PREFIX}/faults`, () => ({ body: control.faults() }));
  router.add("PUT", `${CONTROL_PREFIX}/faults`, ({ body }) => {
    control.setFaults(objectBody<FaultOptions>(body));
    return { body: control.faults() };
  });
  router.add("PUT", `${CONTROL_PREFIX}/durations`, ({ body }) => ({ body: control.setDurations(objectBody<Partial<Durations>>(body)) }));
  return router;
}
