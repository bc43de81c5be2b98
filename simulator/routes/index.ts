import type { Authenticator } from "../auth";
import { Router } from "../router";
import type { DdmState } from "../state/store";
import { accountRoutes } from "./accounts";
import { catalogRoutes, type CatalogOptions } from "./catalog";
import { iamRoutes, type IamScope } from "./iam";
import { instanceRoutes } from "./instances";
import { jobRoutes } from "./jobs";
import { nodeRoutes } from "./nodes";
import { schemaRoutes } from "./schemas";

/** Every API the simulator serves, DDM and IAM, on one router. */
export function apiRouter(state: DdmState, auth: Authenticator, scope: IamScope, catalog: CatalogOptions): Router {
  const router = new Router();
  iamRoutes(router, auth, scope);
  catalogRoutes(router, catalog);
  instanceRoutes(router, state, scope.projectId);
  nodeRoutes(router, state);
  jobRoutes(router, state);
  schemaRoutes(router, state, scope.projectId);
  accountRoutes(router, state);
  return router;
}
