import { differingKeys } from "../../resource/adoption";
import { isUnknown } from "../../resource/values";
import { SCHEMA_INPUT_KEYS, SCHEMA_UPDATABLE, type DataNode, type SchemaInputs } from "./types";

/**
 * Planning a change to a schema, a pure function of the stored and the new inputs. DDM has no
 * schema update API, so anything that changes the shard layout or the set of data nodes needs a
 * new schema; but a replacement deletes the old schema first, with its data when deleteRdsData
 * is set, so nothing else may ever cause one. Data-node credentials in particular (a rotated RDS
 * password) are recorded, never acted on by replacing.
 */

export interface SchemaPlan {
  replaces: string[];
  changes: boolean;
  /** Data nodes (RDS ids) whose declared credentials changed. */
  credentialsChanged: string[];
}

function nodesById(nodes: unknown): Map<string, DataNode> | undefined {
  if (!Array.isArray(nodes) || nodes.some((node) => isUnknown(node) || isUnknown(node?.id))) return undefined;
  return new Map((nodes as DataNode[]).map((node) => [node.id, node]));
}

/** Whether both lists name the same RDS instances, in any order; unknown ids might not. */
function sameNodeSet(olds: unknown, news: unknown): boolean {
  const before = nodesById(olds);
  const after = nodesById(news);
  return !!before && !!after && before.size === after.size && [...after.keys()].every((id) => before.has(id));
}

export function planSchemaChange(olds: Partial<SchemaInputs>, news: SchemaInputs): SchemaPlan {
  const changed = differingKeys(olds as SchemaInputs, news, SCHEMA_INPUT_KEYS);
  const credentialsOnly = changed.includes("dataNodes") && sameNodeSet(olds.dataNodes, news.dataNodes);
  const replaces = changed.filter(
    (key) => !(SCHEMA_UPDATABLE as readonly string[]).includes(key) && !(key === "dataNodes" && credentialsOnly),
  );
  const before = credentialsOnly ? nodesById(olds.dataNodes)! : new Map<string, DataNode>();
  const credentialsChanged = credentialsOnly
    ? news.dataNodes
        .filter((node) => {
          const old = before.get(node.id)!;
          return old.adminUser !== node.adminUser || old.adminPassword !== node.adminPassword;
        })
        .map((node) => node.id)
    : [];
  return { replaces, changes: changed.length > 0, credentialsChanged };
}

/** What the update says about recorded credentials: DDM cannot be told about them. */
export function credentialsWarning(name: string, rdsIds: readonly string[]): string {
  return (
    `warning: schema ${name}: new credentials for data node${rdsIds.length === 1 ? "" : "s"} ${rdsIds.join(", ")} are recorded in state only. ` +
    `The DDM API has no call to change the credentials of an existing schema's data nodes, so the schema was neither changed nor replaced; ` +
    `if the RDS password itself changed, update it for the schema in the DDM console.`
  );
}
