/** Child process entry: `node settle-worker.js <jobMs> <reps> [real-limit]` prints its samples as JSON. */
import { measureSettle } from "./settle";

const [jobMs, reps] = process.argv.slice(2, 4).map(Number);
measureSettle(jobMs, reps, process.argv[4] === "real-limit").then(
  (samples) => process.stdout.write(`${JSON.stringify(samples)}\n`),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
