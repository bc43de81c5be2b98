import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_SHARED_RDS, type Simulator } from "../../simulator";
import { TestStack, type EngineEvent } from "../engine";
import { E2E_ENV, SECRETS, topologyConfig } from "./topology-stack";

/** The production example (examples/production, compiled) as a stack pointed at a simulator. */
export const PRODUCTION_PROGRAM = path.resolve(__dirname, "../../dist/examples/production/index.js");

export function productionStack(sim: Simulator, onEvent?: (event: EngineEvent) => void) {
  if (!fs.existsSync(PRODUCTION_PROGRAM)) throw new Error(`${PRODUCTION_PROGRAM} is missing: run \`npm run build\` first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-prod-"));
  const stateFile = path.join(dir, "state.json");
  const stack = new TestStack({
    program: PRODUCTION_PROGRAM,
    project: "ddm-production",
    stack: "e2e",
    stateFile,
    config: { ...topologyConfig(sim), "ddm:bssEndpoint": sim.url, rdsIds: DEFAULT_SHARED_RDS.map((rds) => rds.id).join(",") },
    secretConfig: { "ddm:secretKey": SECRETS["ddm:secretKey"], ddmAdminPassword: SECRETS.ddmAdminPassword, rdsPassword: SECRETS.rdsPassword, appPassword: SECRETS.appPassword },
    env: E2E_ENV,
    onEvent,
  });
  return { stack, stateFile, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
