/**
 * Starting a check in a Web Worker. `checkSimulationRunInWorker` is what a simulation player calls
 * with its run's `history`: every id in the answer is a `ClientOperation` id.
 */
import { DEFAULT_TIME_LIMIT_MS } from "@/lib/lincheck/checker";
import type { ClientOperation } from "@/lib/lincheck/from-simulation";
import type { CheckRequest, CheckResponse, CheckSource } from "./protocol";

export interface RunningCheck {
  result: Promise<CheckResponse>;
  /** Stops the worker; the promise then rejects with an AbortError. */
  cancel(): void;
}

export function startCheck(source: CheckSource, timeLimitMs = DEFAULT_TIME_LIMIT_MS): RunningCheck {
  const worker = new Worker(new URL("./lincheck.worker.ts", import.meta.url), { type: "module" });
  let settle: { resolve: (r: CheckResponse) => void; reject: (e: unknown) => void } | null = null;
  const result = new Promise<CheckResponse>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = () => {
    worker.terminate();
    settle = null;
  };
  worker.onmessage = (e: MessageEvent<CheckResponse>) => {
    settle?.resolve(e.data);
    finish();
  };
  worker.onerror = (e) => {
    settle?.reject(new Error(e.message || "the checker stopped unexpectedly"));
    finish();
  };
  const request: CheckRequest = { source, timeLimitMs };
  worker.postMessage(request);
  return {
    result,
    cancel() {
      settle?.reject(new DOMException("The check was cancelled", "AbortError"));
      finish();
    },
  };
}

/** Checks a simulation run off the main thread. */
export function checkSimulationRunInWorker(history: readonly ClientOperation[], timeLimitMs?: number): RunningCheck {
  return startCheck({ kind: "simulation", history: [...history] }, timeLimitMs);
}
