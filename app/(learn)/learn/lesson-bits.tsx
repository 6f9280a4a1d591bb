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
