import { PROVIDER_SETTINGS } from "./config";
import { TYPE_PREFIX, type Field } from "./fields";
import { FUNCTION_TYPES, FUNCTIONS } from "./functions";
import { RESOURCE_TYPES, RESOURCES } from "./resources";

/**
 * The Pulumi package schema of `ddm`, built from the resource and function specs. The plugin
 * serves it (GetSchema), YAML reads its types from it, and the SDKs are generated from the copy
 * committed as plugin/schema.json (`npm run schema`; a test keeps the two equal).
 */

type SchemaProperty = Omit<Field, "optional" | "items" | "additionalProperties"> & { items?: SchemaProperty; additionalProperties?: SchemaProperty };

function property(field: Field): SchemaProperty {
  const { optional: _optional, ...rest } = field;
  const out: SchemaProperty = { ...rest } as SchemaProperty;
  if ("items" in field) out.items = property(field.items);
  if ("additionalProperties" in field) out.additionalProperties = property(field.additionalProperties);
  return out;
}

function properties(fields: Record<string, Field>): Record<string, SchemaProperty> {
  return Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, property(field)]));
}

/** Always present in outputs: not optional (a defaulted key is filled in). */
const requiredOutputs = (fields: Record<string, Field>) => Object.keys(fields).filter((key) => !fields[key].optional);
/** Required of the user: not optional and no default. */
const requiredInputs = (fields: Record<string, Field>) => Object.keys(fields).filter((key) => !fields[key].optional && fields[key].default === undefined);

function objectType(description: string | undefined, fields: Record<string, Field>): object {
  const required = requiredInputs(fields);
  return { ...(description ? { description } : {}), type: "object", properties: properties(fields), ...(required.length ? { required } : {}) };
}

function nonEmpty<T extends object>(key: string, list: unknown[]): T | object {
  return list.length ? { [key]: list } : {};
}

/** Language settings for the generated SDKs (names only; the generator decides the rest). */
export const LANGUAGE = {
  nodejs: { packageName: "@pulumi-ddm/ddm", respectSchemaVersion: true, packageDescription: "Huawei Cloud DDM, DCS and OceanBase membership: the native Pulumi provider's SDK." },
  python: { packageName: "pulumi_ddm", respectSchemaVersion: true },
  go: { importBasePath: "github.com/pulumi-ddm/pulumi-ddm/sdks/go/ddm", generateResourceContainerTypes: true, respectSchemaVersion: true },
};

export function packageSchema(version: string): object {
  const stringSettings = Object.fromEntries(Object.entries(PROVIDER_SETTINGS).filter(([, field]) => "type" in field && field.type === "string"));
  return {
    name: "ddm",
    displayName: "Huawei Cloud DDM",
    version,
    description: "Huawei Cloud DDM instances, schemas, accounts and read weights, DCS caches, and OceanBase cluster membership through OBShell.",
    keywords: ["pulumi", "huaweicloud", "ddm", "dcs", "oceanbase", "kind/native"],
    license: "Apache-2.0",
    config: { variables: properties(PROVIDER_SETTINGS) },
    provider: {
      description: "The settings of one region, project and credential. Unset ones come from stack config (ddm:*), then the HW_* environment.",
      inputProperties: properties(PROVIDER_SETTINGS),
      properties: properties(stringSettings),
    },
    resources: Object.fromEntries(
      RESOURCES.map((spec) => {
        const all = { ...spec.inputs, ...spec.outputs };
        return [
          spec.token,
          {
            description: `${spec.description}\n\nImport with \`pulumi import ${spec.token} <name> <id>\`, the id being ${spec.idFormat}.`,
            properties: properties(all),
            required: requiredOutputs(all),
            inputProperties: properties(spec.inputs),
            ...nonEmpty("requiredInputs", requiredInputs(spec.inputs)),
          },
        ];
      }),
    ),
    functions: Object.fromEntries(
      FUNCTIONS.map((spec) => [
        spec.token,
        {
          description: spec.description,
          inputs: { properties: properties(spec.inputs), ...nonEmpty("required", requiredInputs(spec.inputs)) },
          outputs: {
            properties: { [spec.result]: { type: "array", items: { $ref: `#/types/${TYPE_PREFIX}${spec.itemType}` } } },
            required: [spec.result],
          },
        },
      ]),
    ),
    types: Object.fromEntries(
      Object.entries({ ...RESOURCE_TYPES, ...FUNCTION_TYPES })
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, fields]) => [`${TYPE_PREFIX}${name}`, objectType(undefined, fields)]),
    ),
    language: LANGUAGE,
  };
}

/** The schema as plugin/schema.json holds it. */
export function schemaText(version: string): string {
  return `${JSON.stringify(packageSchema(version), null, 2)}\n`;
}
