// Practice settings: every value within its bounds or nothing is saved, with a message per field.
import { RETENTION } from "@/lib/practice/scheduler";
import { practiceSettings, reviewLoadFactor, savePracticeSettings } from "@/lib/practice/settings";
import { createUser } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

const GOOD = { desiredRetention: "85", dailyNewLimit: "10", dailyReviewLimit: "500", timezone: "America/Los_Angeles", learningSteps: "2m 15M", relearningSteps: "" };
const SAVED = { desiredRetention: 0.85, dailyNewLimit: 10, dailyReviewLimit: 500, timezone: "America/Los_Angeles", learningSteps: "2m 15m", relearningSteps: "10m" };

describe("the retention trade-off shown beside the slider", () => {
  it("means more reviews above 90 % and fewer below", () => {
    expect(reviewLoadFactor(0.9)).toBeCloseTo(1, 10);
    expect(reviewLoadFactor(RETENTION.max)).toBeGreaterThan(3);
    expect(reviewLoadFactor(RETENTION.min)).toBeLessThan(0.3);
    expect(reviewLoadFactor(0.95)).toBeGreaterThan(reviewLoadFactor(0.93));
  });
});

describe.each(databaseTargets())("saving practice settings on %s", (kind) => {
  const db = openTestDatabase(kind, { clearBeforeEach: "users" });
  let userId: string;

  beforeEach(async () => {
    userId = (await createUser(db, "Sam")).id;
  });

  test("valid settings are saved together", async () => {
    // Steps are stored in a normal form; blank steps mean the defaults.
    expect(await savePracticeSettings(db, userId, GOOD)).toEqual({ ok: true, settings: SAVED });
    expect(await practiceSettings(db, userId)).toEqual(SAVED);
    expect((await savePracticeSettings(db, userId, { ...GOOD, timezone: "UTC", dailyNewLimit: "0" })).ok).toBe(true);
  });

  test.each([
    [{ desiredRetention: "99" }, "desiredRetention", "Choose a desired retention from 70 to 97."],
    [{ desiredRetention: "0.9" }, "desiredRetention", "Use a whole number for a desired retention."],
    [{ dailyNewLimit: "" }, "dailyNewLimit", "Enter a daily new-card limit."],
    [{ dailyNewLimit: "201" }, "dailyNewLimit", "Choose a daily new-card limit from 0 to 200."],
    [{ dailyReviewLimit: "5" }, "dailyReviewLimit", "Choose a daily review limit from 10 to 2000."],
    [{ dailyReviewLimit: "lots" }, "dailyReviewLimit", "Choose a daily review limit from 10 to 2000."],
    [{ timezone: "Mars/Olympus_Mons" }, "timezone", "Choose a time zone from the list."],
    [{ learningSteps: "30s" }, "learningSteps", '"30s" is not a step: write whole minutes, hours or days, e.g. 1m 10m 1h.'],
    [{ learningSteps: "1.5m" }, "learningSteps", '"1.5m" is not a step: write whole minutes, hours or days, e.g. 1m 10m 1h.'],
    [{ relearningSteps: "10m 8d" }, "relearningSteps", '"8d" is longer than a week: leave long intervals to the schedule.'],
    [{ learningSteps: "1m 2m 3m 4m 5m 6m 7m" }, "learningSteps", "Use at most 6 steps."],
  ])("%j is refused with a message and nothing is saved", async (change, field, message) => {
    const before = await practiceSettings(db, userId);
    const result = await savePracticeSettings(db, userId, { ...GOOD, ...change });
    expect(result).toEqual({ ok: false, errors: { [field]: message } });
    expect(await practiceSettings(db, userId)).toEqual(before);
  });
});
