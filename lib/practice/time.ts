// Calendar days in a learner's time zone (streaks, daily limits, the daily challenge's date).

/** YYYY-MM-DD of `now` in the time zone. */
export function dayKey(now: Date, timezone = "UTC"): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** Offset of the time zone from UTC at `at`, in ms (positive east of Greenwich). */
function offsetMs(at: Date, timezone: string): number {
  try {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(at);
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
    return asUtc - Math.floor(at.getTime() / 1000) * 1000;
  } catch {
    return 0;
  }
}

/** The instant the learner's current day began. */
export function startOfDay(now: Date, timezone = "UTC"): Date {
  const [y, m, d] = dayKey(now, timezone).split("-").map(Number);
  const midnightUtc = Date.UTC(y, m - 1, d);
  return new Date(midnightUtc - offsetMs(new Date(midnightUtc), timezone));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}
