import * as fs from "fs";
import * as path from "path";
import { CACHE_INPUT_KEYS } from "../../provider/dcs/cache/types";
import { ACCOUNT_INPUT_KEYS } from "../../provider/ddm/account/types";
import { INPUT_KEYS } from "../../provider/ddm/instance/types";
import { READ_STRATEGY_INPUT_KEYS } from "../../provider/ddm/read-strategy/types";
import { SCHEMA_INPUT_KEYS } from "../../provider/ddm/schema/types";
import { providers, type ProviderKind } from "../../provider";
import { OBSERVER_INPUT_KEYS } from "../../provider/obshell/server/types";
import { PROVIDER_SETTINGS } from "../../provider/native/config";
import { packageSchema, schemaText } from "../../provider/native/schema";
import { packageVersion } from "../../provider/native/version";

/**
 * plugin/schema.json, which the SDKs are generated from, is what provider/native builds, and it
 * describes what the dynamic providers accept: the same inputs, the same settings, the same secrets.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const schema = packageSchema(packageVersion()) as {
  version: string;
  resources: Record<string, { inputProperties: Record<string, { secret?: boolean; $ref?: string; items?: { $ref?: string } }>; requiredInputs?: string[] }>;
  functions: Record<string, unknown>;
  types: Record<string, { properties: Record<string, { secret?: boolean }> }>;
  provider: { inputProperties: Record<string, { secret?: boolean }> };
};

const ACCEPTED: Record<string, { kind: ProviderKind; keys: readonly string[] }> = {
  "ddm:index:DdmInstance": { kind: "instance", keys: INPUT_KEYS },
  "ddm:index:DdmSchema": { kind: "schema", keys: SCHEMA_INPUT_KEYS },
  "ddm:index:DdmAccount": { kind: "account", keys: ACCOUNT_INPUT_KEYS },
  "ddm:index:DdmReadStrategy": { kind: "readStrategy", keys: READ_STRATEGY_INPUT_KEYS },
  "ddm:index:DcsInstance": { kind: "dcsInstance", keys: CACHE_INPUT_KEYS },
  "ddm:index:ObServer": { kind: "obServer", keys: OBSERVER_INPUT_KEYS },
};

test("plugin/schema.json is what `npm run schema` generates from provider/native", () => {
  const committed = fs.readFileSync(path.join(ROOT, "plugin", "schema.json"), "utf8");
  expect(committed).toBe(schemaText(packageVersion()));
  expect(JSON.parse(committed).version).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
});

test("every resource's inputs are the keys its dynamic provider takes, and it has a provider", () => {
  expect(Object.keys(schema.resources).sort()).toEqual(Object.keys(ACCEPTED).sort());
  for (const [token, { kind, keys }] of Object.entries(ACCEPTED)) {
    expect([token, Object.keys(schema.resources[token].inputProperties).sort()]).toEqual([token, [...keys].sort()]);
    expect(providers[kind]).toBeDefined();
  }
});

test("the required inputs are those the checks refuse to do without", async () => {
  for (const [token, { kind }] of Object.entries(ACCEPTED)) {
    const { failures } = await providers[kind].check({}, {});
    const refused = (failures ?? []).map((failure) => failure.property).sort();
    const required = [...(schema.resources[token].requiredInputs ?? [])].sort();
    // Each required input is refused when missing; a check may also refuse an input that other
    // inputs make necessary, so only the schema's side must be contained.
    expect([token, required.filter((key) => !refused.includes(key))]).toEqual([token, []]);
  }
});

test("credentials are secret, in resources, nested types and the provider's settings", () => {
  const secretInputs = (token: string) =>
    Object.entries(schema.resources[token].inputProperties).filter(([, p]) => p.secret).map(([key]) => key).sort();
  expect(secretInputs("ddm:index:DdmInstance")).toEqual(["adminPassword"]);
  expect(secretInputs("ddm:index:DdmAccount")).toEqual(["password"]);
  expect(secretInputs("ddm:index:DcsInstance")).toEqual(["password"]);
  expect(secretInputs("ddm:index:ObServer")).toEqual(["password", "targetAgentPassword"]);
  expect(schema.types["ddm:index:SchemaDataNode"].properties.adminPassword.secret).toBe(true);
  const secretSettings = Object.entries(schema.provider.inputProperties).filter(([, p]) => p.secret).map(([key]) => key).sort();
  expect(secretSettings).toEqual(["obshellPassword", "password", "secretKey", "securityToken"]);
});

test("every type a property refers to is defined", () => {
  const refs = JSON.stringify(schema).match(/"#\/types\/[^"]+"/g) ?? [];
  for (const ref of new Set(refs)) expect(schema.types).toHaveProperty([ref.slice('"#/types/'.length, -1)]);
});

test("the lookups are functions", () => {
  expect(Object.keys(schema.functions).sort()).toEqual(
    ["getAccounts", "getAvailableRdsInstances", "getEngines", "getFlavors", "getInstanceNodes", "getInstances", "getParameters", "getSchemas"].map((name) => `ddm:index:${name}`),
  );
});

test("the Provider's settings are the ddm:* keys of README's Configuration table", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("## Resources"));
  const documented = [...new Set([...table.matchAll(/^\| `ddm:[^|]*\|/gm)].flatMap(([cell]) => [...cell.matchAll(/`ddm:(\w+)`/g)].map((m) => m[1])))];
  expect(Object.keys(PROVIDER_SETTINGS).sort()).toEqual(documented.sort());
});
