/**
 * What an operation reports: its steps, log messages, and the plan text the CLI would print
 * (`+ create`, `~ update`, `- delete`, `+- replace`, then `Resources: + 2 to create, ...`).
 * Everything is also streamed through `onEvent` as it happens, so a demo can print progress.
 */
import type { PropertyMap } from "./secrets";
import { outputsBlock } from "./stack-outputs";

export type OperationKind = "update" | "preview" | "refresh" | "destroy";

export type StepOp = "create" | "update" | "delete" | "replace" | "same" | "read" | "refresh";

export interface Step {
  op: StepOp;
  urn: string;
  type: string;
  name: string;
  /**
   * Changed keys: the provider's own list when it gives one (a dynamic provider never does), else
   * the engine's comparison of old and new inputs, which is also what the CLI displays.
   */
  detailedDiff?: string[];
  /** Keys that forced a replacement (`op: "replace"`). */
  replaceKeys?: string[];
  /** For `op: "refresh"`: what the refresh found. */
  drift?: "same" | "update" | "delete";
  /** Set when the step failed; failed steps are not counted in the summary. */
  error?: string;
}

export interface LogEntry {
  severity: "debug" | "info" | "warning" | "error";
  message: string;
  urn?: string;
  /** The program (Engine.Log and what it prints), a provider plugin (what it prints), or the engine (failed steps). */
  source: "program" | "provider" | "engine";
}

export type EngineEvent = { type: "step"; step: Step } | { type: "log"; entry: LogEntry } | { type: "summary"; text: string };

export interface Summary {
  create: number;
  update: number;
  delete: number;
  replace: number;
  same: number;
}

const SYMBOLS: Record<StepOp, string> = {
  create: "+ ",
  update: "~ ",
  delete: "- ",
  replace: "+-",
  same: "  ",
  read: "> ",
  refresh: "~ ",
};

export class Reporter {
  readonly steps: Step[] = [];
  readonly log: LogEntry[] = [];
  private readonly lines: string[];

  constructor(
    private readonly kind: OperationKind,
    stack: string,
    private readonly onEvent?: (event: EngineEvent) => void,
  ) {
    const title = { update: "Updating", preview: "Previewing update", refresh: "Refreshing", destroy: "Destroying" }[kind];
    this.lines = [`${title} (${stack}):`];
  }

  step(step: Step): void {
    this.steps.push(step);
    if (step.op !== "same" && !(step.op === "refresh" && step.drift === "same")) {
      const symbol = step.op === "refresh" && step.drift === "delete" ? "- " : SYMBOLS[step.op];
      const diff = step.detailedDiff?.length ? ` [diff: ${step.detailedDiff.map((k) => `~${k}`).join(", ")}]` : "";
      const status = step.error ? ` **failed**: ${step.error}` : "";
      this.lines.push(`    ${symbol} ${step.type} ${step.name} ${step.drift ? `${step.op} (${step.drift})` : step.op}${diff}${status}`);
    }
    this.onEvent?.({ type: "step", step });
  }

  message(entry: LogEntry): void {
    this.log.push(entry);
    this.onEvent?.({ type: "log", entry });
  }

  summary(): Summary {
    const counts: Summary = { create: 0, update: 0, delete: 0, replace: 0, same: 0 };
    for (const step of this.steps) {
      // Refresh steps of `up --refresh` / `preview --refresh` are reported but not counted: the
      // changes they lead to are counted as the update steps that follow.
      if (step.error || (step.op === "refresh" && this.kind !== "refresh")) continue;
      const op = step.op === "refresh" ? step.drift : step.op;
      if (op && op !== "read" && op in counts) counts[op as keyof Summary]++;
    }
    return counts;
  }

  /**
   * Ends the plan text with the stack outputs, as the CLI shows them against the outputs the stack
   * had before (undefined for a new stack), and the resource counts; returns the whole text.
   */
  finish(outputs: PropertyMap, previous: PropertyMap | undefined, error?: string): string {
    const block = outputsBlock(this.kind, outputs, previous);
    if (block.length > 0) this.lines.push("", ...block);
    const s = this.summary();
    const planned = this.kind === "preview";
    const parts = [
      s.create && `+ ${s.create} ${planned ? "to create" : "created"}`,
      s.update && `~ ${s.update} ${planned ? "to update" : "updated"}`,
      s.delete && `- ${s.delete} ${planned ? "to delete" : "deleted"}`,
      s.replace && `+-${s.replace} ${planned ? "to replace" : "replaced"}`,
      `${s.same} unchanged`,
    ].filter(Boolean);
    this.lines.push("", `Resources: ${parts.join(", ")}`);
    if (error) this.lines.push("", `error: ${error}`);
    const text = this.lines.join("\n");
    this.onEvent?.({ type: "summary", text });
    return text;
  }
}
