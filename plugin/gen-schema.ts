import * as fs from "fs";
import * as path from "path";
import { schemaText } from "../provider/native/schema";
import { packageRoot, packageVersion } from "../provider/native/version";

/**
 * Writes plugin/schema.json, the package schema the SDKs are generated from, from the specs in
 * provider/native. `--check` only says whether the committed file is up to date (exit 1 if not).
 */
const SCHEMA_FILE = path.join(packageRoot(__dirname), "plugin", "schema.json");

const text = schemaText(packageVersion());
if (process.argv.includes("--check")) {
  const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
  if (current !== text) {
    console.error(`${SCHEMA_FILE} is out of date: run npm run schema`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(SCHEMA_FILE, text);
  console.log(`wrote ${SCHEMA_FILE}`);
}
