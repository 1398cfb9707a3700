-- DropIndex
DROP INDEX "FormSubmission_subAccountId_formTemplateId_createdAt_idx";

-- AlterTable
ALTER TABLE "FormEvent" ADD COLUMN     "onceKey" TEXT;

-- CreateTable
CREATE TABLE "FormEventRollup" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "formTemplateId" INTEGER NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "type" "FormEventType" NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "utmSource" TEXT NOT NULL DEFAULT '',
    "fieldKey" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "FormEventRollup_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FormEventRollup_subAccountId_id_key" ON "FormEventRollup"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "FormEventRollup_subAccountId_formTemplateId_bucket_type_ver_key" ON "FormEventRollup"("subAccountId", "formTemplateId", "bucket", "type", "version", "utmSource", "fieldKey");

-- A session's start, complete and each card left once: key the existing rows, keep the first of any repeat.
UPDATE "FormEvent" SET "onceKey" = type::text || ':' || COALESCE("fieldKey", '') WHERE "sessionId" IS NOT NULL;
DELETE FROM "FormEvent" e USING "FormEvent" f
WHERE f."subAccountId" = e."subAccountId" AND f."sessionId" = e."sessionId" AND f."onceKey" = e."onceKey" AND f.id < e.id;

-- CreateIndex
CREATE UNIQUE INDEX "FormEvent_subAccountId_sessionId_onceKey_key" ON "FormEvent"("subAccountId", "sessionId", "onceKey");

-- CreateIndex
CREATE INDEX "FormSubmission_subAccountId_formTemplateId_createdAt_versio_idx" ON "FormSubmission"("subAccountId", "formTemplateId", "createdAt", "version", "utmSource", "durationMs");

-- AddForeignKey
ALTER TABLE "FormEventRollup" ADD CONSTRAINT "FormEventRollup_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormEventRollup" ADD CONSTRAINT "FormEventRollup_subAccountId_formTemplateId_fkey" FOREIGN KEY ("subAccountId", "formTemplateId") REFERENCES "FormTemplate"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Backfill: the rollup of every existing event.
INSERT INTO "FormEventRollup" ("subAccountId", "formTemplateId", bucket, type, version, "utmSource", "fieldKey", count)
SELECT "subAccountId", "formTemplateId", date_bin('15 minutes', "createdAt", TIMESTAMP '2000-01-01'), type,
       COALESCE(version, 0), COALESCE("utmSource", ''), COALESCE("fieldKey", ''), count(*)::int
FROM "FormEvent"
GROUP BY 1, 2, 3, 4, 5, 6, 7;

-- A session's start, complete and each card left are recorded once: "<type>:<fieldKey>" on rows with a session
-- (unique with the session), set by the database so every writer gets it.
CREATE FUNCTION "FormEvent_set_once_key"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."onceKey" := CASE WHEN NEW."sessionId" IS NULL THEN NULL ELSE NEW.type::text || ':' || COALESCE(NEW."fieldKey", '') END;
  RETURN NEW;
END $$;
CREATE TRIGGER "FormEvent_once_key" BEFORE INSERT ON "FormEvent" FOR EACH ROW EXECUTE FUNCTION "FormEvent_set_once_key"();

-- FormEventRollup follows FormEvent in the same statement: rows actually inserted (an INSERT ... ON CONFLICT DO
-- NOTHING that skipped a repeat adds nothing) are added to their 15-minute bucket; deleted rows are taken away.
CREATE FUNCTION "FormEvent_rollup_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "FormEventRollup" ("subAccountId", "formTemplateId", bucket, type, version, "utmSource", "fieldKey", count)
  SELECT n."subAccountId", n."formTemplateId", date_bin('15 minutes', n."createdAt", TIMESTAMP '2000-01-01'), n.type,
         COALESCE(n.version, 0), COALESCE(n."utmSource", ''), COALESCE(n."fieldKey", ''), count(*)::int
  FROM new_rows n
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ("subAccountId", "formTemplateId", bucket, type, version, "utmSource", "fieldKey")
  DO UPDATE SET count = "FormEventRollup".count + EXCLUDED.count;
  RETURN NULL;
END $$;
CREATE TRIGGER "FormEvent_rollup_insert" AFTER INSERT ON "FormEvent" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "FormEvent_rollup_add"();

CREATE FUNCTION "FormEvent_rollup_remove"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH gone AS (
    SELECT o."subAccountId", o."formTemplateId", date_bin('15 minutes', o."createdAt", TIMESTAMP '2000-01-01') AS bucket, o.type,
           COALESCE(o.version, 0) AS version, COALESCE(o."utmSource", '') AS "utmSource", COALESCE(o."fieldKey", '') AS "fieldKey", count(*)::int AS n
    FROM old_rows o
    GROUP BY 1, 2, 3, 4, 5, 6, 7
  )
  UPDATE "FormEventRollup" r SET count = r.count - gone.n
  FROM gone
  WHERE r."subAccountId" = gone."subAccountId" AND r."formTemplateId" = gone."formTemplateId" AND r.bucket = gone.bucket AND r.type = gone.type
    AND r.version = gone.version AND r."utmSource" = gone."utmSource" AND r."fieldKey" = gone."fieldKey";
  DELETE FROM "FormEventRollup" r
  USING (SELECT DISTINCT "subAccountId", "formTemplateId" FROM old_rows) f
  WHERE r."subAccountId" = f."subAccountId" AND r."formTemplateId" = f."formTemplateId" AND r.count <= 0;
  RETURN NULL;
END $$;
CREATE TRIGGER "FormEvent_rollup_delete" AFTER DELETE ON "FormEvent" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "FormEvent_rollup_remove"();
