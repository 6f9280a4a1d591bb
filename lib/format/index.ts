// How Quorum writes numbers, durations and dates for people to read: one module on Intl, used by
// pages, components and the scheduler's button labels (CSV files keep plain numbers). The locale is fixed (en-GB) and dates default
// to UTC, so the server's and the browser's renderings of one value are the same text.
// docs/decisions/080-formatting.md.

export const LOCALE = "en-GB";

/** Creating Intl formatters costs far more than using them: one per set of options, kept. */
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

const numberFormat = (min: number, max: number) =>
  cached(`n${min}-${max}`, () => new Intl.NumberFormat(LOCALE, { minimumFractionDigits: min, maximumFractionDigits: max }));

/** What a missing figure reads as. */
export const NONE = "—";

/** A whole count with thousands separators: "1,234". */
export function count(n: number): string {
  return numberFormat(0, 0).format(n);
}

/** A number with at most `digits` decimals, trailing zeros dropped: "4.5", "12". */
export function decimal(x: number, digits = 1): string {
  return numberFormat(0, digits).format(x);
}

/**
 * A share (0–1) as a percentage with a no-break space before the sign, the house style in prose
 * and tables: "73 %", "7.5 %" with digits = 1; "—" when there is no figure.
 */
export function percent(share: number | null | undefined, digits = 0): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return NONE;
  const parts = cached(`p${digits}`, () => new Intl.NumberFormat(LOCALE, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits })).formatToParts(share);
  return parts.map((p) => (p.type === "percentSign" ? "\u00a0%" : p.value)).join("");
}

/** A quiz score: whole points, or one decimal where an ordering question gave partial credit. */
export function score(points: number): string {
  return Number.isInteger(points) ? count(points) : numberFormat(1, 1).format(points);
}

/** A correlation with two decimals and a real minus sign: "−0.43", "0.12"; "—" when unknown. */
export function correlation(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return NONE;
  return cached("r", () => new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "negative" }))
    .format(r)
    .replace("-", "−");
}

// ── Plurals ───────────────────────────────────────────────────────────────────────────────────────

export interface Forms {
  one: string;
  other: string;
}

/** The form of a noun for `n`, chosen by Intl.PluralRules: "learner" for 1, "learners" otherwise. */
export function pluralForm(n: number, forms: Forms | string): string {
  const { one, other } = typeof forms === "string" ? { one: forms, other: `${forms}s` } : forms;
  return cached("plural", () => new Intl.PluralRules(LOCALE)).select(n) === "one" ? one : other;
}

/** A count and its noun: "1 learner", "3 learners", "1,200 reviews"; irregular nouns take { one, other }. */
export function plural(n: number, forms: Forms | string): string {
  return `${count(n)} ${pluralForm(n, forms)}`;
}

// ── Durations ─────────────────────────────────────────────────────────────────────────────────────

/**
 * An answer time or a phase length: "4.5 s" under ten seconds, "45 s" under a minute, then
 * "2 min 5 s" ("2 min" when the seconds are zero); "—" when unknown.
 */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return NONE;
  const s = Math.max(0, ms) / 1000;
  if (s < 10 && decimal(s, 1) !== "10") return `${decimal(s, 1)}\u00a0s`;
  const whole = Math.round(s);
  if (whole < 60) return `${whole}\u00a0s`;
  const rest = whole % 60;
  const minutes = `${count(Math.floor(whole / 60))}\u00a0min`;
  return rest === 0 ? minutes : `${minutes} ${rest}\u00a0s`;
}

/**
 * A clock face, m:ss. A countdown ("remaining") rounds up, so it reads 0:00 exactly when time is
 * up; a stopwatch ("elapsed", an overrun) rounds down, so it reads 0:01 only once a second has
 * passed. Negative values are read as their size (the caller says which side of zero).
 */
export function clock(ms: number, kind: "remaining" | "elapsed"): string {
  const size = Math.abs(ms) / 1000;
  const total = kind === "remaining" ? Math.ceil(size) : Math.floor(size);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** Time until a card is due, for the rating buttons: "now", "10 min", "5 h", "3 d", "2.5 mo", "1.2 y". */
export function interval(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return "now";
  if (minutes < 60) return `${Math.round(minutes)}\u00a0min`;
  const hours = minutes / 60;
  if (hours < 24) return `${Math.round(hours)}\u00a0h`;
  const days = hours / 24;
  if (days < 30) return `${Math.round(days)}\u00a0d`;
  if (days < 365) return `${decimal(days / 30, 1)}\u00a0mo`;
  return `${decimal(days / 365, 1)}\u00a0y`;
}

// ── Relative time ─────────────────────────────────────────────────────────────────────────────────

const DAY_MS = 86_400_000;

/**
 * How long ago, in whole days and coarser: "today", "yesterday", "5 days ago", "3 weeks ago",
 * "4 months ago"; "never" without a date.
 */
export function ago(d: Date | string | null | undefined, now: Date): string {
  if (!d) return "never";
  const days = Math.floor((now.getTime() - new Date(d).getTime()) / DAY_MS);
  const rtf = cached("rt", () => new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto" }));
  if (days <= 0) return rtf.format(0, "day");
  if (days < 14) return rtf.format(-days, "day");
  if (days < 60) return rtf.format(-Math.floor(days / 7), "week");
  return rtf.format(-Math.floor(days / 30), "month");
}

/** When something falls due, relative to now: "in 5 minutes", "in 3 hours", "tomorrow", "in 4 days", "2 days ago". */
export function relative(d: Date, now: Date): string {
  const ms = d.getTime() - now.getTime();
  const rtf = cached("rt", () => new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto" }));
  const size = Math.abs(ms);
  if (size < 60_000) return "now";
  if (size < 3_600_000) return rtf.format(Math.round(ms / 60_000), "minute");
  if (size < DAY_MS) return rtf.format(Math.round(ms / 3_600_000), "hour");
  if (size < 60 * DAY_MS) return rtf.format(Math.round(ms / DAY_MS), "day");
  if (size < 730 * DAY_MS) return rtf.format(Math.round(ms / (30 * DAY_MS)), "month");
  return rtf.format(Math.round(ms / (365 * DAY_MS)), "year");
}

// ── Dates ─────────────────────────────────────────────────────────────────────────────────────────

const dateTimeFormat = (options: Intl.DateTimeFormatOptions, timeZone: string) =>
  cached(`d${timeZone}${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(LOCALE, { ...options, timeZone }));

/** A day: "3 Mar 2026" (UTC unless a zone is given); "—" without a date. */
export function date(d: Date | string | null | undefined, timeZone = "UTC"): string {
  return d ? dateTimeFormat({ day: "numeric", month: "short", year: "numeric" }, timeZone).format(new Date(d)) : NONE;
}

/** A moment with its zone: "3 Mar 2026, 14:05 UTC"; "—" without a date. */
export function dateTime(d: Date | string | null | undefined, timeZone = "UTC"): string {
  return d
    ? dateTimeFormat({ day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" }, timeZone).format(new Date(d))
    : NONE;
}

/** A time of day: "14:05". */
export function time(d: Date, timeZone = "UTC"): string {
  return dateTimeFormat({ hour: "2-digit", minute: "2-digit" }, timeZone).format(d);
}

/** A calendar date key (YYYY-MM-DD), which names a day and no instant, in words. */
export function calendarDay(key: string, style: "long" | "short" | "weekday" | "dayMonth" = "long"): string {
  const [y, m, d] = key.split("-").map(Number);
  const options: Record<typeof style, Intl.DateTimeFormatOptions> = {
    long: { weekday: "long", day: "numeric", month: "long", year: "numeric" }, // Monday, 23 November 2026
    short: { weekday: "short", day: "numeric" }, // Mon 23
    weekday: { weekday: "short", day: "numeric", month: "short" }, // Mon 23 Nov
    dayMonth: { day: "numeric", month: "short" }, // 23 Nov
  };
  return dateTimeFormat(options[style], "UTC").format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** A date in a given form and zone, for the few places that need one of their own (a week label, a due day). */
export function formatDate(d: Date, options: Intl.DateTimeFormatOptions, timeZone = "UTC"): string {
  return dateTimeFormat(options, timeZone).format(d);
}
