-- CreateEnum
CREATE TYPE "DataExportStatus" AS ENUM ('queued', 'running', 'completed', 'failed', 'expired');

-- CreateEnum
CREATE TYPE "DataExportFormat" AS ENUM ('csv', 'xlsx');

-- CreateTable
CREATE TABLE "DataExport" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "requestedByUserId" INTEGER,
    "datasets" TEXT[],
    "format" "DataExportFormat" NOT NULL,
    "includePdfSummary" BOOLEAN NOT NULL DEFAULT false,
    "status" "DataExportStatus" NOT NULL DEFAULT 'queued',
    "storageKey" TEXT,
    "fileName" TEXT NOT NULL,
    "sizeBytes" INTEGER,
    "rowCount" INTEGER,
    "error" TEXT,
    "jobRunId" INTEGER,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "DataExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DataExport_subAccountId_id_idx" ON "DataExport"("subAccountId", "id" DESC);

-- CreateIndex
CREATE INDEX "DataExport_status_expiresAt_idx" ON "DataExport"("status", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "DataExport_subAccountId_id_key" ON "DataExport"("subAccountId", "id");

-- AddForeignKey
ALTER TABLE "DataExport" ADD CONSTRAINT "DataExport_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataExport" ADD CONSTRAINT "DataExport_subAccountId_requestedByUserId_fkey" FOREIGN KEY ("subAccountId", "requestedByUserId") REFERENCES "User"("subAccountId", "id") ON DELETE SET NULL ("requestedByUserId") ON UPDATE NO ACTION;
