/** Child process entry: `node settle-worker.js <ddm|cache> <jobMs> <reps> [real-limit]` prints its samples as JSON. */
import { measureCacheSettle } from "./cache-settle";
import { measureSettle } from "./settle";

const [service, ...rest] = process.argv.slice(2);
const [jobMs, reps] = rest.slice(0, 2).map(Number);
(service === "cache" ? measureCacheSettle(jobMs, reps) : measureSettle(jobMs, reps, rest[2] === "real-limit")).then(
  (samples) => process.stdout.write(`${JSON.stringify(samples)}\n`),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
