-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('scheduled', 'sending', 'paused', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "CampaignRecipientStatus" AS ENUM ('pending', 'queued', 'skipped', 'cancelled', 'failed');

-- CreateEnum
CREATE TYPE "CampaignSkipReason" AS ENUM ('opted_out', 'no_phone', 'invalid_phone', 'duplicate_phone');

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "smsSegments" INTEGER;

-- CreateTable
CREATE TABLE "MessageTemplate" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'scheduled',
    "scheduledAt" TIMESTAMP(3) NOT NULL,
    "timezone" TEXT NOT NULL,
    "audience" JSONB NOT NULL,
    "createdByUserId" INTEGER,
    "dispatchGeneration" INTEGER NOT NULL DEFAULT 0,
    "totalRecipients" INTEGER NOT NULL DEFAULT 0,
    "skippedRecipients" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignRecipient" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "campaignId" INTEGER NOT NULL,
    "leadId" INTEGER,
    "phone" TEXT,
    "status" "CampaignRecipientStatus" NOT NULL DEFAULT 'pending',
    "skipReason" "CampaignSkipReason",
    "error" TEXT,
    "messageId" BIGINT,
    "smsSegments" INTEGER,
    "queuedAt" TIMESTAMP(3),

    CONSTRAINT "CampaignRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MessageTemplate_subAccountId_id_key" ON "MessageTemplate"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "MessageTemplate_subAccountId_name_key" ON "MessageTemplate"("subAccountId", "name");

-- CreateIndex
CREATE INDEX "Campaign_subAccountId_createdAt_id_idx" ON "Campaign"("subAccountId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_subAccountId_id_key" ON "Campaign"("subAccountId", "id");

-- CreateIndex
CREATE INDEX "CampaignRecipient_campaignId_status_id_idx" ON "CampaignRecipient"("campaignId", "status", "id");

-- CreateIndex
CREATE INDEX "CampaignRecipient_subAccountId_messageId_idx" ON "CampaignRecipient"("subAccountId", "messageId");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignRecipient_subAccountId_id_key" ON "CampaignRecipient"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignRecipient_campaignId_leadId_key" ON "CampaignRecipient"("campaignId", "leadId");

-- AddForeignKey
ALTER TABLE "MessageTemplate" ADD CONSTRAINT "MessageTemplate_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_subAccountId_createdByUserId_fkey" FOREIGN KEY ("subAccountId", "createdByUserId") REFERENCES "User"("subAccountId", "id") ON DELETE SET NULL ("createdByUserId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "CampaignRecipient" ADD CONSTRAINT "CampaignRecipient_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignRecipient" ADD CONSTRAINT "CampaignRecipient_subAccountId_campaignId_fkey" FOREIGN KEY ("subAccountId", "campaignId") REFERENCES "Campaign"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "CampaignRecipient" ADD CONSTRAINT "CampaignRecipient_subAccountId_leadId_fkey" FOREIGN KEY ("subAccountId", "leadId") REFERENCES "Lead"("subAccountId", "id") ON DELETE SET NULL ("leadId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "CampaignRecipient" ADD CONSTRAINT "CampaignRecipient_subAccountId_messageId_fkey" FOREIGN KEY ("subAccountId", "messageId") REFERENCES "Message"("subAccountId", "id") ON DELETE SET NULL ("messageId") ON UPDATE NO ACTION;
