// How many cards fall due on each of the next days (overdue cards count on day 0). Cards whose
// question was retired are left out, as the review queue never shows them.
import type { Db } from "@/lib/db/database";
import { addDays, dayKey, startOfDay } from "./time";

export interface ForecastDay {
  /** YYYY-MM-DD in the learner's time zone. */
  date: string;
  due: number;
}

export async function dueForecast(db: Db, userId: string, now = new Date(), days = 14, timezone = "UTC"): Promise<ForecastDay[]> {
  const today = startOfDay(now, timezone);
  const end = addDays(today, days);
  // Grouped in the database: one row per day that has cards, then filled with zeros.
  const rows = await db.$queryRaw<Array<{ day: number | bigint; due: number | bigint }>>`
    SELECT GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (c."due" - ${today}::timestamp)) / 86400))::int AS day, COUNT(*)::int AS due
    FROM "Card" c JOIN "Question" q ON q."id" = c."questionId"
    WHERE c."userId" = ${userId} AND c."suspended" = false AND c."due" < ${end}::timestamp AND c."state" <> 'NEW' AND q."retiredAt" IS NULL
    GROUP BY 1`;
  const counts = new Map(rows.map((r) => [Number(r.day), Number(r.due)]));
  return Array.from({ length: days }, (_, i) => ({ date: dayKey(addDays(today, i), timezone), due: counts.get(i) ?? 0 }));
}
