"use client";
/**
 * For a simulation player: the run's client history, checked for linearizability in a Web Worker,
 * shown as a timeline with the verdict. `onEvidence` receives the ClientOperation ids to highlight
 * in the player (the read that could not have happened, the write it missed, the write it read).
 */
import { useEffect } from "react";
import type { ClientOperation } from "@/lib/lincheck/from-simulation";
import { CheckReport } from "./check-report";
import { Elapsed } from "./elapsed";
import { useCheck } from "./use-check";
import styles from "./lincheck.module.css";

export interface SimulationEvidence {
  verdict: "linearizable" | "not-linearizable" | "unknown";
  operationId: number | null;
  missedWriteId: number | null;
  sourceWriteId: number | null;
  newerReadId: number | null;
}

export function SimulationHistoryCheck({ history, onEvidence }: { history: readonly ClientOperation[]; onEvidence?: (evidence: SimulationEvidence) => void }) {
  const { state, run, cancel } = useCheck();
  const response = state.status === "done" ? state.response : null;

  useEffect(() => {
    if (!response?.ok || !onEvidence) return;
    const v = response.violation;
    onEvidence({ verdict: response.result.verdict, operationId: v?.operationId ?? null, missedWriteId: v?.missedWriteId ?? null, sourceWriteId: v?.sourceWriteId ?? null, newerReadId: v?.newerReadId ?? null });
  }, [response, onEvidence]);

  return (
    <section className={styles.simCheck} aria-label="Linearizability check">
      <div className={styles.actions}>
        <button type="button" className="button" onClick={() => run({ kind: "simulation", history: [...history] })} disabled={state.status === "running" || history.length === 0}>
          Check linearizability
        </button>
        {state.status === "running" ? (
          <>
            <span className="muted" role="status">
              Checking {history.length} operations… <Elapsed since={state.startedAt} />
            </span>
            <button type="button" className="button secondary" onClick={cancel}>
              Cancel
            </button>
          </>
        ) : (
          <span className="muted">{history.length} client operations recorded</span>
        )}
      </div>
      {state.status === "failed" ? <p className="form-error">{state.message}</p> : null}
      {response && !response.ok ? <p className="form-error">{response.error.message}</p> : null}
      {response?.ok ? <CheckReport key={state.status === "done" ? state.run : 0} checked={response} /> : null}
    </section>
  );
}
