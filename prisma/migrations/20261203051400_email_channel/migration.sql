-- CreateEnum
CREATE TYPE "EmailSuppressionReason" AS ENUM ('bounce', 'spam_complaint', 'unsubscribed');

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "emailReplyToken" TEXT;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "emailMessageId" TEXT,
ADD COLUMN     "emailReferences" TEXT;

-- CreateTable
CREATE TABLE "EmailSettings" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "fromName" TEXT,
    "fromAddress" TEXT,
    "serverToken" TEXT,
    "inboundToken" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailSuppression" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "reason" "EmailSuppressionReason" NOT NULL,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailSuppression_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailSettings_subAccountId_key" ON "EmailSettings"("subAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "EmailSettings_inboundToken_key" ON "EmailSettings"("inboundToken");

-- CreateIndex
CREATE UNIQUE INDEX "EmailSettings_subAccountId_id_key" ON "EmailSettings"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "EmailSuppression_subAccountId_id_key" ON "EmailSuppression"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "EmailSuppression_subAccountId_email_key" ON "EmailSuppression"("subAccountId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_emailReplyToken_key" ON "Lead"("emailReplyToken");

-- AddForeignKey
ALTER TABLE "EmailSettings" ADD CONSTRAINT "EmailSettings_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailSuppression" ADD CONSTRAINT "EmailSuppression_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
