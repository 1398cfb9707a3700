-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('pending', 'succeeded', 'failed');

-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'webhook_disabled';

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT,
    "eventTypes" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabledAt" TIMESTAMP(3),
    "disabledReason" TEXT,
    "secret" TEXT NOT NULL,
    "previousSecret" TEXT,
    "previousSecretExpiresAt" TIMESTAMP(3),
    "failingSince" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" BIGSERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "endpointId" INTEGER NOT NULL,
    "eventId" BIGINT,
    "eventType" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "fanOutKey" TEXT,
    "isTest" BOOLEAN NOT NULL DEFAULT false,
    "resendOfId" BIGINT,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "responseStatus" INTEGER,
    "durationMs" INTEGER,
    "responseExcerpt" TEXT,
    "error" TEXT,
    "lastAttemptAt" TIMESTAMP(3),
    "nextAttemptAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookEndpoint_subAccountId_createdAt_idx" ON "WebhookEndpoint"("subAccountId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEndpoint_subAccountId_id_key" ON "WebhookEndpoint"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_fanOutKey_key" ON "WebhookDelivery"("fanOutKey");

-- CreateIndex
CREATE INDEX "WebhookDelivery_subAccountId_endpointId_createdAt_id_idx" ON "WebhookDelivery"("subAccountId", "endpointId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_subAccountId_id_key" ON "WebhookDelivery"("subAccountId", "id");

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_subAccountId_endpointId_fkey" FOREIGN KEY ("subAccountId", "endpointId") REFERENCES "WebhookEndpoint"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
