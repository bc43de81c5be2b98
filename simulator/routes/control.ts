import type { InstanceDrift, NodeGroupOptions, RdsOptions, SimulatorControl } from "../control";
import type { Router } from "../router";
import { CONTROL_PREFIX, objectBody, serviceControlRouter } from "../service-control";

/**
 * The control API over HTTP, for programs that run the simulator in another process. JSON in and
 * out, unauthenticated, never throttled, never faulted, never logged; errors answer `{error}`.
 */

export { CONTROL_PREFIX };

export function controlRouter(control: SimulatorControl): Router {
  const router: Router = serviceControlRouter(control);
  const instance = `${CONTROL_PREFIX}/instances/:instanceId`;
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
  return router;
}
