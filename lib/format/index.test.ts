import { ago, calendarDay, clock, correlation, count, date, dateTime, duration, interval, percent, plural, pluralForm, relative, score, time } from "./index";

const NBSP = "\u00a0";
const now = new Date("2026-03-04T12:00:00Z");
const DAY = 86_400_000;

describe("numbers", () => {
  it("writes shares as percentages with a no-break space before the sign, and a dash when there is no figure", () => {
    expect(percent(0.734)).toBe(`73${NBSP}%`);
    expect(percent(0.075, 1)).toBe(`7.5${NBSP}%`);
    expect(percent(1)).toBe(`100${NBSP}%`);
    expect(percent(null)).toBe("—");
    expect(percent(undefined)).toBe("—");
    expect(percent(Number.NaN)).toBe("—");
  });

  it("writes counts with thousands separators and scores with one decimal only for partial credit", () => {
    expect(count(1234567)).toBe("1,234,567");
    expect(score(3)).toBe("3");
    expect(score(2.5)).toBe("2.5");
    expect(score(2.333)).toBe("2.3");
  });

  it("writes correlations with two decimals and a real minus sign, never a negative zero", () => {
    expect(correlation(-0.432)).toBe("−0.43");
    expect(correlation(0.731)).toBe("0.73");
    expect(correlation(-0.001)).toBe("0.00");
    expect(correlation(null)).toBe("—");
  });
});

describe("plurals", () => {
  it("chooses the noun's form by the count", () => {
    expect(plural(1, "learner")).toBe("1 learner");
    expect(plural(0, "learner")).toBe("0 learners");
    expect(plural(2, "drill")).toBe("2 drills");
    expect(plural(1200, "review")).toBe("1,200 reviews");
    expect(plural(1, { one: "quiz answer", other: "quiz answers" })).toBe("1 quiz answer");
    expect(pluralForm(3, { one: "person", other: "people" })).toBe("people");
  });
});

describe("durations", () => {
  it("uses tenths of a second below ten seconds, whole seconds below a minute, then minutes and seconds", () => {
    expect(duration(4_500)).toBe(`4.5${NBSP}s`);
    expect(duration(4_000)).toBe(`4${NBSP}s`);
    expect(duration(9_960)).toBe(`10${NBSP}s`);
    expect(duration(45_000)).toBe(`45${NBSP}s`);
    expect(duration(59_600)).toBe(`1${NBSP}min`);
    expect(duration(125_000)).toBe(`2${NBSP}min 5${NBSP}s`);
    expect(duration(null)).toBe("—");
  });

  it("rounds a countdown up, so it reads 0:00 only when time is up, and a stopwatch down", () => {
    expect(clock(64_100, "remaining")).toBe("1:05");
    expect(clock(100, "remaining")).toBe("0:01");
    expect(clock(0, "remaining")).toBe("0:00");
    expect(clock(64_900, "elapsed")).toBe("1:04");
    expect(clock(-5_500, "elapsed")).toBe("0:05");
  });

  it("writes the time until a card is due in the largest unit that fits", () => {
    expect(interval(30_000)).toBe("now");
    expect(interval(10 * 60_000)).toBe(`10${NBSP}min`);
    expect(interval(5 * 3_600_000)).toBe(`5${NBSP}h`);
    expect(interval(3 * DAY)).toBe(`3${NBSP}d`);
    expect(interval(75 * DAY)).toBe(`2.5${NBSP}mo`);
    expect(interval(60 * DAY)).toBe(`2${NBSP}mo`);
    expect(interval(400 * DAY)).toBe(`1.1${NBSP}y`);
  });
});

describe("relative time", () => {
  it("says how long ago in days, then weeks, then months", () => {
    expect(ago(now, now)).toBe("today");
    expect(ago(new Date(now.getTime() - DAY), now)).toBe("yesterday");
    expect(ago(new Date(now.getTime() - 5 * DAY), now)).toBe("5 days ago");
    expect(ago(new Date(now.getTime() - 21 * DAY), now)).toBe("3 weeks ago");
    expect(ago(new Date(now.getTime() - 90 * DAY), now)).toBe("3 months ago");
    expect(ago(null, now)).toBe("never");
  });

  it("says when something falls due, in either direction", () => {
    expect(relative(new Date(now.getTime() + 5 * 60_000), now)).toBe("in 5 minutes");
    expect(relative(new Date(now.getTime() + 3 * 3_600_000), now)).toBe("in 3 hours");
    expect(relative(new Date(now.getTime() + DAY), now)).toBe("tomorrow");
    expect(relative(new Date(now.getTime() - 2 * DAY), now)).toBe("2 days ago");
    expect(relative(new Date(now.getTime() + 10_000), now)).toBe("now");
  });
});

describe("dates", () => {
  it("writes days and moments in UTC unless given a zone, with the zone named", () => {
    expect(date(now)).toBe("4 Mar 2026");
    expect(date("2026-03-04T23:30:00Z", "Asia/Tokyo")).toBe("5 Mar 2026");
    expect(dateTime(now)).toBe("4 Mar 2026, 12:00 UTC");
    expect(dateTime(now, "Europe/Paris")).toBe("4 Mar 2026, 13:00 CET");
    expect(time(now, "America/New_York")).toBe("07:00");
    expect(date(null)).toBe("—");
  });

  it("writes a calendar date as that day wherever the reader is", () => {
    expect(calendarDay("2026-11-23")).toBe("Monday, 23 November 2026");
    expect(calendarDay("2026-11-23", "short")).toBe("Mon 23");
    expect(calendarDay("2026-11-23", "weekday")).toBe("Mon 23 Nov");
    expect(calendarDay("2026-03-29", "dayMonth")).toBe("29 Mar");
  });
});
