/**
 * The checker's Web Worker: reads the history, checks it and explains a violation, off the page's
 * main thread so the page stays responsive. One request per worker; cancelling terminates it.
 */
import { checkHistory } from "@/lib/lincheck/checker";
import { explainViolation } from "@/lib/lincheck/explain";
import { historyFromSimulation } from "@/lib/lincheck/from-simulation";
import { HistoryParseError, parseHistory } from "@/lib/lincheck/parse";
import type { CheckRequest, CheckResponse } from "./protocol";


function handle({ source, timeLimitMs }: CheckRequest): CheckResponse {
  const t0 = performance.now();
  let parsed: Pick<Extract<CheckResponse, { ok: true }>, "format" | "history">;
  try {
    parsed = source.kind === "text" ? parseHistory(source.text) : { format: "simulation", history: historyFromSimulation(source.history) };
  } catch (e) {
    return { ok: false, error: { line: e instanceof HistoryParseError ? e.line : 1, message: e instanceof Error ? e.message : String(e) } };
  }
  const t1 = performance.now();
  const result = checkHistory(parsed.history, { timeLimitMs });
  const violation = explainViolation(parsed.history, result);
  return { ok: true, ...parsed, result, violation, parseMs: t1 - t0, checkMs: performance.now() - t1 };
}

// In a dedicated worker `self` is the worker's scope; the DOM types call it a Window, whose
// one-argument postMessage and onmessage have the worker's shape.
self.onmessage = (e: MessageEvent<CheckRequest>) => self.postMessage(handle(e.data));
