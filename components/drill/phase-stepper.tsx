// The six phases as a stepper: what is done (time used against time allotted), what runs now,
// and what is still to come. Server- and client-rendered alike: it reads only the drill view.
import type { DrillPhaseView, DrillStage } from "@/lib/practice/drill";
import { clock } from "@/lib/format";

export function PhaseStepper({ phases, current, stage }: { phases: readonly DrillPhaseView[]; current: string | null; stage: DrillStage }) {
  const assessment = stage === "finished" ? "done" : stage === "assessment" ? "current" : "upcoming";
  return (
    <nav aria-label="Drill phases">
      <ol className="drill-stepper">
        {phases.map((p) => {
          const state = p.endedAt ? "done" : p.key === current ? "current" : "upcoming";
          const over = p.endedAt !== null && p.usedMs !== null && p.usedMs > p.allottedMs;
          return (
            <li key={p.key} className="drill-step" data-state={state} aria-current={state === "current" ? "step" : undefined}>
              <span className="drill-step-marker" aria-hidden="true">
                {state === "done" ? (
                  <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="3">
                    <path d="M5 12.5l4.5 4.5L19 7.5" />
                  </svg>
                ) : (
                  p.number
                )}
              </span>
              <span className="drill-step-text">
                <span className="drill-step-title">
                  <span className="visually-hidden">Phase {p.number}: </span>
                  {p.title}
                </span>
                <span className="drill-step-meta" data-over={over || undefined}>
                  {state === "done" && p.usedMs !== null ? (
                    <>
                      <span className="visually-hidden">done, took </span>
                      {clock(p.usedMs, "elapsed")}
                      <span className="muted"> / {clock(p.allottedMs, "elapsed")}</span>
                    </>
                  ) : state === "current" ? (
                    "Now"
                  ) : (
                    <>
                      {p.allottedMs / 60_000} min<span className="visually-hidden">, not started</span>
                    </>
                  )}
                </span>
              </span>
            </li>
          );
        })}
        <li className="drill-step" data-state={assessment} aria-current={assessment === "current" ? "step" : undefined}>
          <span className="drill-step-marker" aria-hidden="true">
            <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.4">
              <path d="M9 11l3 3 8-8M20 12v6a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h9" />
            </svg>
          </span>
          <span className="drill-step-text">
            <span className="drill-step-title">Self-assessment</span>
            <span className="drill-step-meta">{assessment === "done" ? "Done" : assessment === "current" ? "Now" : "Untimed"}</span>
          </span>
        </li>
      </ol>
    </nav>
  );
}
