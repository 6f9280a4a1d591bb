// Practice settings: every value within its bounds or nothing is saved, with a message per field.
import { RETENTION } from "@/lib/practice/scheduler";
import { practiceSettings, reviewLoadFactor, savePracticeSettings } from "@/lib/practice/settings";
import { createUser } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

const GOOD = { desiredRetention: "85", dailyNewLimit: "10", dailyReviewLimit: "500", timezone: "America/Los_Angeles" };

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
    expect(await savePracticeSettings(db, userId, GOOD)).toEqual({
      ok: true,
      settings: { desiredRetention: 0.85, dailyNewLimit: 10, dailyReviewLimit: 500, timezone: "America/Los_Angeles" },
    });
    expect(await practiceSettings(db, userId)).toEqual({ desiredRetention: 0.85, dailyNewLimit: 10, dailyReviewLimit: 500, timezone: "America/Los_Angeles" });
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
  ])("%j is refused with a message and nothing is saved", async (change, field, message) => {
    const before = await practiceSettings(db, userId);
    const result = await savePracticeSettings(db, userId, { ...GOOD, ...change });
    expect(result).toEqual({ ok: false, errors: { [field]: message } });
    expect(await practiceSettings(db, userId)).toEqual(before);
  });
});
