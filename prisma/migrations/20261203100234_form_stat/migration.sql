-- DropForeignKey
ALTER TABLE "FormEventRollup" DROP CONSTRAINT "FormEventRollup_subAccountId_fkey";

-- DropForeignKey
ALTER TABLE "FormEventRollup" DROP CONSTRAINT "FormEventRollup_subAccountId_formTemplateId_fkey";

-- AlterTable
ALTER TABLE "FormSession" ADD COLUMN     "lastAnsweredField" TEXT;

-- DropTable
DROP TABLE "FormEventRollup";

-- CreateTable
CREATE TABLE "FormStat" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "formTemplateId" INTEGER NOT NULL,
    "grain" TEXT NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "utmSource" TEXT NOT NULL DEFAULT '',
    "fieldKey" TEXT NOT NULL DEFAULT '',
    "views" INTEGER NOT NULL DEFAULT 0,
    "starts" INTEGER NOT NULL DEFAULT 0,
    "completions" INTEGER NOT NULL DEFAULT 0,
    "cardsLeft" INTEGER NOT NULL DEFAULT 0,
    "stopped" INTEGER NOT NULL DEFAULT 0,
    "durations" INTEGER[] DEFAULT ARRAY[]::INTEGER[],

    CONSTRAINT "FormStat_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FormStat_subAccountId_id_key" ON "FormStat"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "FormStat_subAccountId_formTemplateId_grain_bucket_version_u_key" ON "FormStat"("subAccountId", "formTemplateId", "grain", "bucket", "version", "utmSource", "fieldKey");

-- AddForeignKey
ALTER TABLE "FormStat" ADD CONSTRAINT "FormStat_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormStat" ADD CONSTRAINT "FormStat_subAccountId_formTemplateId_fkey" FOREIGN KEY ("subAccountId", "formTemplateId") REFERENCES "FormTemplate"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- FormEventRollup (15-minute sums scanned at read time) gives way to FormStat, kept by the statements that write the rows.
DROP TRIGGER IF EXISTS "FormEvent_rollup_insert" ON "FormEvent";
DROP TRIGGER IF EXISTS "FormEvent_rollup_delete" ON "FormEvent";
DROP FUNCTION IF EXISTS "FormEvent_rollup_add"();
DROP FUNCTION IF EXISTS "FormEvent_rollup_remove"();

-- Backfill. Existing sessions' last answered field: the last field of their version (the draft without one), hidden
-- fields aside, whose key their answers hold.
UPDATE "FormSession" s SET "lastAnsweredField" = (
  SELECT e.f->>'key'
  FROM jsonb_array_elements(
         CASE WHEN jsonb_typeof(d.def->'fields') = 'array' THEN d.def->'fields' ELSE '[]'::jsonb END
       ) WITH ORDINALITY AS e(f, i)
  WHERE COALESCE(e.f->>'type', '') <> 'hidden' AND jsonb_exists(s.answers, e.f->>'key')
  ORDER BY e.i DESC
  LIMIT 1)
FROM (
  SELECT s2.id, COALESCE(
           (SELECT v.schema FROM "FormVersion" v WHERE v."subAccountId" = s2."subAccountId" AND v."formTemplateId" = s2."formTemplateId" AND v.version = s2.version),
           (SELECT t.schema FROM "FormTemplate" t WHERE t.id = s2."formTemplateId")) AS def
  FROM "FormSession" s2
  WHERE jsonb_typeof(s2.answers) = 'object' AND s2.answers <> '{}'::jsonb
) d
WHERE d.id = s.id;

-- The buckets a row counts in (createdAt is UTC): by version, source and field per week (from Monday), day, hour and
-- quarter hour ("detailed"); by version only per hour and quarter hour (grains "H", "Q": the chart by day).
CREATE FUNCTION form_stat_buckets(at timestamp) RETURNS TABLE (grain text, bucket timestamp, detailed boolean)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  VALUES ('w', date_trunc('week', at), true), ('d', date_trunc('day', at), true), ('h', date_trunc('hour', at), true),
         ('q', date_bin('15 minutes', at, TIMESTAMP '2000-01-01'), true),
         ('H', date_trunc('hour', at), false), ('Q', date_bin('15 minutes', at, TIMESTAMP '2000-01-01'), false)
$$;

-- Time to complete in 64 bins: 0 under 1 s, k = 1..62 for [1 s x 1.15^(k-1), 1 s x 1.15^k), 63 from ~97 minutes on
-- (src/server/services/forms/form-stat-ranges.ts reads them).
CREATE FUNCTION form_duration_bin(ms integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN ms IS NULL THEN NULL WHEN ms < 1000 THEN 0 ELSE LEAST(63, 1 + floor(ln(ms / 1000.0) / ln(1.15))::int) END
$$;

-- A histogram (64 counts; element i + 1 is bin i) from bins and their counts.
CREATE FUNCTION form_duration_hist(bins integer[], counts integer[]) RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(COALESCE(h.n, 0) ORDER BY i)
  FROM generate_series(0, 63) i
  LEFT JOIN (SELECT b, sum(c)::int AS n FROM unnest(bins, counts) u(b, c) WHERE b IS NOT NULL GROUP BY b) h ON h.b = i
$$;

-- Two histograms added element by element (an empty one adds nothing).
CREATE FUNCTION form_hist_add(a integer[], b integer[]) RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN cardinality(b) = 0 THEN a WHEN cardinality(a) = 0 THEN b
    ELSE (SELECT array_agg(COALESCE(x, 0) + COALESCE(y, 0) ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i)) END
$$;

-- FormEvent: views and starts by source, a card left by its field (source ""); completions come from FormSubmission.
-- Only rows actually inserted count (a session's repeated start or card is skipped by ON CONFLICT DO NOTHING).
CREATE FUNCTION "FormEvent_stat_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "FormStat" ("subAccountId", "formTemplateId", grain, bucket, version, "utmSource", "fieldKey", views, starts, "cardsLeft")
  SELECT n."subAccountId", n."formTemplateId", b.grain, b.bucket, COALESCE(n.version, 0),
         CASE WHEN b.detailed AND n.type <> 'step' THEN COALESCE(n."utmSource", '') ELSE '' END,
         CASE WHEN n.type = 'step' THEN n."fieldKey" ELSE '' END,
         (count(*) FILTER (WHERE n.type = 'view'))::int, (count(*) FILTER (WHERE n.type = 'start'))::int, (count(*) FILTER (WHERE n.type = 'step'))::int
  FROM new_rows n CROSS JOIN LATERAL form_stat_buckets(n."createdAt") b
  WHERE n.type IN ('view', 'start') OR (n.type = 'step' AND b.detailed AND COALESCE(n."fieldKey", '') <> '')
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ("subAccountId", "formTemplateId", grain, bucket, version, "utmSource", "fieldKey")
  DO UPDATE SET views = "FormStat".views + EXCLUDED.views, starts = "FormStat".starts + EXCLUDED.starts, "cardsLeft" = "FormStat"."cardsLeft" + EXCLUDED."cardsLeft";
  RETURN NULL;
END $$;
CREATE TRIGGER "FormEvent_stat_insert" AFTER INSERT ON "FormEvent" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "FormEvent_stat_add"();

-- Deleted rows are taken away (an UPDATE: rows of a form being deleted are already gone, and stay so).
CREATE FUNCTION "FormEvent_stat_remove"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "FormStat" s SET views = s.views - g.views, starts = s.starts - g.starts, "cardsLeft" = s."cardsLeft" - g.steps
  FROM (
    SELECT o."subAccountId" AS ws, o."formTemplateId" AS f, b.grain, b.bucket, COALESCE(o.version, 0) AS v,
           CASE WHEN b.detailed AND o.type <> 'step' THEN COALESCE(o."utmSource", '') ELSE '' END AS u,
           CASE WHEN o.type = 'step' THEN o."fieldKey" ELSE '' END AS k,
           (count(*) FILTER (WHERE o.type = 'view'))::int AS views, (count(*) FILTER (WHERE o.type = 'start'))::int AS starts,
           (count(*) FILTER (WHERE o.type = 'step'))::int AS steps
    FROM old_rows o CROSS JOIN LATERAL form_stat_buckets(o."createdAt") b
    WHERE o.type IN ('view', 'start') OR (o.type = 'step' AND b.detailed AND COALESCE(o."fieldKey", '') <> '')
    GROUP BY 1, 2, 3, 4, 5, 6, 7
  ) g
  WHERE s."subAccountId" = g.ws AND s."formTemplateId" = g.f AND s.grain = g.grain AND s.bucket = g.bucket AND s.version = g.v
    AND s."utmSource" = g.u AND s."fieldKey" = g.k;
  RETURN NULL;
END $$;
CREATE TRIGGER "FormEvent_stat_delete" AFTER DELETE ON "FormEvent" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "FormEvent_stat_remove"();

-- FormSubmission: completions and their times to complete, by source.
CREATE FUNCTION "FormSubmission_stat_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "FormStat" ("subAccountId", "formTemplateId", grain, bucket, version, "utmSource", "fieldKey", completions, durations)
  SELECT ws, f, grain, bucket, v, u, '', sum(c)::int, form_duration_hist(array_agg(bin), array_agg(c))
  FROM (
    SELECT n."subAccountId" AS ws, n."formTemplateId" AS f, b.grain, b.bucket, COALESCE(n.version, 0) AS v,
           CASE WHEN b.detailed THEN COALESCE(n."utmSource", '') ELSE '' END AS u, form_duration_bin(n."durationMs") AS bin, count(*)::int AS c
    FROM new_rows n CROSS JOIN LATERAL form_stat_buckets(n."createdAt") b
    GROUP BY 1, 2, 3, 4, 5, 6, 7
  ) x
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ("subAccountId", "formTemplateId", grain, bucket, version, "utmSource", "fieldKey")
  DO UPDATE SET completions = "FormStat".completions + EXCLUDED.completions, durations = form_hist_add("FormStat".durations, EXCLUDED.durations);
  RETURN NULL;
END $$;
CREATE TRIGGER "FormSubmission_stat_insert" AFTER INSERT ON "FormSubmission" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "FormSubmission_stat_add"();

CREATE FUNCTION "FormSubmission_stat_remove"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "FormStat" s SET completions = s.completions - g.c, durations = form_hist_add(s.durations, g.minus)
  FROM (
    SELECT ws, f, grain, bucket, v, u, sum(c)::int AS c, form_duration_hist(array_agg(bin), array_agg(-c)) AS minus
    FROM (
      SELECT o."subAccountId" AS ws, o."formTemplateId" AS f, b.grain, b.bucket, COALESCE(o.version, 0) AS v,
             CASE WHEN b.detailed THEN COALESCE(o."utmSource", '') ELSE '' END AS u, form_duration_bin(o."durationMs") AS bin, count(*)::int AS c
      FROM old_rows o CROSS JOIN LATERAL form_stat_buckets(o."createdAt") b
      GROUP BY 1, 2, 3, 4, 5, 6, 7
    ) x
    GROUP BY 1, 2, 3, 4, 5, 6
  ) g
  WHERE s."subAccountId" = g.ws AND s."formTemplateId" = g.f AND s.grain = g.grain AND s.bucket = g.bucket AND s.version = g.v
    AND s."utmSource" = g.u AND s."fieldKey" = '';
  RETURN NULL;
END $$;
CREATE TRIGGER "FormSubmission_stat_delete" AFTER DELETE ON "FormSubmission" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "FormSubmission_stat_remove"();

-- The app never changes what a submission counts under; should anything do so, it moves (old taken away, new added).
CREATE FUNCTION "FormSubmission_stat_move"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "FormStat" ("subAccountId", "formTemplateId", grain, bucket, version, "utmSource", "fieldKey", completions, durations)
  SELECT ws, f, grain, bucket, v, u, '', sum(c)::int, form_duration_hist(array_agg(bin), array_agg(c))
  FROM (
    SELECT r.ws, r.f, b.grain, b.bucket, r.v, CASE WHEN b.detailed THEN r.u ELSE '' END AS u, form_duration_bin(r.ms) AS bin, r.c
    FROM (VALUES (OLD."subAccountId", OLD."formTemplateId", OLD."createdAt", COALESCE(OLD.version, 0), COALESCE(OLD."utmSource", ''), OLD."durationMs", -1),
                 (NEW."subAccountId", NEW."formTemplateId", NEW."createdAt", COALESCE(NEW.version, 0), COALESCE(NEW."utmSource", ''), NEW."durationMs", 1)
         ) r(ws, f, at, v, u, ms, c)
    CROSS JOIN LATERAL form_stat_buckets(r.at) b
  ) x
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ("subAccountId", "formTemplateId", grain, bucket, version, "utmSource", "fieldKey")
  DO UPDATE SET completions = "FormStat".completions + EXCLUDED.completions, durations = form_hist_add("FormStat".durations, EXCLUDED.durations);
  RETURN NULL;
END $$;
CREATE TRIGGER "FormSubmission_stat_update" AFTER UPDATE ON "FormSubmission" FOR EACH ROW
  WHEN (OLD."createdAt" IS DISTINCT FROM NEW."createdAt" OR OLD.version IS DISTINCT FROM NEW.version OR OLD."utmSource" IS DISTINCT FROM NEW."utmSource"
        OR OLD."durationMs" IS DISTINCT FROM NEW."durationMs" OR OLD."formTemplateId" IS DISTINCT FROM NEW."formTemplateId")
  EXECUTE FUNCTION "FormSubmission_stat_move"();

-- FormSession: unfinished sessions by the field they last answered ("" none), at the time they started.
CREATE FUNCTION "FormSession_stat_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "FormStat" ("subAccountId", "formTemplateId", grain, bucket, version, "utmSource", "fieldKey", stopped)
  SELECT n."subAccountId", n."formTemplateId", b.grain, b.bucket, COALESCE(n.version, 0), '', COALESCE(n."lastAnsweredField", ''), count(*)::int
  FROM new_rows n CROSS JOIN LATERAL form_stat_buckets(n."createdAt") b
  WHERE b.detailed AND n.status <> 'completed'
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ("subAccountId", "formTemplateId", grain, bucket, version, "utmSource", "fieldKey")
  DO UPDATE SET stopped = "FormStat".stopped + EXCLUDED.stopped;
  RETURN NULL;
END $$;
CREATE TRIGGER "FormSession_stat_insert" AFTER INSERT ON "FormSession" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "FormSession_stat_add"();

CREATE FUNCTION "FormSession_stat_remove"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "FormStat" s SET stopped = s.stopped - g.n
  FROM (
    SELECT o."subAccountId" AS ws, o."formTemplateId" AS f, b.grain, b.bucket, COALESCE(o.version, 0) AS v, COALESCE(o."lastAnsweredField", '') AS k, count(*)::int AS n
    FROM old_rows o CROSS JOIN LATERAL form_stat_buckets(o."createdAt") b
    WHERE b.detailed AND o.status <> 'completed'
    GROUP BY 1, 2, 3, 4, 5, 6
  ) g
  WHERE s."subAccountId" = g.ws AND s."formTemplateId" = g.f AND s.grain = g.grain AND s.bucket = g.bucket AND s.version = g.v
    AND s."utmSource" = '' AND s."fieldKey" = g.k;
  RETURN NULL;
END $$;
CREATE TRIGGER "FormSession_stat_delete" AFTER DELETE ON "FormSession" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "FormSession_stat_remove"();

-- A save that changes the last answered field, or a session completed: one statement, rows locked in key order (two
-- visitors moving between the same two fields in opposite directions cannot deadlock).
CREATE FUNCTION "FormSession_stat_move"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "FormStat" ("subAccountId", "formTemplateId", grain, bucket, version, "utmSource", "fieldKey", stopped)
  SELECT r.ws, r.f, b.grain, b.bucket, r.v, '', r.k, sum(r.n)::int
  FROM (VALUES (OLD."subAccountId", OLD."formTemplateId", OLD."createdAt", COALESCE(OLD.version, 0), COALESCE(OLD."lastAnsweredField", ''), CASE WHEN OLD.status <> 'completed' THEN -1 ELSE 0 END),
               (NEW."subAccountId", NEW."formTemplateId", NEW."createdAt", COALESCE(NEW.version, 0), COALESCE(NEW."lastAnsweredField", ''), CASE WHEN NEW.status <> 'completed' THEN 1 ELSE 0 END)
       ) r(ws, f, at, v, k, n)
  CROSS JOIN LATERAL form_stat_buckets(r.at) b
  WHERE b.detailed AND r.n <> 0
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ("subAccountId", "formTemplateId", grain, bucket, version, "utmSource", "fieldKey")
  DO UPDATE SET stopped = "FormStat".stopped + EXCLUDED.stopped;
  RETURN NULL;
END $$;
CREATE TRIGGER "FormSession_stat_update" AFTER UPDATE ON "FormSession" FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD."lastAnsweredField" IS DISTINCT FROM NEW."lastAnsweredField" OR OLD.version IS DISTINCT FROM NEW.version
        OR OLD."createdAt" IS DISTINCT FROM NEW."createdAt" OR OLD."formTemplateId" IS DISTINCT FROM NEW."formTemplateId")
  EXECUTE FUNCTION "FormSession_stat_move"();

-- The rollup of every existing row (as the triggers would have counted them).
INSERT INTO "FormStat" ("subAccountId", "formTemplateId", grain, bucket, version, "utmSource", "fieldKey", views, starts, "cardsLeft")
SELECT n."subAccountId", n."formTemplateId", b.grain, b.bucket, COALESCE(n.version, 0),
       CASE WHEN b.detailed AND n.type <> 'step' THEN COALESCE(n."utmSource", '') ELSE '' END,
       CASE WHEN n.type = 'step' THEN n."fieldKey" ELSE '' END,
       (count(*) FILTER (WHERE n.type = 'view'))::int, (count(*) FILTER (WHERE n.type = 'start'))::int, (count(*) FILTER (WHERE n.type = 'step'))::int
FROM "FormEvent" n CROSS JOIN LATERAL form_stat_buckets(n."createdAt") b
WHERE n.type IN ('view', 'start') OR (n.type = 'step' AND b.detailed AND COALESCE(n."fieldKey", '') <> '')
GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO "FormStat" ("subAccountId", "formTemplateId", grain, bucket, version, "utmSource", "fieldKey", completions, durations)
SELECT ws, f, grain, bucket, v, u, '', sum(c)::int, form_duration_hist(array_agg(bin), array_agg(c))
FROM (
  SELECT n."subAccountId" AS ws, n."formTemplateId" AS f, b.grain, b.bucket, COALESCE(n.version, 0) AS v,
         CASE WHEN b.detailed THEN COALESCE(n."utmSource", '') ELSE '' END AS u, form_duration_bin(n."durationMs") AS bin, count(*)::int AS c
  FROM "FormSubmission" n CROSS JOIN LATERAL form_stat_buckets(n."createdAt") b
  GROUP BY 1, 2, 3, 4, 5, 6, 7
) x
GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT ("subAccountId", "formTemplateId", grain, bucket, version, "utmSource", "fieldKey")
DO UPDATE SET completions = "FormStat".completions + EXCLUDED.completions, durations = form_hist_add("FormStat".durations, EXCLUDED.durations);

INSERT INTO "FormStat" ("subAccountId", "formTemplateId", grain, bucket, version, "utmSource", "fieldKey", stopped)
SELECT n."subAccountId", n."formTemplateId", b.grain, b.bucket, COALESCE(n.version, 0), '', COALESCE(n."lastAnsweredField", ''), count(*)::int
FROM "FormSession" n CROSS JOIN LATERAL form_stat_buckets(n."createdAt") b
WHERE b.detailed AND n.status <> 'completed'
GROUP BY 1, 2, 3, 4, 5, 6, 7
ON CONFLICT ("subAccountId", "formTemplateId", grain, bucket, version, "utmSource", "fieldKey")
DO UPDATE SET stopped = "FormStat".stopped + EXCLUDED.stopped;
