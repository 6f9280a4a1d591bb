// How many cards fall due on each of the next days (overdue cards count on day 0). Cards whose
// question was retired are left out, as the review queue never shows them.
import type { Db } from "@/lib/db/database";
import { Prisma } from "@/lib/generated/prisma/client";
import { dayKey, startOfDayAfter } from "./time";

export interface ForecastDay {
  /** YYYY-MM-DD in the learner's time zone. */
  date: string;
  due: number;
}

export async function dueForecast(db: Db, userId: string, now = new Date(), days = 14, timezone = "UTC"): Promise<ForecastDay[]> {
  // The local days' boundaries, computed here: across a DST change a day lasts 23 or 25 hours.
  const starts = Array.from({ length: days + 1 }, (_, i) => startOfDayAfter(now, i, timezone));
  // Grouped in the database: bucket 0 is overdue or today, bucket i the i-th day after it.
  const rows = await db.$queryRaw<Array<{ day: number | bigint; due: number | bigint }>>`
    SELECT GREATEST(0, width_bucket(c."due", ARRAY[${Prisma.join(starts.slice(1).map((d) => Prisma.sql`${d}::timestamp`))}]))::int AS day, COUNT(*)::int AS due
    FROM "Card" c JOIN "Question" q ON q."id" = c."questionId"
    WHERE c."userId" = ${userId} AND c."suspended" = false AND c."due" < ${starts[days]}::timestamp AND c."state" <> 'NEW' AND q."retiredAt" IS NULL
    GROUP BY 1`;
  const counts = new Map(rows.map((r) => [Number(r.day), Number(r.due)]));
  return starts.slice(0, days).map((start, i) => ({ date: dayKey(start, timezone), due: counts.get(i) ?? 0 }));
}
