// Mock design drills on both databases. What a learner depends on: the server's clock decides
// each phase's time (a reload or a second request never resets it), autosaves keep exactly the
// last text, the self-assessment covers the whole rubric, bad input writes nothing, and nobody
// else can read or change the drill unless the permissions module says so.
import { DRILL_PHASES, drillPrompts, type DrillPhaseKey, type DrillPrompt } from "@/lib/content/drills";
import {
  advancePhase,
  DRILL_TEXT_MAX,
  DrillError,
  drillHistory,
  finishDrill,
  getDrill,
  ratingKey,
  savePhaseText,
  startDrill,
  type SelfRating,
} from "@/lib/practice/drill";
import { NotFoundError } from "@/lib/errors";
import { createUser } from "@/tests/support/content-fixtures";
import { databaseTargets, openTestDatabase } from "@/tests/support/databases";

const T0 = new Date("2026-03-02T09:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;

function allRatings(prompt: DrillPrompt, rate: (phase: DrillPhaseKey, index: number) => SelfRating = () => "met") {
  const ratings: Record<string, SelfRating> = {};
  for (const { key } of DRILL_PHASES) prompt.phases[key].rubric.forEach((_, i) => (ratings[ratingKey(key, i)] = rate(key, i)));
  return ratings;
}

describe.each(databaseTargets())("design drills on %s", (kind) => {
  const db = openTestDatabase(kind, { clearBeforeEach: "users" });
  let prompt: DrillPrompt;
  let learner: { id: string; role: "LEARNER" };
  let other: { id: string; role: "LEARNER" };
  let mentor: { id: string; role: "MENTOR" };

  const rowOf = (id: string) => db.drillSession.findUniqueOrThrow({ where: { id } });

  /** Runs every phase of a drill to the self-assessment, each phase taking its full time. */
  async function toAssessment(drillId: string) {
    let t = 0;
    for (const phase of DRILL_PHASES) {
      t += phase.minutes * MIN;
      await advancePhase(db, learner.id, drillId, phase.key, at(t));
    }
    return t;
  }

  beforeAll(async () => {
    prompt = (await drillPrompts())[0];
  });
  beforeEach(async () => {
    learner = { id: (await createUser(db, "lena")).id, role: "LEARNER" };
    other = { id: (await createUser(db, "otto")).id, role: "LEARNER" };
    mentor = { id: (await createUser(db, "mira", { role: "MENTOR" })).id, role: "MENTOR" };
  });

  test("starting a drill runs the first phase's clock from the server's time, and a reload does not reset it", async () => {
    const { id, resumed } = await startDrill(db, learner.id, prompt.id, T0);
    expect(resumed).toBe(false);

    const view = await getDrill(db, learner, id, at(90_000));
    expect(view).toMatchObject({ stage: "phase", currentPhase: "requirements", isOwner: true, serverNow: at(90_000).toISOString() });
    expect(view.prompt?.title).toBe(prompt.title);
    expect(view.phases.map((p) => p.key)).toEqual(DRILL_PHASES.map((p) => p.key));
    expect(view.phases[0]).toMatchObject({ startedAt: T0.toISOString(), deadlineAt: at(5 * MIN).toISOString(), allottedMs: 5 * MIN, usedMs: 90_000 });
    expect(view.phases.slice(1).every((p) => p.startedAt === null && p.usedMs === null)).toBe(true);

    // Reading again later (a reload) keeps the same deadline; the client counts from serverNow.
    const later = await getDrill(db, learner, id, at(4 * MIN));
    expect(later.phases[0].deadlineAt).toBe(at(5 * MIN).toISOString());
    expect(later.serverNow).toBe(at(4 * MIN).toISOString());

    // Starting the same prompt again resumes the unfinished drill instead of starting a second clock.
    expect(await startDrill(db, learner.id, prompt.id, at(4 * MIN))).toEqual({ id, resumed: true });
    expect(await db.drillSession.count()).toBe(1);
  });

  test("a full drill: text saved in and after time, phases advanced by the server's clock, self-assessment, summary", async () => {
    const { id } = await startDrill(db, learner.id, prompt.id, T0);

    const inTime = await savePhaseText(db, learner.id, id, "requirements", "429 with Retry-After; fail open.", at(2 * MIN));
    expect(inTime).toEqual({ phase: "requirements", submittedAt: at(2 * MIN).toISOString(), withinTime: true, changed: true });
    // Still accepted after the 5 minutes, but the record says it was not written in time.
    const late = await savePhaseText(db, learner.id, id, "requirements", "429 with Retry-After; fail open. Daily quota offline.", at(6 * MIN));
    expect(late).toMatchObject({ withinTime: false, changed: true });

    const second = await advancePhase(db, learner.id, id, "requirements", at(6 * MIN));
    expect(second.currentPhase).toBe("hot-path");
    expect(second.phases[0]).toMatchObject({ endedAt: at(6 * MIN).toISOString(), usedMs: 6 * MIN, withinTime: false });
    expect(second.phases[1]).toMatchObject({ startedAt: at(6 * MIN).toISOString(), deadlineAt: at(16 * MIN).toISOString(), usedMs: 0 });

    // A repeated "Next phase" (double click, retry) for the phase already left changes nothing.
    const repeated = await advancePhase(db, learner.id, id, "requirements", at(6 * MIN + 500));
    expect(repeated.currentPhase).toBe("hot-path");
    expect(repeated.phases[1].startedAt).toBe(at(6 * MIN).toISOString());

    await savePhaseText(db, learner.id, id, "hot-path", "Local token bucket per key, synced every 100 ms.", at(10 * MIN));
    let t = 6 * MIN;
    for (const phase of DRILL_PHASES.slice(1)) {
      t += phase.minutes * MIN - 30_000;
      await advancePhase(db, learner.id, id, phase.key, at(t));
    }
    const assessing = await getDrill(db, learner, id, at(t));
    expect(assessing).toMatchObject({ stage: "assessment", currentPhase: null });
    expect(assessing.phases[1]).toMatchObject({ usedMs: 9.5 * MIN, withinTime: true, text: "Local token bucket per key, synced every 100 ms." });
    expect(assessing.phases.every((p) => p.rubric.length >= 2 && p.rubric.length <= 4)).toBe(true);

    const finished = await finishDrill(
      db,
      learner.id,
      id,
      { ratings: allRatings(prompt, (phase, i) => (phase === "hot-path" && i === 0 ? "partly" : phase === "bottleneck" && i === 0 ? "missed" : "met")), note: "  Forgot the hot key.  " },
      at(t + MIN),
    );
    const points = DRILL_PHASES.reduce((n, p) => n + prompt.phases[p.key].rubric.length, 0);
    expect(finished).toMatchObject({ stage: "finished", finishedAt: at(t + MIN).toISOString() });
    expect(finished.selfAssessment).toMatchObject({ note: "Forgot the hot key.", tally: { met: points - 2, partly: 1, missed: 1 } });
    expect(finished.selfAssessment!.points[0]).toMatchObject({ phase: "requirements", index: 0, text: prompt.phases.requirements.rubric[0], rating: "met" });

    // Finished drills are closed to edits; a retried finish returns the recorded assessment.
    await expect(savePhaseText(db, learner.id, id, "requirements", "changed", at(t + 2 * MIN))).rejects.toMatchObject({ status: 409 });
    const retried = await finishDrill(db, learner.id, id, { ratings: allRatings(prompt, () => "missed") }, at(t + 2 * MIN));
    expect(retried.selfAssessment?.tally).toEqual({ met: points - 2, partly: 1, missed: 1 });

    const history = await drillHistory(db, learner.id);
    expect(history).toEqual([
      expect.objectContaining({ id, promptId: prompt.id, title: prompt.title, stage: "finished", phaseNumber: null, tally: { met: points - 2, partly: 1, missed: 1 } }),
    ]);
  });

  test("autosave is idempotent: the same text twice records one save and the first save's time", async () => {
    const { id } = await startDrill(db, learner.id, prompt.id, T0);
    await savePhaseText(db, learner.id, id, "requirements", "Per-key token bucket.", at(MIN));
    const before = await rowOf(id);
    const again = await savePhaseText(db, learner.id, id, "requirements", "Per-key token bucket.", at(7 * MIN));
    expect(again).toEqual({ phase: "requirements", submittedAt: at(MIN).toISOString(), withinTime: true, changed: false });
    expect(await rowOf(id)).toEqual(before);
  });

  test("concurrent saves and repeated 'Next phase' requests serialize: one advance, no lost text", async () => {
    const { id } = await startDrill(db, learner.id, prompt.id, T0);
    await Promise.all([
      savePhaseText(db, learner.id, id, "requirements", "Written just before the click.", at(MIN - 10)),
      advancePhase(db, learner.id, id, "requirements", at(MIN)),
      advancePhase(db, learner.id, id, "requirements", at(MIN + 1)),
      advancePhase(db, learner.id, id, "requirements", at(MIN + 2)),
    ]);
    const view = await getDrill(db, learner, id, at(2 * MIN));
    expect(view.currentPhase).toBe("hot-path");
    expect(view.phases[0].text).toBe("Written just before the click.");
    expect(view.phases[1].startedAt).toBe(view.phases[0].endedAt);
    expect(view.phases[2].startedAt).toBeNull();
  });

  test("another learner can neither read nor change the drill; a mentor of the learner's cohort reads it only", async () => {
    const { id } = await startDrill(db, learner.id, prompt.id, T0);
    await savePhaseText(db, learner.id, id, "requirements", "Mine.", at(MIN));
    const before = await rowOf(id);

    await expect(getDrill(db, other, id, at(MIN))).rejects.toBeInstanceOf(NotFoundError);
    await expect(savePhaseText(db, other.id, id, "requirements", "Theirs.", at(MIN))).rejects.toBeInstanceOf(NotFoundError);
    await expect(advancePhase(db, other.id, id, "requirements", at(MIN))).rejects.toBeInstanceOf(NotFoundError);
    await expect(finishDrill(db, other.id, id, { ratings: allRatings(prompt) }, at(MIN))).rejects.toBeInstanceOf(NotFoundError);
    expect(await drillHistory(db, other.id)).toEqual([]);
    // A mentor with no cohort containing the learner is a stranger too.
    await expect(getDrill(db, mentor, id, at(MIN))).rejects.toBeInstanceOf(NotFoundError);

    const cohort = await db.cohort.create({ data: { name: "Spring", mentorId: mentor.id } });
    await db.cohortMembership.create({ data: { cohortId: cohort.id, userId: learner.id } });
    const seen = await getDrill(db, mentor, id, at(MIN));
    expect(seen).toMatchObject({ isOwner: false, ownerId: learner.id });
    expect(seen.phases[0].text).toBe("Mine.");
    await expect(savePhaseText(db, mentor.id, id, "requirements", "Edited by mentor.", at(MIN))).rejects.toBeInstanceOf(NotFoundError);

    expect(await rowOf(id)).toEqual(before);
  });

  test("invalid input is refused with a clear message and writes nothing", async () => {
    await expect(startDrill(db, learner.id, "no-such-prompt", T0)).rejects.toThrow("Unknown drill prompt.");
    await expect(startDrill(db, learner.id, 42, T0)).rejects.toThrow("Choose a drill prompt.");
    expect(await db.drillSession.count()).toBe(0);

    const { id } = await startDrill(db, learner.id, prompt.id, T0);
    await savePhaseText(db, learner.id, id, "requirements", "Kept.", at(MIN));
    const before = await rowOf(id);

    const refusals: Array<[Promise<unknown>, string]> = [
      [savePhaseText(db, learner.id, id, "requirements", "x".repeat(DRILL_TEXT_MAX + 1), at(MIN)), "Keep each phase under 10,000 characters."],
      [savePhaseText(db, learner.id, id, "requirements", { text: "x" }, at(MIN)), "The text must be a string."],
      [savePhaseText(db, learner.id, id, "capacity", "x", at(MIN)), "Unknown phase (expected one of requirements, hot-path, data-model, bottleneck, trade-offs, observability)."],
      [savePhaseText(db, learner.id, id, "data-model", "Too early.", at(MIN)), "This phase has not started yet."],
      [savePhaseText(db, learner.id, "", "requirements", "x", at(MIN)), "Missing drill id."],
      [advancePhase(db, learner.id, id, "nope", at(MIN)), "Unknown phase"],
      [finishDrill(db, learner.id, id, { ratings: allRatings(prompt) }, at(MIN)), "Finish all six phases before the self-assessment."],
    ];
    for (const [attempt, message] of refusals) {
      const err = await attempt.then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(DrillError);
      expect((err as Error).message).toContain(message);
    }
    expect(await rowOf(id)).toEqual(before);

    const end = await toAssessment(id);
    const assessing = await rowOf(id);
    const ratings = allRatings(prompt);
    const { [ratingKey("trade-offs", 0)]: _dropped, ...missingOne } = ratings;
    const badAssessments: Array<[unknown, string]> = [
      [{ ratings: missingOne }, "Rate every rubric point: 1 is not rated yet."],
      [{ ratings: { ...ratings, [ratingKey("requirements", 0)]: "great" } }, "Rate each point as met, partly or missed."],
      [{ ratings: { ...ratings, "requirements.9": "met" } }, 'Unknown rubric point "requirements.9".'],
      [{ ratings, note: "n".repeat(4_001) }, "Keep the note under 4,000 characters."],
      [{ ratings, score: 10 }, 'Unrecognized key: "score"'],
    ];
    for (const [input, message] of badAssessments) {
      await expect(finishDrill(db, learner.id, id, input, at(end))).rejects.toThrow(message);
    }
    expect(await rowOf(id)).toEqual(assessing);
    expect((await rowOf(id)).finishedAt).toBeNull();
  });

  test("history lists the learner's drills newest first with their stage", async () => {
    const prompts = await drillPrompts();
    const first = await startDrill(db, learner.id, prompts[0].id, T0);
    const second = await startDrill(db, learner.id, prompts[1].id, at(MIN));
    await advancePhase(db, learner.id, second.id, "requirements", at(2 * MIN));
    await toAssessment(first.id);
    const history = await drillHistory(db, learner.id);
    expect(history.map((h) => [h.id, h.stage, h.phaseNumber, h.tally])).toEqual([
      [second.id, "phase", 2, null],
      [first.id, "assessment", null, null],
    ]);
  });
});
