// Times and dates on the drill pages.

/** A countdown or a duration as m:ss ("4:05", "12:00"); negative values count the overrun. */
export function formatClock(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** "5 min", "7 min 30 s", "45 s". */
export function formatMinutes(ms: number): string {
  const total = Math.round(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  if (minutes === 0) return `${seconds} s`;
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** The same text on the server and in the browser, whatever their time zones. */
export function formatDateUtc(iso: string | Date): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return `${new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }).format(date)} UTC`;
}

export function wordCount(text: string): number {
  const words = text.trim().match(/\S+/g);
  return words ? words.length : 0;
}
