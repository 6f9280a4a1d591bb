/** Messages between the page (or a simulation player) and the checker's Web Worker. */
import type { Violation } from "@/lib/lincheck/explain";
import type { ClientOperation } from "@/lib/lincheck/from-simulation";
import type { HistoryFormat } from "@/lib/lincheck/parse";
import type { CheckResult, History } from "@/lib/lincheck/types";

export type CheckSource = { kind: "text"; text: string } | { kind: "simulation"; history: ClientOperation[] };

export interface CheckRequest {
  source: CheckSource;
  timeLimitMs: number;
}

export type CheckResponse =
  | {
      ok: true;
      /** The text's format, or "simulation" for a run passed in directly. */
      format: HistoryFormat | "simulation";
      history: History;
      result: CheckResult;
      /** The first failing key's explanation, in the history's own operation ids. */
      violation: Violation | null;
      /** Time spent reading the text and checking, inside the worker. */
      parseMs: number;
      checkMs: number;
    }
  | { ok: false; error: { line: number; message: string } };
