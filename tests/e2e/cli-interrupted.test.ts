import { MACHINE_NODE } from "../support/toolchains";
import { cliScenarios } from "./cli-scenarios";

/**
 * The interrupted-deployment CLI scenarios (cli-interrupted-scenarios.ts) under the Node.js running
 * the tests, with @pulumi/pulumi 3.248.0: a file of their own, so jest runs them beside cli.test.ts.
 */
cliScenarios(MACHINE_NODE, ["interrupted"]);
