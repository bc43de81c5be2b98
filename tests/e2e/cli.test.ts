import { MACHINE_NODE } from "../support/toolchains";
import { cliScenarios } from "./cli-scenarios";

/**
 * The CLI scenarios of the example topology (cli-scenarios.ts) under the Node.js running the
 * tests, with @pulumi/pulumi 3.248.0; the interrupted ones run beside them (cli-interrupted.test.ts).
 */
cliScenarios(MACHINE_NODE, ["topology"]);
