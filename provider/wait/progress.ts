/**
 * Progress lines a person can read in a pipeline log:
 * "orders-ddm: scaling out 2 → 4 nodes, 60%, 3m10s".
 */

export type Reporter = (line: string) => void;

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours) return `${hours}h${String(minutes).padStart(2, "0")}m`;
  if (minutes) return `${minutes}m${String(seconds).padStart(2, "0")}s`;
  return `${seconds}s`;
}

export function progressLine(label: string, elapsedMs: number, progress?: number, status?: string): string {
  const parts = [label];
  if (progress !== undefined) parts.push(`${progress}%`);
  else if (status) parts.push(status.toLowerCase());
  parts.push(formatDuration(elapsedMs));
  return parts.join(", ");
}

/** Writes to stderr, which the Pulumi engine shows with the resource's output. */
export const stderrReporter: Reporter = (line) => {
  process.stderr.write(`${line}\n`);
};

/** Report at most once per interval, so long waits stay readable and short ones quiet. */
export function throttledReporter(report: Reporter, intervalMs: number, now: () => number = Date.now): Reporter {
  let last = -Infinity;
  return (line) => {
    const time = now();
    if (time - last < intervalMs) return;
    last = time;
    report(line);
  };
}
