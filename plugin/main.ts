import { packageVersion } from "../provider/native/version";
import { serve } from "./server";

/**
 * `pulumi-resource-ddm`: started by the engine (with its address as the argument, which this
 * provider does not need), it serves the provider and writes its port as the one line the engine
 * reads from standard output. Everything else goes to standard error.
 */
serve(packageVersion()).then(
  ({ port }) => process.stdout.write(`${port}\n`),
  (error: unknown) => {
    console.error(`pulumi-resource-ddm: cannot serve: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
