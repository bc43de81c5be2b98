import { createHash } from "node:crypto";
import type { Authenticator } from "../auth";
import { ServiceError } from "../errors";
import type { Router } from "../router";
import { formatIamTime } from "./format";

/**
 * The bits of IAM the client needs (FACTS.md §5), served by the simulator itself so that the
 * client's auth URL can point at it: password tokens and project lookup.
 */

function hexOf(name: string): string {
  return createHash("md5").update(name).digest("hex");
}

export interface IamScope {
  projectId: string;
  region: string;
}

/** Every account also has the "MOS" project: a name lookup must filter, not take the first project. */
function projects(scope: IamScope) {
  const domainId = hexOf("sim-domain");
  return [
    { id: scope.projectId, name: scope.region },
    { id: hexOf(`${scope.projectId}/MOS`), name: "MOS" },
  ].map((project) => ({
    ...project,
    domain_id: domainId,
    parent_id: domainId,
    is_domain: false,
    enabled: true,
    description: "",
    links: { self: `/v3/projects/${project.id}` },
  }));
}

function projectList(list: ReturnType<typeof projects>, self: string) {
  return { body: { projects: list, links: { self, previous: null, next: null } } };
}

export function iamRoutes(router: Router, auth: Authenticator, scope: IamScope): void {
  router.add(
    "POST",
    "/v3/auth/tokens",
    ({ body, now }) => {
      const issued = auth.issueToken(body, now);
      const domain = { id: hexOf(issued.user.domainName), name: issued.user.domainName };
      return {
        status: 201,
        headers: { "X-Subject-Token": issued.token },
        body: {
          token: {
            expires_at: formatIamTime(issued.expiresAt),
            issued_at: formatIamTime(issued.issuedAt),
            methods: ["password"],
            user: { id: hexOf(issued.principal), name: issued.user.userName, domain },
            ...(issued.projectScoped ? { project: { id: scope.projectId, name: scope.region, domain } } : { domain }),
            catalog: [],
          },
        },
      };
    },
    { dialect: "iam", authenticate: false },
  );

  router.add(
    "GET",
    "/v3/projects",
    ({ query, principal }) => {
      // Keystone's ListProjects needs the iam:projects:list permission; a DDM operator often lacks it.
      if (!auth.hasIamPermissions(principal)) {
        throw new ServiceError(403, "IAM.0003", "You do not have permission to perform this action: iam:projects:list.");
      }
      const name = query.get("name");
      const all = projects(scope);
      return projectList(name === null ? all : all.filter((project) => project.name === name), "/v3/projects");
    },
    { dialect: "iam" },
  );

  // The projects the caller may use: needs no IAM permission (FACTS.md §5).
  router.add("GET", "/v3/auth/projects", () => projectList(projects(scope), "/v3/auth/projects"), { dialect: "iam" });
}
