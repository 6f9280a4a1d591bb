// A learner's practice settings: desired retention, daily limits, time zone, learning steps. Validated here so
// the form's server action and the tests share one set of rules; a bad value saves nothing.
import { z } from "zod";
import type { Db } from "@/lib/db/database";
import { fieldErrors } from "@/lib/forms";
import { DEFAULT_WEIGHTS, DEFAULT_STEPS, RETENTION, parseSteps } from "./scheduler";

export const DAILY_LIMITS = {
  newCards: { min: 0, max: 200 },
  reviews: { min: 10, max: 2000 },
} as const;

/** Retention is entered as a whole percentage (70-97). */
export const RETENTION_PERCENT = { min: Math.round(RETENTION.min * 100), max: Math.round(RETENTION.max * 100), default: Math.round(RETENTION.default * 100) } as const;

/** IANA time zones this runtime knows, plus "UTC" (the default, which the list may omit). */
export function timeZones(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

function wholeNumber(what: string, min: number, max: number) {
  const range = `Choose ${what} from ${min} to ${max}.`;
  return z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .pipe(z.coerce.number<string>({ error: range }).int(`Use a whole number for ${what}.`).min(min, range).max(max, range));
}

export const practiceSettingsSchema = z.object({
  desiredRetention: wholeNumber("a desired retention", RETENTION_PERCENT.min, RETENTION_PERCENT.max).transform((percent) => percent / 100),
  dailyNewLimit: wholeNumber("a daily new-card limit", DAILY_LIMITS.newCards.min, DAILY_LIMITS.newCards.max),
  dailyReviewLimit: wholeNumber("a daily review limit", DAILY_LIMITS.reviews.min, DAILY_LIMITS.reviews.max),
  timezone: z.string({ error: "Choose a time zone." }).refine((tz) => timeZones().includes(tz), "Choose a time zone from the list."),
  learningSteps: steps("learning steps", DEFAULT_STEPS.learning),
  relearningSteps: steps("relearning steps", DEFAULT_STEPS.relearning),
});

/** Steps as typed ("1m 10m"); blank or absent means the default; stored in a normal form ("1m 10m"). */
function steps(what: string, fallback: string) {
  return z
    .string({ error: `Enter ${what} as text, e.g. 1m 10m.` })
    .max(60, `Keep ${what} short: a few steps such as 1m 10m.`)
    .default("")
    .transform((text, ctx) => {
      const parsed = parseSteps(text.trim() === "" ? fallback : text);
      if (!parsed.ok) {
        ctx.addIssue({ code: "custom", message: parsed.error });
        return z.NEVER;
      }
      return parsed.steps.join(" ");
    });
}

export type PracticeSettings = z.output<typeof practiceSettingsSchema>;

export async function practiceSettings(db: Db, userId: string): Promise<PracticeSettings> {
  return db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { desiredRetention: true, dailyNewLimit: true, dailyReviewLimit: true, timezone: true, learningSteps: true, relearningSteps: true },
  });
}

export type SaveResult = { ok: true; settings: PracticeSettings } | { ok: false; errors: Record<string, string> };

/** Validates form input and saves every setting, or none of them. */
export async function savePracticeSettings(db: Db, userId: string, input: Record<string, unknown>): Promise<SaveResult> {
  const parsed = practiceSettingsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  await db.user.update({ where: { id: userId }, data: parsed.data });
  return { ok: true, settings: parsed.data };
}

/**
 * Review load at `retention` relative to 90 %: FSRS sets an interval of S/factor·(r^(−1/decay) − 1),
 * so for the same memory, reviews come (r=0.9 term)/(r term) times as often.
 */
export function reviewLoadFactor(retention: number, decay = DEFAULT_WEIGHTS[DEFAULT_WEIGHTS.length - 1]): number {
  const term = (r: number) => Math.pow(r, -1 / decay) - 1;
  return term(0.9) / term(retention);
}
