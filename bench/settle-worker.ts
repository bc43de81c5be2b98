/** Child process entry: `node settle-worker.js <ddm|cache> <jobMs> <reps>` prints its samples as JSON. */
import { measureCacheSettle } from "./cache-settle";
import { measureSettle } from "./settle";

const [service, ...numbers] = process.argv.slice(2);
const [jobMs, reps] = numbers.map(Number);
(service === "cache" ? measureCacheSettle : measureSettle)(jobMs, reps).then(
  (samples) => process.stdout.write(`${JSON.stringify(samples)}\n`),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
