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

-- Only rows whose summarised columns changed (a rating, an undo, a reset, suspending) count. The
-- usual change, one card of a live question staying with its learner, is applied to the summary in
-- place (a full recompute reads all the learner's cards: ~90 ms a rating at 10,000 cards); anything
-- else, or a summary that does not hold what the card held, is recomputed.
CREATE FUNCTION quorum_cards_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v record;
  v_family text;
  v_live boolean;
  s "LearnerCardSummary";
  i integer;
  v_users text[] := '{}';
  v_families text[] := '{}';
BEGIN
  FOR v IN
    SELECT o."userId" AS ou, o."questionId" AS oq, o."due" AS odue, o."state" AS ostate, o."lastReview" AS olast, o."stability" AS ostab,
           o."suspended" AS osusp, o."leech" AS oleech,
           n."userId" AS nu, n."questionId" AS nq, n."due" AS ndue, n."state" AS nstate, n."lastReview" AS nlast, n."stability" AS nstab,
           n."suspended" AS nsusp, n."leech" AS nleech
    FROM old_cards o JOIN new_cards n ON n."id" = o."id"
    WHERE (o."userId", o."questionId", o."due", o."state", o."lastReview", o."stability", o."suspended", o."leech")
      IS DISTINCT FROM (n."userId", n."questionId", n."due", n."state", n."lastReview", n."stability", n."suspended", n."leech")
  LOOP
    SELECT q."family", q."retiredAt" IS NULL INTO v_family, v_live FROM "Question" q WHERE q."id" = v.nq;
    IF v.ou <> v.nu OR v.oq <> v.nq THEN
      SELECT v_users || v.ou || v.nu, v_families || q."family" || v_family INTO v_users, v_families FROM "Question" q WHERE q."id" = v.oq;
      CONTINUE;
    END IF;
    IF NOT v_live THEN CONTINUE; END IF; -- a retired question's cards are not in the summary
    PERFORM pg_advisory_xact_lock(hashtext('quorum_card_summary'), hashtext(v.nu));
    SELECT * INTO s FROM "LearnerCardSummary" WHERE "userId" = v.nu AND "family" = v_family FOR UPDATE;
    IF NOT FOUND THEN
      v_users := v_users || v.nu; v_families := v_families || v_family;
      CONTINUE;
    END IF;
    s."leeches" := s."leeches" + v.nleech::integer - v.oleech::integer;
    IF NOT v.osusp AND v.ostate <> 'NEW' THEN
      i := array_position(s."due", v.odue);
      IF i IS NULL THEN v_users := v_users || v.nu; v_families := v_families || v_family; CONTINUE; END IF;
      s."due" := s."due"[:i - 1] || s."due"[i + 1:];
    END IF;
    IF NOT v.nsusp AND v.nstate <> 'NEW' THEN
      i := width_bucket(v.ndue, s."due"); -- the dates ≤ the new one come first
      s."due" := s."due"[:i] || v.ndue || s."due"[i + 1:];
    END IF;
    IF v.ostate = 'REVIEW' AND v.olast IS NOT NULL AND v.ostab > 0 THEN
      -- Any element with the same pair will do: recall is a sum over the pairs.
      SELECT k INTO i FROM generate_subscripts(s."lastReview", 1) AS k
      WHERE s."lastReview"[k] = v.olast AND s."stability"[k] = v.ostab LIMIT 1;
      IF i IS NULL THEN v_users := v_users || v.nu; v_families := v_families || v_family; CONTINUE; END IF;
      s."lastReview" := s."lastReview"[:i - 1] || s."lastReview"[i + 1:];
      s."stability" := s."stability"[:i - 1] || s."stability"[i + 1:];
    END IF;
    IF v.nstate = 'REVIEW' AND v.nlast IS NOT NULL AND v.nstab > 0 THEN
      s."lastReview" := s."lastReview" || v.nlast;
      s."stability" := s."stability" || v.nstab;
    END IF;
    UPDATE "LearnerCardSummary" SET "leeches" = s."leeches", "due" = s."due", "lastReview" = s."lastReview", "stability" = s."stability"
    WHERE "userId" = v.nu AND "family" = v_family;
  END LOOP;
  IF cardinality(v_users) > 0 THEN PERFORM quorum_card_summary_refresh(v_users, v_families); END IF;
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
