import { measureScaleFleet } from "./scale-fleet";
async function main() {
  const [jobs, together, count, scale] = process.argv.slice(2);
  const r = await measureScaleFleet({ count: Number(count), jobs: jobs as "spread", scale: Number(scale), together: together === "true" });
  const o = r.operations.map((x) => x.overshootMs).sort((a, b) => a - b);
  console.log(JSON.stringify({ ok: r.ok, error: r.error, calls: r.calls, perOp: r.calls / Number(count), list: r.listCalls, throttled: r.throttled, upMs: r.upMs, longest: r.longestJobMs, distinct: r.distinctEnds, over: o, allow: r.operations.map((x) => Math.round(x.allowanceMs)) }));
}
main();
