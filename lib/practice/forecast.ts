// How many cards fall due on each of the next days (overdue cards count on day 0). Cards whose
// question was retired are left out, as the review queue never shows them.
import type { Db } from "@/lib/db/database";
import { dayKey, startOfDayAfter } from "./time";

export interface ForecastDay {
  /** YYYY-MM-DD in the learner's time zone. */
  date: string;
  due: number;
}

/**
 * Cards due per local calendar day, counted in SQL from the learner's own time zone (read from
 * their row, so the count needs no earlier round trip): day 0 is today and everything overdue.
 * PostgreSQL's time zone rules make a DST day 23 or 25 hours long, as it is.
 */
export async function dueCounts(db: Db, userId: string, now: Date, days: number): Promise<Map<number, number>> {
  const rows = await db.$queryRaw<Array<{ day: number; due: number }>>`
    WITH u AS (SELECT "timezone" AS tz FROM "User" WHERE "id" = ${userId}),
    t AS (SELECT ((${now}::timestamp AT TIME ZONE 'UTC') AT TIME ZONE u.tz)::date AS today, u.tz FROM u)
    SELECT GREATEST(0, (((c."due" AT TIME ZONE 'UTC') AT TIME ZONE t.tz)::date - t.today))::int AS day, COUNT(*)::int AS due
    FROM "Card" c JOIN "Question" q ON q."id" = c."questionId" CROSS JOIN t
    WHERE c."userId" = ${userId} AND c."suspended" = false AND c."state" <> 'NEW' AND q."retiredAt" IS NULL
      AND ((c."due" AT TIME ZONE 'UTC') AT TIME ZONE t.tz)::date < t.today + ${days}::int
    GROUP BY 1`;
  return new Map(rows.map((r) => [Number(r.day), Number(r.due)]));
}

/** The counts as days with their dates (YYYY-MM-DD in the learner's zone), empty days included. */
export function forecastDays(counts: ReadonlyMap<number, number>, now: Date, days: number, timezone: string): ForecastDay[] {
  return Array.from({ length: days }, (_, i) => ({ date: dayKey(startOfDayAfter(now, i, timezone), timezone), due: counts.get(i) ?? 0 }));
}

export async function dueForecast(db: Db, userId: string, now = new Date(), days = 14, timezone = "UTC"): Promise<ForecastDay[]> {
  return forecastDays(await dueCounts(db, userId, now, days), now, days, timezone);
}
