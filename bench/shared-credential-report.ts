import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installBenchProgram, LIMIT, measureBackToBack, measureContention, type BackToBackResult, type ContentionResult, type PhaseResult } from "./shared-credential";

/**
 * The section "Many stacks, one credential": each K, and the back-to-back run, measured with the
 * runs sharing this machine's record of the credential's calls, and with each on its own (as on
 * separate machines: only the service's answers shared); beside them the same runs of the package
 * before this work (commit b0e1cce), measured once with `--package` and kept beside (`resultsFile`).
 */

export interface VariantResult {
  label: string;
  contention: ContentionResult[];
  backToBack: BackToBackResult;
}

/**
 * Where a measurement is kept: the package before this work, or this package's last one (so the
 * section can be written again when the other arrives, `--render`); scaled, or at the service's pace.
 */
export function resultsFile(which: "before" | "after", atServicePace: boolean): string {
  return path.resolve(__dirname, "..", "..", "bench", `shared-credential-${which}${atServicePace ? "-pace" : ""}.json`);
}

export interface Measured {
  context: string;
  variants: VariantResult[];
}

/**
 * Measures one variant: the package of `root` (this checkout when undefined), the runs sharing
 * their calls in a record or each alone; with `shareAsCeiling`, each run told its share of the
 * limit (60 ÷ K) as its `ddm:maxRequestsPerMinute`, as the README advises where K is known.
 */
export async function measureVariant(label: string, options: { runs: number[]; scale: number; shared: boolean; root?: string; shareAsCeiling?: boolean }): Promise<VariantResult> {
  const program = installBenchProgram(options.root);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ddm-bench-limits-"));
  const sharedLimitDir = options.shared ? dir : "off";
  try {
    const contention: ContentionResult[] = [];
    for (const runs of options.runs) {
      console.log(`many stacks, one credential (${label}): ${runs} at once…`);
      const ceiling = options.shareAsCeiling ? Math.floor(LIMIT / runs) : undefined;
      contention.push(await measureContention(program, runs, { scale: options.scale, sharedLimitDir, ceiling }));
      // The next K starts on an empty window, as the back-to-back run does.
      await new Promise((resolve) => setTimeout(resolve, 60_000 * options.scale));
    }
    console.log(`many stacks, one credential (${label}): back to back…`);
    const backToBack = await measureBackToBack(program, { scale: options.scale, sharedLimitDir });
    return { label, contention, backToBack };
  } finally {
    program.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : "—");
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const yes = (ok: boolean) => (ok ? "yes" : "**no**");

function phaseCells(result: PhaseResult): string {
  const rate = result.contendedRate === undefined ? "—" : `${(100 * result.contendedRate).toFixed(0)} %`;
  return `${result.failed} of ${result.runs} | ${result.throttled} / ${result.calls} = ${pct(result.throttled, result.calls)} | ${rate} | ${secs(result.wallMs)} / ${secs(result.floorMs)} = ${(result.wallMs / Math.max(result.floorMs, 1)).toFixed(2)}`;
}

/** The one-minute load average as the runs started → as they ended, on the machine's shared cores. */
const loadCell = (load?: [number, number]) => (load ? `${load[0].toFixed(1)} → ${load[1].toFixed(1)}` : "—");

function contentionRows(variant: VariantResult): string[] {
  return variant.contention.flatMap((result) => [
    `| ${variant.label} | ${result.runs} | up | ${phaseCells(result.up)} | — | ${loadCell(result.load)} |`,
    `| ${variant.label} | ${result.runs} | destroy | ${phaseCells(result.destroy)} | ${result.left} | |`,
  ]);
}

function backToBackRow(variant: VariantResult): string {
  const result = variant.backToBack;
  return `| ${variant.label} | ${result.failed} | ${result.throttled} / ${result.calls} = ${pct(result.throttled, result.calls)} | ${secs(result.wallMs)} / ${secs(result.floorMs)} | ${result.errors.join("; ") || "—"} | ${loadCell(result.load)} |`;
}

/** Each variant's measurements, scaled and (when measured) at the service's pace, with how each was made. */
type Measurements = Array<{ how: string; variant: VariantResult }>;

const TARGETS: Array<{ target: string; verdict(measurements: Measurements): { text: string; met: boolean } }> = [
  {
    target: "0 failed runs, 0 resources left, every K up to 8",
    verdict(measurements) {
      const all = measurements.flatMap(({ variant }) => variant.contention);
      const failed = all.reduce((sum, result) => sum + result.up.failed + result.destroy.failed, 0);
      const left = all.reduce((sum, result) => sum + result.left, 0);
      return { text: `${failed} failed, ${left} left`, met: failed === 0 && left === 0 };
    },
  },
  {
    target: "429s ≤ 10 % of the calls at K = 8 (up and destroy)",
    verdict: (measurements) =>
      each(measurements, ({ contention }) => {
        const eight = contention.find((result) => result.runs === 8);
        if (!eight) return undefined;
        const [throttled, calls] = [eight.up.throttled + eight.destroy.throttled, eight.up.calls + eight.destroy.calls];
        return { text: pct(throttled, calls), met: throttled <= 0.1 * calls };
      }),
  },
  {
    target: "429s ≤ 2 % back to back",
    verdict: (measurements) =>
      each(measurements, ({ backToBack }) => ({ text: pct(backToBack.throttled, backToBack.calls), met: backToBack.throttled <= 0.02 * backToBack.calls })),
  },
  {
    target: "aggregate rate ≥ 75 % of the limit while K ≥ 2 runs contend (lowest)",
    verdict: (measurements) =>
      each(measurements, ({ contention }) => {
        const rates = contention.flatMap((result) => [result.up.contendedRate, result.destroy.contendedRate]).filter((rate): rate is number => rate !== undefined);
        if (!rates.length) return undefined;
        const lowest = Math.min(...rates);
        return { text: `${(100 * lowest).toFixed(0)} %`, met: lowest >= 0.75 };
      }),
  },
];

/** One figure per measurement ("scaled 7.6 %, at pace 9.3 %"), met when every one is. */
function each(measurements: Measurements, figure: (variant: VariantResult) => { text: string; met: boolean } | undefined): { text: string; met: boolean } {
  const figures = measurements.flatMap(({ how, variant }) => {
    const measured = figure(variant);
    return measured ? [{ ...measured, text: `${how} ${measured.text}` }] : [];
  });
  return { text: figures.map((measured) => measured.text).join(", ") || "—", met: figures.every((measured) => measured.met) };
}

/** The targets for each way of running measured here (not the package before), over both paces. */
function targetRows(variants: readonly VariantResult[], pace?: Measured): string[] {
  const measurements = (variant: VariantResult): Measurements => {
    const paced = pace?.variants.find((other) => other.label === variant.label);
    return [{ how: "scaled", variant }, ...(paced ? [{ how: "at pace", variant: paced }] : [])];
  };
  return [
    `| target | ${variants.map((variant) => variant.label).join(" | ")} |`,
    `|---|${variants.map(() => "---|").join("")}`,
    ...TARGETS.map(({ target, verdict }) => {
      const cells = variants.map((variant) => {
        const { text, met } = verdict(measurements(variant));
        return `${text}: ${yes(met)}`;
      });
      return `| ${target} | ${cells.join(" | ")} |`;
    }),
  ];
}

const B2B_HEAD = ["| package | failed | 429s / calls | wall / floor | errors | load |", "|---|---|---|---|---|---|"];
const TABLE_HEAD = ["| package | K | phase | failed runs | 429s / calls | rate while contending | wall / floor | resources left | load |", "|---|---|---|---|---|---|---|---|---|"];

/** The same runs at the service's own pace (a minute's window, the gateway's 2 s advice as it is): where the package before this work fails. */
function paceLines(pace: { after?: Measured; before?: VariantResult }): string[] {
  const shown = [...(pace.after?.variants ?? []), ...(pace.before ? [pace.before] : [])];
  if (!shown.length) return [];
  return [
    "",
    `At the service's own pace (60 calls a minute, jobs of 1.5 s), K = ${shown[0].contention.map((result) => result.runs).join(", ")}: scaled ten times, a throttled request of the package before waited out its 2 s minimum back-off over a third of a window, six times; at the real pace the same retries last a fraction of a minute and give up. ${pace.after?.context ?? ""}`,
    "",
    ...TABLE_HEAD,
    ...shown.flatMap(contentionRows),
    "",
    "Back to back at the service's pace:",
    "",
    ...B2B_HEAD,
    ...shown.map(backToBackRow),
  ];
}

export function sharedCredentialLines(
  variants: readonly VariantResult[],
  before: VariantResult | undefined,
  context: { context: string; scale: number },
  pace: { after?: Measured; before?: VariantResult } = {},
): string[] {
  const windowS = 60 * context.scale;
  const shown = before ? [...variants, before] : variants;
  const contended = (variants[0]?.contention ?? []).map((result) => result.runs).filter((runs) => runs > 1);
  return [
    "## Many stacks, one credential",
    "",
    context.context,
    "",
    `K stacks deployed at once by the real \`pulumi\` CLI with one credential, each a plain JS program with the package installed from its tarball: ${3} \`DdmInstance\` and a \`DdmSchema\` on each (jobs of 1.5 s); K concurrent \`pulumi up\`, then K concurrent \`pulumi destroy\`. The simulator allows ${LIMIT} calls per ${windowS} s per credential on a rolling window across every connection (the service's 60 a minute, time ${1 / context.scale} times faster; 429 APIG.0308 past it), each run told the same limit and window. "Shared record": the runs' provider processes share the credential's recent calls in a directory (the default, the user's cache directory, on one machine); "alone": \`DDM_SHARED_LIMIT_DIR=off\`, so each learns only from the service's answers, as runs on separate machines do. "Alone, each at 60 ÷ K": alone, each run told its share of the limit as its \`ddm:maxRequestsPerMinute\` (${contended.map((runs) => Math.floor(LIMIT / runs)).join(", ")} for K = ${contended.join(", ")}; back to back, the whole limit), as the README advises when the number of runs is known. "Before": the package at commit b0e1cce, measured the same way. Rate: admitted calls per window, as a share of the limit, over the time when at least two runs were making calls (each run from its first to its last call naming one of its resources: not while CLIs start or engines finish with no call asked for); "—" when that time is under two windows, where a rolling window's burst is no rate (a rolling window lets a span of T admit up to the limit × (T ÷ window + 1), so a rate over a short span can pass 100 %). Wall: the phase's first call to its last; floor: its admitted calls ÷ the limit.`,
    "",
    ...TABLE_HEAD,
    ...shown.flatMap(contentionRows),
    ...paceLines(pace),
    "",
    "One stack's `up`, `preview --refresh` and `destroy`, each started as the one before ends:",
    "",
    ...B2B_HEAD,
    ...shown.map(backToBackRow),
    "",
    "The targets, for each way of running, over the measurements above (scaled ten times, and at the service's pace where measured); rates of phases shorter than two windows are not counted:",
    "",
    ...targetRows(variants, pace.after),
  ];
}

export function readResults<T>(file: string): T | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as T) : undefined;
}
