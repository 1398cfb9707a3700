-- CreateEnum
CREATE TYPE "FormEventType" AS ENUM ('view', 'start', 'step', 'complete');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationKind" ADD VALUE 'form_resume_link';
ALTER TYPE "NotificationKind" ADD VALUE 'form_submission';

-- AlterTable
ALTER TABLE "FormSession" ADD COLUMN     "resumeEmailSentAt" TIMESTAMP(3),
ADD COLUMN     "utmSource" TEXT,
ADD COLUMN     "version" INTEGER;

-- AlterTable
ALTER TABLE "FormSubmission" ADD COLUMN     "clientSubmissionId" TEXT,
ADD COLUMN     "durationMs" INTEGER,
ADD COLUMN     "utmSource" TEXT;

-- AlterTable
ALTER TABLE "FormTemplate" ADD COLUMN     "roundRobinCursor" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "FormEvent" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "formTemplateId" INTEGER NOT NULL,
    "version" INTEGER,
    "sessionId" INTEGER,
    "type" "FormEventType" NOT NULL,
    "stepIndex" INTEGER,
    "fieldKey" TEXT,
    "utmSource" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FormUpload" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "formTemplateId" INTEGER NOT NULL,
    "sessionId" INTEGER,
    "submissionId" INTEGER,
    "fieldKey" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormUpload_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FormEvent_subAccountId_formTemplateId_createdAt_idx" ON "FormEvent"("subAccountId", "formTemplateId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FormEvent_subAccountId_id_key" ON "FormEvent"("subAccountId", "id");

-- CreateIndex
CREATE INDEX "FormUpload_subAccountId_submissionId_idx" ON "FormUpload"("subAccountId", "submissionId");

-- CreateIndex
CREATE UNIQUE INDEX "FormUpload_subAccountId_id_key" ON "FormUpload"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "FormUpload_storageKey_key" ON "FormUpload"("storageKey");

-- CreateIndex
CREATE INDEX "FormSession_expiresAt_idx" ON "FormSession"("expiresAt");

-- CreateIndex
CREATE INDEX "FormSubmission_subAccountId_formTemplateId_version_idx" ON "FormSubmission"("subAccountId", "formTemplateId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "FormSubmission_subAccountId_formTemplateId_clientSubmission_key" ON "FormSubmission"("subAccountId", "formTemplateId", "clientSubmissionId");

-- AddForeignKey
ALTER TABLE "FormEvent" ADD CONSTRAINT "FormEvent_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormEvent" ADD CONSTRAINT "FormEvent_subAccountId_formTemplateId_fkey" FOREIGN KEY ("subAccountId", "formTemplateId") REFERENCES "FormTemplate"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "FormEvent" ADD CONSTRAINT "FormEvent_subAccountId_sessionId_fkey" FOREIGN KEY ("subAccountId", "sessionId") REFERENCES "FormSession"("subAccountId", "id") ON DELETE SET NULL ("sessionId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "FormUpload" ADD CONSTRAINT "FormUpload_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormUpload" ADD CONSTRAINT "FormUpload_subAccountId_formTemplateId_fkey" FOREIGN KEY ("subAccountId", "formTemplateId") REFERENCES "FormTemplate"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "FormUpload" ADD CONSTRAINT "FormUpload_subAccountId_sessionId_fkey" FOREIGN KEY ("subAccountId", "sessionId") REFERENCES "FormSession"("subAccountId", "id") ON DELETE SET NULL ("sessionId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "FormUpload" ADD CONSTRAINT "FormUpload_subAccountId_submissionId_fkey" FOREIGN KEY ("subAccountId", "submissionId") REFERENCES "FormSubmission"("subAccountId", "id") ON DELETE SET NULL ("submissionId") ON UPDATE NO ACTION;
