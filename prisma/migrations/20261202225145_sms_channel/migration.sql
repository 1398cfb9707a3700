-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "MessageStatus" ADD VALUE 'sending';
ALTER TYPE "MessageStatus" ADD VALUE 'undelivered';

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "smsOptedOutAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "media" JSONB,
ADD COLUMN     "ourNumber" TEXT,
ADD COLUMN     "providerErrorCode" TEXT,
ADD COLUMN     "scheduledFor" TIMESTAMP(3),
ADD COLUMN     "sendStartedAt" TIMESTAMP(3),
ADD COLUMN     "smsNumberId" INTEGER;

-- CreateTable
CREATE TABLE "TwilioAccount" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "accountSid" TEXT NOT NULL,
    "authToken" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TwilioAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SmsNumber" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "phoneNumber" TEXT,
    "messagingServiceSid" TEXT,
    "label" TEXT,
    "messagesPerSecond" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SmsNumber_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TwilioAccount_subAccountId_key" ON "TwilioAccount"("subAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "TwilioAccount_subAccountId_id_key" ON "TwilioAccount"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "SmsNumber_phoneNumber_key" ON "SmsNumber"("phoneNumber");

-- CreateIndex
CREATE UNIQUE INDEX "SmsNumber_messagingServiceSid_key" ON "SmsNumber"("messagingServiceSid");

-- CreateIndex
CREATE UNIQUE INDEX "SmsNumber_subAccountId_id_key" ON "SmsNumber"("subAccountId", "id");

-- CreateIndex
CREATE INDEX "Message_externalId_idx" ON "Message"("externalId");

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_subAccountId_smsNumberId_fkey" FOREIGN KEY ("subAccountId", "smsNumberId") REFERENCES "SmsNumber"("subAccountId", "id") ON DELETE SET NULL ("smsNumberId") ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "TwilioAccount" ADD CONSTRAINT "TwilioAccount_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SmsNumber" ADD CONSTRAINT "SmsNumber_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A number is a phone number, a Messaging Service, or both (hand-written: Prisma has no CHECK constraints).
ALTER TABLE "SmsNumber" ADD CONSTRAINT "SmsNumber_has_address" CHECK ("phoneNumber" IS NOT NULL OR "messagingServiceSid" IS NOT NULL);
