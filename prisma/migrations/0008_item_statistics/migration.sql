-- AlterTable
ALTER TABLE "QuestionStat" ADD COLUMN     "again" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "choices" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "countedSince" TIMESTAMP(3),
ADD COLUMN     "durations" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "graded" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "gradedCorrect" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "late" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "learners" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pbLearners" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pbSumX" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "pbSumXY" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "pbSumY" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "pbSumYY" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "quizAnswers" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "reviews" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "timed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "unanswered" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "LearnerItemStat" (
    "userId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "graded" INTEGER NOT NULL DEFAULT 0,
    "firstCorrect" BOOLEAN,
    "priorScore" DOUBLE PRECISION,

    CONSTRAINT "LearnerItemStat_pkey" PRIMARY KEY ("userId","questionId")
);

-- CreateTable
CREATE TABLE "LearnerStat" (
    "userId" TEXT NOT NULL,
    "graded" INTEGER NOT NULL DEFAULT 0,
    "correct" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "LearnerStat_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "LearnerItemStat_questionId_idx" ON "LearnerItemStat"("questionId");

-- AddForeignKey
ALTER TABLE "LearnerItemStat" ADD CONSTRAINT "LearnerItemStat_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LearnerItemStat" ADD CONSTRAINT "LearnerItemStat_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LearnerStat" ADD CONSTRAINT "LearnerStat_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Author item statistics kept as answers arrive (docs/decisions/060). Triggers on "QuizAnswer",
-- "ReviewLog" and "ContentChange" update "QuestionStat", "LearnerItemStat" and "LearnerStat" inside
-- the statement that records an answer, a rating, an undo or an edit, so no caller needs a second
-- round trip and rows written by any path (the app, scripts, tests) are counted alike.

-- Histogram bucket of a duration: k holds [100·1.05^k, 100·1.05^(k+1)) ms (anything shorter in 0).
CREATE FUNCTION quorum_duration_bucket(ms integer) RETURNS integer IMMUTABLE LANGUAGE sql AS
$$ SELECT floor(ln(greatest(ms, 100) / 100.0) / ln(1.05))::integer $$;

-- A JSON object of counts with key `k` moved by `d`; a count that reaches 0 is removed.
CREATE FUNCTION quorum_count_add(h jsonb, k text, d integer) RETURNS jsonb IMMUTABLE LANGUAGE sql AS
$$ SELECT CASE WHEN coalesce((h ->> k)::integer, 0) + d = 0 THEN h - k
               ELSE jsonb_set(h, ARRAY[k], to_jsonb(coalesce((h ->> k)::integer, 0) + d)) END $$;

-- A learner's first graded attempt at a question since `p_since` (not undone), and their prior
-- score at that moment (every graded answer before it in (time, id) order, undone ones included).
-- Null when there is none or it has no prior score. Used when an undo removes an attempt.
CREATE FUNCTION quorum_first_attempt(p_user text, p_question text, p_since timestamp, OUT first_correct boolean, OUT prior float8)
LANGUAGE plpgsql AS $$
DECLARE
  v_at timestamp;
  v_id text;
BEGIN
  SELECT x.correct, x.at, x.id INTO first_correct, v_at, v_id FROM (
    SELECT a."correct", a."submittedAt" AS at, a."id" FROM "QuizAnswer" a JOIN "QuizItem" i ON i."id" = a."itemId"
    WHERE a."userId" = p_user AND i."questionId" = p_question AND a."correct" IS NOT NULL
    UNION ALL
    SELECT r."correct", r."reviewedAt", r."id" FROM "ReviewLog" r
    WHERE r."userId" = p_user AND r."questionId" = p_question AND r."kind" = 'REVIEW' AND r."answer" IS NOT NULL AND r."correct" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM "ReviewLog" u WHERE u."undoesId" = r."id")
  ) x WHERE p_since IS NULL OR x.at >= p_since
  ORDER BY x.at, x.id LIMIT 1;
  IF v_id IS NULL THEN first_correct := NULL; RETURN; END IF;
  SELECT sum(CASE WHEN y.c THEN 1 ELSE 0 END)::float8 / nullif(count(*), 0) INTO prior FROM (
    SELECT a."correct" AS c FROM "QuizAnswer" a WHERE a."userId" = p_user AND a."correct" IS NOT NULL AND (a."submittedAt", a."id") < (v_at, v_id)
    UNION ALL
    SELECT r."correct" FROM "ReviewLog" r
    WHERE r."userId" = p_user AND r."kind" = 'REVIEW' AND r."answer" IS NOT NULL AND r."correct" IS NOT NULL AND (r."reviewedAt", r."id") < (v_at, v_id)
  ) y;
  IF prior IS NULL THEN first_correct := NULL; END IF;
END $$;

-- One answer event counted (p_sign = 1) or taken back (p_sign = -1, an undone review).
CREATE FUNCTION quorum_item_event(p_question text, p_user text, p_at timestamp, p_quiz boolean, p_answer jsonb,
  p_correct boolean, p_late boolean, p_duration integer, p_rating integer, p_sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_attempt boolean := p_quiz OR p_answer IS NOT NULL;
  v_graded boolean := (p_quiz OR p_answer IS NOT NULL) AND p_correct IS NOT NULL;
  v_x float8 := CASE WHEN p_correct THEN 1 ELSE 0 END;
  v_since timestamp;
  v_type text;
  v_prior float8;
  v_ls "LearnerStat";
  v_li "LearnerItemStat";
  v_pb_n integer := 0;
  v_pb_x float8 := 0;
  v_pb_y float8 := 0;
  v_pb_yy float8 := 0;
  v_pb_xy float8 := 0;
  v_first record;
  v_choices jsonb;
  v_key text;
BEGIN
  -- The question's row first, then the learner's statistics rows, the order in which the quiz
  -- answer's own statement (its calibration update) takes them too.
  INSERT INTO "QuestionStat" AS t ("questionId") VALUES (p_question)
  ON CONFLICT ("questionId") DO UPDATE SET "questionId" = t."questionId"
  RETURNING t."countedSince", t."choices" INTO v_since, v_choices;

  -- The learner's prior score: every graded answer they gave before this one, any question or
  -- version. An undo does not take an answer back from it (it was given).
  IF p_sign > 0 AND v_graded THEN
    INSERT INTO "LearnerStat" AS s ("userId", "graded", "correct") VALUES (p_user, 1, v_x::integer)
    ON CONFLICT ("userId") DO UPDATE SET "graded" = s."graded" + 1, "correct" = s."correct" + EXCLUDED."correct"
    RETURNING * INTO v_ls;
    IF v_ls."graded" > 1 THEN v_prior := (v_ls."correct" - v_x) / (v_ls."graded" - 1); END IF;
  END IF;

  IF v_since IS NOT NULL AND p_at < v_since THEN RETURN; END IF; -- an earlier version's answer
  -- Only a text or list answer can name options.
  IF jsonb_typeof(p_answer) IN ('string', 'array') THEN SELECT "type" INTO v_type FROM "Question" WHERE "id" = p_question; END IF;

  IF v_attempt THEN
    INSERT INTO "LearnerItemStat" AS l ("userId", "questionId", "attempts", "graded")
    VALUES (p_user, p_question, p_sign, CASE WHEN v_graded THEN p_sign ELSE 0 END)
    ON CONFLICT ("userId", "questionId") DO UPDATE SET "attempts" = l."attempts" + EXCLUDED."attempts", "graded" = l."graded" + EXCLUDED."graded"
    RETURNING * INTO v_li;
    IF p_sign > 0 AND v_graded AND v_li."graded" = 1 AND v_prior IS NOT NULL THEN
      -- The learner's first graded attempt on this version: it enters the point-biserial sums.
      UPDATE "LearnerItemStat" SET "firstCorrect" = p_correct, "priorScore" = v_prior WHERE "userId" = p_user AND "questionId" = p_question;
      v_pb_n := 1; v_pb_x := v_x; v_pb_y := v_prior; v_pb_yy := v_prior * v_prior; v_pb_xy := v_x * v_prior;
    ELSIF p_sign < 0 AND v_graded THEN
      -- An undone attempt may have been the first: the learner's first remaining one takes its place.
      IF v_li."priorScore" IS NOT NULL THEN
        v_pb_n := -1; v_pb_x := -(CASE WHEN v_li."firstCorrect" THEN 1 ELSE 0 END); v_pb_y := -v_li."priorScore";
        v_pb_yy := -v_li."priorScore" * v_li."priorScore"; v_pb_xy := v_pb_x * v_li."priorScore";
      END IF;
      SELECT * INTO v_first FROM quorum_first_attempt(p_user, p_question, v_since);
      IF v_li."graded" > 0 AND v_first.first_correct IS NOT NULL THEN
        v_x := CASE WHEN v_first.first_correct THEN 1 ELSE 0 END;
        v_pb_n := v_pb_n + 1; v_pb_x := v_pb_x + v_x; v_pb_y := v_pb_y + v_first.prior;
        v_pb_yy := v_pb_yy + v_first.prior * v_first.prior; v_pb_xy := v_pb_xy + v_x * v_first.prior;
        UPDATE "LearnerItemStat" SET "firstCorrect" = v_first.first_correct, "priorScore" = v_first.prior WHERE "userId" = p_user AND "questionId" = p_question;
      ELSE
        UPDATE "LearnerItemStat" SET "firstCorrect" = NULL, "priorScore" = NULL WHERE "userId" = p_user AND "questionId" = p_question;
      END IF;
    END IF;
    IF v_li."attempts" = 0 THEN
      DELETE FROM "LearnerItemStat" WHERE "userId" = p_user AND "questionId" = p_question;
    END IF;
  END IF;

  IF v_attempt AND v_type IN ('single', 'multiple', 'simulation') THEN
    IF jsonb_typeof(p_answer) = 'string' THEN
      v_choices := quorum_count_add(v_choices, p_answer #>> '{}', p_sign);
    ELSIF jsonb_typeof(p_answer) = 'array' THEN
      -- An option listed twice in one answer is ticked once.
      FOR v_key IN SELECT DISTINCT v FROM jsonb_array_elements_text(p_answer) AS v LOOP
        v_choices := quorum_count_add(v_choices, v_key, p_sign);
      END LOOP;
    END IF;
  END IF;
  UPDATE "QuestionStat" SET
    "attempts" = "attempts" + CASE WHEN v_attempt THEN p_sign ELSE 0 END,
    "quizAnswers" = "quizAnswers" + CASE WHEN p_quiz THEN p_sign ELSE 0 END,
    "graded" = "graded" + CASE WHEN v_graded THEN p_sign ELSE 0 END,
    "gradedCorrect" = "gradedCorrect" + CASE WHEN v_graded AND p_correct THEN p_sign ELSE 0 END,
    "late" = "late" + CASE WHEN p_quiz AND p_late THEN p_sign ELSE 0 END,
    "unanswered" = "unanswered" + CASE WHEN p_quiz AND p_answer IS NULL THEN p_sign ELSE 0 END,
    "learners" = "learners" + CASE WHEN v_attempt AND v_li."attempts" = greatest(p_sign, 0) THEN p_sign ELSE 0 END,
    "timed" = "timed" + CASE WHEN v_attempt AND p_duration IS NOT NULL THEN p_sign ELSE 0 END,
    "durations" = CASE WHEN v_attempt AND p_duration IS NOT NULL THEN quorum_count_add("durations", quorum_duration_bucket(p_duration)::text, p_sign) ELSE "durations" END,
    "reviews" = "reviews" + CASE WHEN NOT p_quiz THEN p_sign ELSE 0 END,
    "again" = "again" + CASE WHEN NOT p_quiz AND p_rating = 1 THEN p_sign ELSE 0 END,
    "choices" = v_choices,
    "pbLearners" = "pbLearners" + v_pb_n,
    "pbSumX" = "pbSumX" + v_pb_x,
    "pbSumY" = "pbSumY" + v_pb_y,
    "pbSumYY" = "pbSumYY" + v_pb_yy,
    "pbSumXY" = "pbSumXY" + v_pb_xy
  WHERE "questionId" = p_question;
END $$;

CREATE FUNCTION quorum_quiz_answer_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM quorum_item_event(i."questionId", NEW."userId", NEW."submittedAt", true, NEW."answer", NEW."correct", NEW."late", NEW."durationMs", NULL, 1)
  FROM "QuizItem" i WHERE i."id" = NEW."itemId";
  RETURN NULL;
END $$;

CREATE FUNCTION quorum_review_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."kind" = 'REVIEW' THEN
    PERFORM quorum_item_event(NEW."questionId", NEW."userId", NEW."reviewedAt", false, NEW."answer", NEW."correct", false, NEW."durationMs", NEW."rating", 1);
  ELSIF NEW."kind" = 'UNDO' THEN
    PERFORM quorum_item_event(r."questionId", r."userId", r."reviewedAt", false, r."answer", r."correct", false, r."durationMs", r."rating", -1)
    FROM "ReviewLog" r WHERE r."id" = NEW."undoesId" AND r."kind" = 'REVIEW';
  END IF;
  RETURN NULL;
END $$;

-- Recomputes the statistics of the given questions (NULL: every question, and every learner's
-- prior score) from the answers themselves. Prior scores follow (time, id) order, which is the
-- order answers are recorded in.
CREATE FUNCTION quorum_item_stats_rebuild(p_questions text[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DROP TABLE IF EXISTS quorum_ev;
  CREATE TEMP TABLE quorum_ev ON COMMIT DROP AS
  SELECT x.*, (x.quiz OR x.answer IS NOT NULL) AS attempt, (x.quiz OR x.answer IS NOT NULL) AND x.correct IS NOT NULL AS graded
  FROM (
    SELECT i."questionId" AS qid, a."userId" AS uid, true AS quiz, a."answer", a."correct", a."late", a."durationMs" AS ms,
           NULL::integer AS rating, a."submittedAt" AS at, a."id", false AS undone
    FROM "QuizAnswer" a JOIN "QuizItem" i ON i."id" = a."itemId"
    UNION ALL
    SELECT r."questionId", r."userId", false, r."answer", r."correct", false, r."durationMs", r."rating", r."reviewedAt", r."id",
           EXISTS (SELECT 1 FROM "ReviewLog" u WHERE u."undoesId" = r."id")
    FROM "ReviewLog" r WHERE r."kind" = 'REVIEW'
  ) x
  WHERE p_questions IS NULL OR x.uid IN (
    SELECT a."userId" FROM "QuizAnswer" a JOIN "QuizItem" i ON i."id" = a."itemId" WHERE i."questionId" = ANY (p_questions)
    UNION SELECT r."userId" FROM "ReviewLog" r WHERE r."questionId" = ANY (p_questions));

  IF p_questions IS NULL THEN
    DELETE FROM "LearnerStat";
    INSERT INTO "LearnerStat" ("userId", "graded", "correct")
    SELECT uid, count(*), count(*) FILTER (WHERE correct) FROM quorum_ev WHERE graded GROUP BY uid;
  END IF;

  DROP TABLE IF EXISTS quorum_counted;
  CREATE TEMP TABLE quorum_counted ON COMMIT DROP AS
  WITH edits AS (
    SELECT c."itemId" AS qid, max(s."startedAt") AS since
    FROM "ContentChange" c JOIN "ContentSync" s ON s."id" = c."syncId"
    WHERE c."itemType" = 'question' AND c."kind" = 'EDITED' GROUP BY c."itemId"
  ), prior AS (
    SELECT id, quiz, (sum(CASE WHEN correct THEN 1 ELSE 0 END) OVER w)::float8 / nullif(count(*) OVER w, 0) AS prior
    FROM quorum_ev WHERE graded
    WINDOW w AS (PARTITION BY uid ORDER BY at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
  )
  SELECT e.*, q."type", p.prior,
         CASE WHEN e.graded THEN row_number() OVER (PARTITION BY e.uid, e.qid, e.graded ORDER BY e.at, e.id) END AS graded_no
  FROM quorum_ev e JOIN "Question" q ON q."id" = e.qid
  LEFT JOIN edits ed ON ed.qid = e.qid
  LEFT JOIN prior p ON p.id = e.id AND p.quiz = e.quiz
  WHERE NOT e.undone AND (ed.since IS NULL OR e.at >= ed.since) AND (p_questions IS NULL OR e.qid = ANY (p_questions));

  DELETE FROM "LearnerItemStat" WHERE p_questions IS NULL OR "questionId" = ANY (p_questions);
  INSERT INTO "LearnerItemStat" ("userId", "questionId", "attempts", "graded", "firstCorrect", "priorScore")
  SELECT uid, qid, count(*), count(*) FILTER (WHERE graded),
         bool_or(correct) FILTER (WHERE graded_no = 1 AND prior IS NOT NULL),
         max(prior) FILTER (WHERE graded_no = 1)
  FROM quorum_counted WHERE attempt GROUP BY uid, qid;

  UPDATE "QuestionStat" SET "countedSince" = NULL, "attempts" = 0, "quizAnswers" = 0, "graded" = 0, "gradedCorrect" = 0, "late" = 0,
    "unanswered" = 0, "learners" = 0, "timed" = 0, "durations" = '{}', "reviews" = 0, "again" = 0, "choices" = '{}',
    "pbLearners" = 0, "pbSumX" = 0, "pbSumY" = 0, "pbSumYY" = 0, "pbSumXY" = 0
  WHERE p_questions IS NULL OR "questionId" = ANY (p_questions);

  INSERT INTO "QuestionStat" ("questionId", "countedSince")
  SELECT c."itemId", max(s."startedAt") FROM "ContentChange" c JOIN "ContentSync" s ON s."id" = c."syncId"
  WHERE c."itemType" = 'question' AND c."kind" = 'EDITED' AND (p_questions IS NULL OR c."itemId" = ANY (p_questions))
    AND EXISTS (SELECT 1 FROM "Question" q WHERE q."id" = c."itemId")
  GROUP BY c."itemId"
  ON CONFLICT ("questionId") DO UPDATE SET "countedSince" = EXCLUDED."countedSince";

  INSERT INTO "QuestionStat" ("questionId", "attempts", "quizAnswers", "graded", "gradedCorrect", "late", "unanswered", "learners",
    "timed", "durations", "reviews", "again", "choices", "pbLearners", "pbSumX", "pbSumY", "pbSumYY", "pbSumXY")
  WITH totals AS (
    SELECT qid, count(*) FILTER (WHERE attempt) AS attempts, count(*) FILTER (WHERE quiz) AS quiz_answers, count(*) FILTER (WHERE graded) AS graded,
           count(*) FILTER (WHERE graded AND correct) AS correct, count(*) FILTER (WHERE quiz AND late) AS late,
           count(*) FILTER (WHERE quiz AND answer IS NULL) AS unanswered, count(DISTINCT uid) FILTER (WHERE attempt) AS learners,
           count(*) FILTER (WHERE attempt AND ms IS NOT NULL) AS timed, count(*) FILTER (WHERE NOT quiz) AS reviews,
           count(*) FILTER (WHERE NOT quiz AND rating = 1) AS again
    FROM quorum_counted GROUP BY qid
  ), histograms AS (
    SELECT qid, jsonb_object_agg(b, n) AS durations FROM (
      SELECT qid, quorum_duration_bucket(ms)::text AS b, count(*) AS n FROM quorum_counted WHERE attempt AND ms IS NOT NULL GROUP BY 1, 2
    ) h GROUP BY qid
  ), options AS (
    SELECT qid, jsonb_object_agg(o, n) AS choices FROM (
      SELECT qid, o, count(*) AS n FROM (
        SELECT qid, answer #>> '{}' AS o FROM quorum_counted
        WHERE attempt AND "type" IN ('single', 'multiple', 'simulation') AND jsonb_typeof(answer) = 'string'
        UNION ALL
        -- An option listed twice in one answer is ticked once.
        SELECT d.qid, t.o FROM quorum_counted d CROSS JOIN LATERAL (SELECT DISTINCT v AS o FROM jsonb_array_elements_text(d.answer) AS v) t
        WHERE d.attempt AND d."type" IN ('single', 'multiple', 'simulation') AND jsonb_typeof(d.answer) = 'array'
      ) ticks GROUP BY qid, o
    ) oc GROUP BY qid
  )
  SELECT t.qid, t.attempts, t.quiz_answers, t.graded, t.correct, t.late, t.unanswered, t.learners, t.timed,
         coalesce(h.durations, '{}'), t.reviews, t.again, coalesce(o.choices, '{}'), 0, 0, 0, 0, 0
  FROM totals t LEFT JOIN histograms h ON h.qid = t.qid LEFT JOIN options o ON o.qid = t.qid
  ON CONFLICT ("questionId") DO UPDATE SET "attempts" = EXCLUDED."attempts", "quizAnswers" = EXCLUDED."quizAnswers",
    "graded" = EXCLUDED."graded", "gradedCorrect" = EXCLUDED."gradedCorrect", "late" = EXCLUDED."late", "unanswered" = EXCLUDED."unanswered",
    "learners" = EXCLUDED."learners", "timed" = EXCLUDED."timed", "durations" = EXCLUDED."durations", "reviews" = EXCLUDED."reviews",
    "again" = EXCLUDED."again", "choices" = EXCLUDED."choices";

  UPDATE "QuestionStat" t SET "pbLearners" = p.n, "pbSumX" = p.x, "pbSumY" = p.y, "pbSumYY" = p.yy, "pbSumXY" = p.xy
  FROM (
    SELECT "questionId", count(*)::integer AS n, sum(CASE WHEN "firstCorrect" THEN 1 ELSE 0 END)::float8 AS x, sum("priorScore") AS y,
           sum("priorScore" * "priorScore") AS yy, sum(CASE WHEN "firstCorrect" THEN "priorScore" ELSE 0 END) AS xy
    FROM "LearnerItemStat" WHERE "priorScore" IS NOT NULL AND (p_questions IS NULL OR "questionId" = ANY (p_questions))
    GROUP BY "questionId"
  ) p
  WHERE t."questionId" = p."questionId";
  DROP TABLE quorum_counted;
  DROP TABLE quorum_ev;
END $$;

-- An edit starts the question's statistics again from its new version.
CREATE FUNCTION quorum_question_edited() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM quorum_item_stats_rebuild(ARRAY[NEW."itemId"]);
  RETURN NULL;
END $$;

CREATE TRIGGER quorum_quiz_answer_stats AFTER INSERT ON "QuizAnswer" FOR EACH ROW EXECUTE FUNCTION quorum_quiz_answer_counted();
CREATE TRIGGER quorum_review_stats AFTER INSERT ON "ReviewLog" FOR EACH ROW EXECUTE FUNCTION quorum_review_counted();
CREATE TRIGGER quorum_question_edit_stats AFTER INSERT ON "ContentChange" FOR EACH ROW
  WHEN (NEW."itemType" = 'question' AND NEW."kind" = 'EDITED') EXECUTE FUNCTION quorum_question_edited();

-- Backfill from the answers recorded so far.
SELECT quorum_item_stats_rebuild(NULL);
