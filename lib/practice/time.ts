// Calendar days in a learner's time zone (streaks, daily limits, the daily challenge's date, the
// forecast). Day boundaries come from @date-fns/tz, which follows the IANA rules through DST:
// where midnight does not exist (Asia/Beirut, America/Havana and others jump from 00:00 to 01:00)
// a day begins at the first instant after the jump, and a day can last 23 or 25 hours.
import { tz } from "@date-fns/tz";
import { addDays as addCalendarDays, startOfDay as startOfCalendarDay } from "date-fns";

// Creating an Intl.DateTimeFormat costs far more than using one, and the review screen asks for
// the learner's day several times per card: one formatter per time zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormatter(timezone: string): Intl.DateTimeFormat {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: timezone }); // throws on an unknown zone: not kept
    formatters.set(timezone, format);
  }
  return format;
}

/** A zone Intl knows, or UTC: settings are validated, but old rows and tests may hold anything. */
export function knownZone(timezone: string): string {
  try {
    dateFormatter(timezone);
    return timezone;
  } catch {
    return "UTC";
  }
}

/** YYYY-MM-DD of `now` in the time zone. */
export function dayKey(now: Date, timezone = "UTC"): string {
  return dateFormatter(knownZone(timezone)).format(now);
}

/** The first instant of the learner's calendar day that contains `now`. */
export function startOfDay(now: Date, timezone = "UTC"): Date {
  return new Date(startOfCalendarDay(now, { in: tz(knownZone(timezone)) }).getTime());
}

/** The first instant of the calendar day `days` after the one containing `now` (calendar days, not 24-hour steps). */
export function startOfDayAfter(now: Date, days: number, timezone = "UTC"): Date {
  const zone = tz(knownZone(timezone));
  return new Date(startOfCalendarDay(addCalendarDays(startOfCalendarDay(now, { in: zone }), days, { in: zone }), { in: zone }).getTime());
}

/** `days` × 24 hours later: for durations, not calendar days (see startOfDayAfter). */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}
