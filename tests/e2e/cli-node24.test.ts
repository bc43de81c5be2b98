import { NODE_24 } from "../support/toolchains";
import { cliScenarios } from "./cli-scenarios";

/** Every CLI scenario (cli-scenarios.ts) under Node 24 from the npm registry, with the newest @pulumi/pulumi. */
cliScenarios(NODE_24);
