import { MACHINE_NODE } from "../support/toolchains";
import { cliScenarios } from "./cli-scenarios";

/** Every CLI scenario (cli-scenarios.ts) under the Node.js running the tests, with @pulumi/pulumi 3.248.0. */
cliScenarios(MACHINE_NODE);
