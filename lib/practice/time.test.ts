// Local days across daylight-saving changes, in every IANA time zone: the start of a day is the
// first instant of that calendar date there (where midnight does not exist, the first instant
// after the jump), and the forecast's days follow the calendar, 23 or 25 hours long when they must.
import { dayKey, startOfDay, startOfDayAfter } from "./time";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The zone's UTC offset at `at`, in minutes. */
function offsetMinutes(format: Intl.DateTimeFormat, at: number): number {
  const parts = format.formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second"));
  return Math.round((local - Math.floor(at / 1000) * 1000) / 60_000);
}

/** Instants in 2025–2026 at which the zone's offset changes, to the second. */
function transitions(zone: string): number[] {
  const format = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const out: number[] = [];
  const end = Date.UTC(2027, 0, 1);
  let t = Date.UTC(2025, 0, 1);
  let before = offsetMinutes(format, t);
  while (t < end) {
    const next = t + DAY;
    const after = offsetMinutes(format, next);
    if (after !== before) {
      let lo = t;
      let hi = next;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (offsetMinutes(format, mid) === before) lo = mid;
        else hi = mid;
      }
      out.push(hi);
    }
    t = next;
    before = after;
  }
  return out;
}

/** True when `start` is the first instant of the calendar date of `within` in the zone. */
function isFirstInstantOfDay(start: Date, within: number, zone: string): boolean {
  return dayKey(start, zone) === dayKey(new Date(within), zone) && dayKey(new Date(start.getTime() - 1), zone) < dayKey(start, zone);
}

describe("local days", () => {
  test("Beirut, 30 March 2025: midnight does not exist, so the day starts at 01:00 local (22:00 UTC the day before)", () => {
    const noon = new Date("2025-03-30T09:00:00Z");
    expect(startOfDay(noon, "Asia/Beirut").toISOString()).toBe("2025-03-29T22:00:00.000Z");
    expect(dayKey(new Date("2025-03-29T21:59:59.999Z"), "Asia/Beirut")).toBe("2025-03-29");
  });

  test("on every DST transition day of every IANA zone, a day starts at its date's first instant", () => {
    const zones = Intl.supportedValuesOf("timeZone");
    expect(zones.length).toBeGreaterThan(300);
    let checked = 0;
    let zonesWithChanges = 0;
    for (const zone of zones) {
      const changes = transitions(zone);
      if (changes.length > 0) zonesWithChanges++;
      for (const t of changes) {
        // Instants on the day of the change, before and after it, and on the days around it.
        for (const at of [t - 1, t, t + HOUR, t - 3 * HOUR, t + 3 * HOUR, t - DAY, t + DAY]) {
          const start = startOfDay(new Date(at), zone);
          if (!isFirstInstantOfDay(start, at, zone)) throw new Error(`${zone}: startOfDay(${new Date(at).toISOString()}) = ${start.toISOString()}`);
          // The next day starts where this calendar day ends, however long it was.
          const next = startOfDayAfter(new Date(at), 1, zone);
          if (!isFirstInstantOfDay(next, next.getTime(), zone) || dayKey(new Date(next.getTime() - 1), zone) !== dayKey(new Date(at), zone)) {
            throw new Error(`${zone}: startOfDayAfter(${new Date(at).toISOString()}, 1) = ${next.toISOString()}`);
          }
          checked++;
        }
      }
    }
    // Dozens of zones still change their clocks; each change was checked from seven instants.
    expect(zonesWithChanges).toBeGreaterThan(50);
    expect(checked).toBeGreaterThan(zonesWithChanges * 7);
  });

  test("a day with a DST change lasts 23 or 25 hours", () => {
    const springForward = startOfDay(new Date("2026-03-08T12:00:00Z"), "America/New_York");
    expect(startOfDayAfter(springForward, 1, "America/New_York").getTime() - springForward.getTime()).toBe(23 * HOUR);
    const fallBack = startOfDay(new Date("2026-11-01T12:00:00Z"), "America/New_York");
    expect(startOfDayAfter(fallBack, 1, "America/New_York").getTime() - fallBack.getTime()).toBe(25 * HOUR);
  });

  test("an unknown zone falls back to UTC rather than failing", () => {
    expect(startOfDay(new Date("2026-03-02T15:00:00Z"), "Mars/Olympus_Mons").toISOString()).toBe("2026-03-02T00:00:00.000Z");
  });
});
