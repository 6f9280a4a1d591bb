// Small pieces shared by the lesson list and the lesson page.
export function DifficultyBadge({ difficulty }: { difficulty: string }) {
  return <span className={`difficulty difficulty-${difficulty}`}>{difficulty[0].toUpperCase() + difficulty.slice(1)}</span>;
}

export function ReadMarker({ read }: { read: boolean }) {
  return read ? (
    <span className="read-marker is-read">
      <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="3" aria-hidden="true">
        <path d="M5 12l5 5L20 7" />
      </svg>
      Read
    </span>
  ) : (
    <span className="read-marker">
      <span className="visually-hidden">Not read yet</span>
    </span>
  );
}

/** Guided simulation tasks done in a lesson that has some: "Tasks 1/2". */
export function TaskMarker({ done, total }: { done: number; total: number }) {
  if (total === 0) return null;
  return (
    <span className={`task-marker${done >= total ? " is-done" : ""}`} data-testid="task-marker">
      <span className="visually-hidden">Simulation tasks done: </span>
      <span aria-hidden="true">Tasks </span>
      {done}/{total}
    </span>
  );
}
