-- CreateTable
CREATE TABLE "LearnerCardSummary" (
    "userId" TEXT NOT NULL,
    "family" TEXT NOT NULL,
    "leeches" INTEGER NOT NULL DEFAULT 0,
    "due" TIMESTAMP(3)[],
    "lastReview" TIMESTAMP(3)[],
    "stability" DOUBLE PRECISION[],

    CONSTRAINT "LearnerCardSummary_pkey" PRIMARY KEY ("userId","family")
);

-- CreateIndex
CREATE INDEX "Question_retiredAt_idx" ON "Question"("retiredAt");

-- AddForeignKey
ALTER TABLE "LearnerCardSummary" ADD CONSTRAINT "LearnerCardSummary_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The cohort dashboard's per-learner card summary (docs/decisions/061), kept by statement-level
-- triggers on "Card" and "Question": whatever writes a card (a rating, an undo, a reset, suspending,
-- adding to the queue, deleting an account) or retires, restores or moves a question, the summaries
-- of the (learner, family) pairs it touched are recomputed from their cards in the same statement.

-- Recomputes the summaries of the given learners' given families (parallel arrays) from their cards.
-- A per-learner advisory lock makes concurrent writers of one learner's cards take turns, so the
-- second one recomputes from a snapshot that includes the first one's change.
CREATE FUNCTION quorum_card_summary_refresh(p_users text[], p_families text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_user text;
BEGIN
  FOR v_user IN SELECT DISTINCT u FROM unnest(p_users) AS u ORDER BY u LOOP
    PERFORM pg_advisory_xact_lock(hashtext('quorum_card_summary'), hashtext(v_user));
  END LOOP;
  DELETE FROM "LearnerCardSummary" s USING unnest(p_users, p_families) AS k(u, f)
  WHERE s."userId" = k.u AND s."family" = k.f
    AND NOT EXISTS (SELECT 1 FROM "Card" c JOIN "Question" q ON q."id" = c."questionId"
                    WHERE c."userId" = k.u AND q."family" = k.f AND q."retiredAt" IS NULL);
  INSERT INTO "LearnerCardSummary" AS s ("userId", "family", "leeches", "due", "lastReview", "stability")
  SELECT c."userId", q."family", count(*) FILTER (WHERE c."leech"),
    coalesce(array_agg(c."due" ORDER BY c."due") FILTER (WHERE NOT c."suspended" AND c."state" <> 'NEW'), '{}'),
    coalesce(array_agg(c."lastReview" ORDER BY c."id") FILTER (WHERE c."state" = 'REVIEW' AND c."lastReview" IS NOT NULL AND c."stability" > 0), '{}'),
    coalesce(array_agg(c."stability" ORDER BY c."id") FILTER (WHERE c."state" = 'REVIEW' AND c."lastReview" IS NOT NULL AND c."stability" > 0), '{}')
  FROM (SELECT DISTINCT u, f FROM unnest(p_users, p_families) AS k(u, f)) k
  JOIN "Card" c ON c."userId" = k.u
  JOIN "Question" q ON q."id" = c."questionId" AND q."family" = k.f
  WHERE q."retiredAt" IS NULL
    AND EXISTS (SELECT 1 FROM "User" u WHERE u."id" = k.u) -- not for an account being deleted
  GROUP BY c."userId", q."family"
  ON CONFLICT ("userId", "family") DO UPDATE SET "leeches" = EXCLUDED."leeches", "due" = EXCLUDED."due",
    "lastReview" = EXCLUDED."lastReview", "stability" = EXCLUDED."stability";
END $$;

CREATE FUNCTION quorum_cards_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM quorum_card_summary_refresh(array_agg(k.u), array_agg(k.f))
  FROM (SELECT DISTINCT n."userId" AS u, q."family" AS f FROM new_cards n JOIN "Question" q ON q."id" = n."questionId") k
  HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION quorum_cards_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM quorum_card_summary_refresh(array_agg(k.u), array_agg(k.f))
  FROM (SELECT DISTINCT o."userId" AS u, q."family" AS f FROM old_cards o JOIN "Question" q ON q."id" = o."questionId") k
  HAVING count(*) > 0;
  RETURN NULL;
END $$;

-- Only rows whose summarised columns changed (a rating, an undo, a reset, suspending) are refreshed.
CREATE FUNCTION quorum_cards_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM quorum_card_summary_refresh(array_agg(k.u), array_agg(k.f))
  FROM (
    SELECT DISTINCT x.u, q."family" AS f
    FROM old_cards o JOIN new_cards n ON n."id" = o."id"
    CROSS JOIN LATERAL (VALUES (o."userId", o."questionId"), (n."userId", n."questionId")) AS x(u, qid)
    JOIN "Question" q ON q."id" = x.qid
    WHERE (o."userId", o."questionId", o."due", o."state", o."lastReview", o."stability", o."suspended", o."leech")
      IS DISTINCT FROM (n."userId", n."questionId", n."due", n."state", n."lastReview", n."stability", n."suspended", n."leech")
  ) k
  HAVING count(*) > 0;
  RETURN NULL;
END $$;

-- A question retired, restored or moved to another family: every learner with a card for it.
CREATE FUNCTION quorum_questions_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM quorum_card_summary_refresh(array_agg(k.u), array_agg(k.f))
  FROM (
    SELECT DISTINCT c."userId" AS u, x.f
    FROM old_questions o JOIN new_questions n ON n."id" = o."id"
    CROSS JOIN LATERAL (VALUES (o."family"), (n."family")) AS x(f)
    JOIN "Card" c ON c."questionId" = n."id"
    WHERE (o."retiredAt" IS NULL) IS DISTINCT FROM (n."retiredAt" IS NULL) OR o."family" IS DISTINCT FROM n."family"
  ) k
  HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE TRIGGER quorum_card_summary_insert AFTER INSERT ON "Card" REFERENCING NEW TABLE AS new_cards
  FOR EACH STATEMENT EXECUTE FUNCTION quorum_cards_inserted();
CREATE TRIGGER quorum_card_summary_update AFTER UPDATE ON "Card" REFERENCING OLD TABLE AS old_cards NEW TABLE AS new_cards
  FOR EACH STATEMENT EXECUTE FUNCTION quorum_cards_updated();
CREATE TRIGGER quorum_card_summary_delete AFTER DELETE ON "Card" REFERENCING OLD TABLE AS old_cards
  FOR EACH STATEMENT EXECUTE FUNCTION quorum_cards_deleted();
CREATE TRIGGER quorum_card_summary_question AFTER UPDATE ON "Question" REFERENCING OLD TABLE AS old_questions NEW TABLE AS new_questions
  FOR EACH STATEMENT EXECUTE FUNCTION quorum_questions_updated();

-- Rebuilds every summary from the cards (the backfill; also after rows written with the triggers off).
CREATE FUNCTION quorum_card_summary_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM "LearnerCardSummary";
  INSERT INTO "LearnerCardSummary" ("userId", "family", "leeches", "due", "lastReview", "stability")
  SELECT c."userId", q."family", count(*) FILTER (WHERE c."leech"),
    coalesce(array_agg(c."due" ORDER BY c."due") FILTER (WHERE NOT c."suspended" AND c."state" <> 'NEW'), '{}'),
    coalesce(array_agg(c."lastReview" ORDER BY c."id") FILTER (WHERE c."state" = 'REVIEW' AND c."lastReview" IS NOT NULL AND c."stability" > 0), '{}'),
    coalesce(array_agg(c."stability" ORDER BY c."id") FILTER (WHERE c."state" = 'REVIEW' AND c."lastReview" IS NOT NULL AND c."stability" > 0), '{}')
  FROM "Card" c JOIN "Question" q ON q."id" = c."questionId"
  WHERE q."retiredAt" IS NULL
  GROUP BY c."userId", q."family";
$$;

SELECT quorum_card_summary_rebuild();
