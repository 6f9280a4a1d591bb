// Calendar days in a learner's time zone (streaks, daily limits, the daily challenge's date).

// Creating an Intl.DateTimeFormat costs far more than using one, and the review screen asks for
// the learner's day several times per card: one formatter per kind and time zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: "en-CA" | "en-US", timezone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timezone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: timezone }); // throws on an unknown zone: not kept
    formatters.set(key, format);
  }
  return format;
}

/** YYYY-MM-DD of `now` in the time zone. */
export function dayKey(now: Date, timezone = "UTC"): string {
  try {
    return formatter("en-CA", timezone, { year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** Offset of the time zone from UTC at `at`, in ms (positive east of Greenwich). */
function offsetMs(at: Date, timezone: string): number {
  try {
    const parts = formatter("en-US", timezone, {
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
