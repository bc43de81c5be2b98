/** Child process entry: `node settle-worker.js <jobMs> <reps>` prints its samples as JSON. */
import { measureSettle } from "./settle";

const [jobMs, reps] = process.argv.slice(2).map(Number);
measureSettle(jobMs, reps).then(
  (samples) => process.stdout.write(`${JSON.stringify(samples)}\n`),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
