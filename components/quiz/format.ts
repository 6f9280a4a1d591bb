// Small formatting shared by the quiz pages.

/** Scores are whole numbers except for partial credit on ordering questions: one decimal then. */
export function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

/** "45 s", "2 min", "2 min 5 s". */
export function formatSeconds(ms: number): string {
  const total = Math.round(ms / 1000);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** The countdown's face: "1:05", "0:09". */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

export const QUIZ_KIND_LABELS: Record<string, string> = {
  PRACTICE: "Practice quiz",
  ADAPTIVE: "Adaptive quiz",
  DAILY: "Daily challenge",
};

/** A UTC date key (YYYY-MM-DD) in words: "Monday, 23 November 2026". */
export function formatDayKey(day: string): string {
  return new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}

export function formatDateTimeUtc(date: Date): string {
  return `${new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }).format(date)} UTC`;
}
