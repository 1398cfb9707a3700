-- CreateEnum
CREATE TYPE "LeadImportStatus" AS ENUM ('analyzing', 'needs_sheet', 'ready', 'queued', 'running', 'completed', 'failed');

-- CreateEnum
CREATE TYPE "LeadImportDuplicateMode" AS ENUM ('skip', 'update');

-- CreateEnum
CREATE TYPE "LeadImportFileType" AS ENUM ('csv', 'xlsx');

-- CreateEnum
CREATE TYPE "LeadImportIssueKind" AS ENUM ('error', 'skipped');

-- CreateTable
CREATE TABLE "LeadImport" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "requestedByUserId" INTEGER,
    "fileName" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "errorReportKey" TEXT NOT NULL,
    "fileType" "LeadImportFileType" NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sheetNames" TEXT[],
    "sheetName" TEXT,
    "headers" TEXT[],
    "previewRows" JSONB NOT NULL DEFAULT '[]',
    "totalRows" INTEGER,
    "mapping" JSONB,
    "duplicateMode" "LeadImportDuplicateMode" NOT NULL DEFAULT 'skip',
    "ownerId" INTEGER,
    "strategyId" INTEGER,
    "status" "LeadImportStatus" NOT NULL DEFAULT 'analyzing',
    "error" TEXT,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "createdCount" INTEGER NOT NULL DEFAULT 0,
    "updatedCount" INTEGER NOT NULL DEFAULT 0,
    "skippedCount" INTEGER NOT NULL DEFAULT 0,
    "errorCount" INTEGER NOT NULL DEFAULT 0,
    "jobRunId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "LeadImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LeadImportIssue" (
    "id" BIGSERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "importId" INTEGER NOT NULL,
    "rowNumber" INTEGER NOT NULL,
    "column" TEXT,
    "value" TEXT,
    "reason" TEXT NOT NULL,
    "kind" "LeadImportIssueKind" NOT NULL,

    CONSTRAINT "LeadImportIssue_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LeadImport_subAccountId_id_idx" ON "LeadImport"("subAccountId", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "LeadImport_subAccountId_id_key" ON "LeadImport"("subAccountId", "id");

-- CreateIndex
CREATE INDEX "LeadImportIssue_subAccountId_importId_rowNumber_idx" ON "LeadImportIssue"("subAccountId", "importId", "rowNumber");

-- CreateIndex
CREATE UNIQUE INDEX "LeadImportIssue_subAccountId_id_key" ON "LeadImportIssue"("subAccountId", "id");

-- AddForeignKey
ALTER TABLE "LeadImport" ADD CONSTRAINT "LeadImport_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeadImport" ADD CONSTRAINT "LeadImport_subAccountId_requestedByUserId_fkey" FOREIGN KEY ("subAccountId", "requestedByUserId") REFERENCES "User"("subAccountId", "id") ON DELETE SET NULL ("requestedByUserId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "LeadImportIssue" ADD CONSTRAINT "LeadImportIssue_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeadImportIssue" ADD CONSTRAINT "LeadImportIssue_subAccountId_importId_fkey" FOREIGN KEY ("subAccountId", "importId") REFERENCES "LeadImport"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
