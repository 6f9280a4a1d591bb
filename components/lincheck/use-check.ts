"use client";
/** Runs checks in a worker for a component: one at a time, cancellable, cleaned up on unmount. */
import { useCallback, useEffect, useRef, useState } from "react";
import { startCheck, type RunningCheck } from "./check-in-worker";
import type { CheckResponse, CheckSource } from "./protocol";

export type CheckState =
  | { status: "idle" }
  | { status: "running"; startedAt: number }
  | { status: "done"; response: CheckResponse; run: number }
  | { status: "failed"; message: string };

export function useCheck() {
  const [state, setState] = useState<CheckState>({ status: "idle" });
  const running = useRef<RunningCheck | null>(null);
  const runs = useRef(0);

  const cancel = useCallback(() => {
    running.current?.cancel();
    running.current = null;
  }, []);

  const run = useCallback(
    (source: CheckSource, timeLimitMs?: number) => {
      cancel();
      const check = startCheck(source, timeLimitMs);
      running.current = check;
      const run = ++runs.current;
      setState({ status: "running", startedAt: performance.now() });
      check.result.then(
        (response) => {
          if (running.current === check) setState({ status: "done", response, run });
        },
        (error: unknown) => {
          if (error instanceof DOMException && error.name === "AbortError") setState({ status: "idle" });
          else setState({ status: "failed", message: error instanceof Error ? error.message : String(error) });
        },
      );
    },
    [cancel],
  );

  useEffect(() => cancel, [cancel]);
  return { state, run, cancel };
}
