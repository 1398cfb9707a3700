-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'budget_alert';

-- AlterTable
ALTER TABLE "Booking" ADD COLUMN     "bookedByAi" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "SecurityIncident" ADD COLUMN     "resolvedAt" TIMESTAMP(3),
ADD COLUMN     "resolvedBy" TEXT;

-- AlterTable
ALTER TABLE "SubAccount" ADD COLUMN     "monthlyEmailLimit" INTEGER,
ADD COLUMN     "monthlySmsLimit" INTEGER,
ADD COLUMN     "monthlyWebLimit" INTEGER;

-- AlterTable
ALTER TABLE "TokenUsage" ADD COLUMN     "alert100SentAt" TIMESTAMP(3),
ADD COLUMN     "alert80SentAt" TIMESTAMP(3),
ADD COLUMN     "maxTurnTokens" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "reservedTokens" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "TokenReservation" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "turnKey" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "tokens" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TokenReservation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelUsageHourly" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "model" TEXT NOT NULL,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "turns" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ModelUsageHourly_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageUsage" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "channel" "Channel" NOT NULL,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageUsage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelPrice" (
    "id" SERIAL NOT NULL,
    "model" TEXT NOT NULL,
    "inputPerMillion" DOUBLE PRECISION NOT NULL,
    "outputPerMillion" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModelPrice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TokenReservation_subAccountId_expiresAt_idx" ON "TokenReservation"("subAccountId", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "TokenReservation_subAccountId_id_key" ON "TokenReservation"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "TokenReservation_subAccountId_turnKey_key" ON "TokenReservation"("subAccountId", "turnKey");

-- CreateIndex
CREATE UNIQUE INDEX "ModelUsageHourly_subAccountId_id_key" ON "ModelUsageHourly"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ModelUsageHourly_subAccountId_hour_model_key" ON "ModelUsageHourly"("subAccountId", "hour", "model");

-- CreateIndex
CREATE UNIQUE INDEX "MessageUsage_subAccountId_id_key" ON "MessageUsage"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "MessageUsage_subAccountId_month_channel_key" ON "MessageUsage"("subAccountId", "month", "channel");

-- CreateIndex
CREATE UNIQUE INDEX "ModelPrice_model_key" ON "ModelPrice"("model");

-- CreateIndex
CREATE INDEX "Message_subAccountId_createdAt_idx" ON "Message"("subAccountId", "createdAt");

-- CreateIndex
CREATE INDEX "SecurityIncident_subAccountId_createdAt_idx" ON "SecurityIncident"("subAccountId", "createdAt");

-- AddForeignKey
ALTER TABLE "TokenReservation" ADD CONSTRAINT "TokenReservation_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelUsageHourly" ADD CONSTRAINT "ModelUsageHourly_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageUsage" ADD CONSTRAINT "MessageUsage_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
