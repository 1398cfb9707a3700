-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('invitation', 'owner_alert');

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "subject" TEXT;

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" BIGSERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "channel" "Channel" NOT NULL,
    "to" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "subject" TEXT,
    "body" TEXT NOT NULL,
    "tag" TEXT,
    "reference" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationEmail" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "toUserId" INTEGER,
    "toEmail" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "textBody" TEXT NOT NULL,
    "htmlBody" TEXT,
    "status" "MessageStatus" NOT NULL DEFAULT 'queued',
    "idempotencyKey" TEXT NOT NULL,
    "externalId" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "NotificationEmail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_externalId_key" ON "OutboxMessage"("externalId");

-- CreateIndex
CREATE INDEX "OutboxMessage_subAccountId_reference_idx" ON "OutboxMessage"("subAccountId", "reference");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_subAccountId_id_key" ON "OutboxMessage"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationEmail_subAccountId_id_key" ON "NotificationEmail"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationEmail_subAccountId_idempotencyKey_key" ON "NotificationEmail"("subAccountId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationEmail" ADD CONSTRAINT "NotificationEmail_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationEmail" ADD CONSTRAINT "NotificationEmail_subAccountId_toUserId_fkey" FOREIGN KEY ("subAccountId", "toUserId") REFERENCES "User"("subAccountId", "id") ON DELETE SET NULL ("toUserId") ON UPDATE NO ACTION;
