-- CreateEnum
CREATE TYPE "JobRunStatus" AS ENUM ('queued', 'active', 'completed', 'failed');

-- CreateTable
CREATE TABLE "JobRun" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER,
    "queue" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "bullJobId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "JobRunStatus" NOT NULL DEFAULT 'queued',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "startedByUserId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JobRun_subAccountId_id_idx" ON "JobRun"("subAccountId", "id");

-- CreateIndex
CREATE INDEX "JobRun_status_finishedAt_idx" ON "JobRun"("status", "finishedAt");

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_queue_bullJobId_key" ON "JobRun"("queue", "bullJobId");

-- AddForeignKey
ALTER TABLE "JobRun" ADD CONSTRAINT "JobRun_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
