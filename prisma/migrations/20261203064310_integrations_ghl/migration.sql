-- CreateEnum
CREATE TYPE "IntegrationLinkKind" AS ENUM ('contact', 'appointment');

-- AlterTable
ALTER TABLE "Integration" ADD COLUMN     "enabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "importJobRunId" INTEGER,
ADD COLUMN     "syncCursor" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "IntegrationTemplate" ADD COLUMN     "secretFields" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "IntegrationLink" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "integrationId" INTEGER NOT NULL,
    "kind" "IntegrationLinkKind" NOT NULL,
    "localId" INTEGER NOT NULL,
    "externalId" TEXT NOT NULL,
    "localSyncedAt" TIMESTAMP(3),
    "remoteUpdatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IntegrationLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntegrationConflict" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "integrationId" INTEGER NOT NULL,
    "kind" "IntegrationLinkKind" NOT NULL,
    "localId" INTEGER NOT NULL,
    "externalId" TEXT NOT NULL,
    "winner" TEXT NOT NULL,
    "localUpdatedAt" TIMESTAMP(3) NOT NULL,
    "remoteUpdatedAt" TIMESTAMP(3) NOT NULL,
    "label" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IntegrationConflict_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "IntegrationLink_subAccountId_id_key" ON "IntegrationLink"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "IntegrationLink_integrationId_kind_externalId_key" ON "IntegrationLink"("integrationId", "kind", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "IntegrationLink_integrationId_kind_localId_key" ON "IntegrationLink"("integrationId", "kind", "localId");

-- CreateIndex
CREATE INDEX "IntegrationConflict_integrationId_createdAt_idx" ON "IntegrationConflict"("integrationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "IntegrationConflict_subAccountId_id_key" ON "IntegrationConflict"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Integration_subAccountId_templateId_key" ON "Integration"("subAccountId", "templateId");

-- AddForeignKey
ALTER TABLE "IntegrationLink" ADD CONSTRAINT "IntegrationLink_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationLink" ADD CONSTRAINT "IntegrationLink_subAccountId_integrationId_fkey" FOREIGN KEY ("subAccountId", "integrationId") REFERENCES "Integration"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "IntegrationConflict" ADD CONSTRAINT "IntegrationConflict_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationConflict" ADD CONSTRAINT "IntegrationConflict_subAccountId_integrationId_fkey" FOREIGN KEY ("subAccountId", "integrationId") REFERENCES "Integration"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- The GoHighLevel template asks for what API v2 needs (a Private Integration token, a secret) and the sync settings.
UPDATE "IntegrationTemplate" SET "configSchema" = '{"type":"object","required":["locationId","privateToken"],"properties":{"locationId":{"type":"string","title":"Location ID","description":"Settings › Business Profile in GoHighLevel.","minLength":1,"maxLength":100},"privateToken":{"type":"string","title":"Private Integration token","description":"Settings › Private Integrations in GoHighLevel.","minLength":1,"maxLength":500},"calendarId":{"type":"string","title":"Calendar for bookings","description":"The GoHighLevel calendar id that bookings made here are copied to. Leave blank to keep bookings here only.","maxLength":100},"pushLeads":{"type":"boolean","title":"Send lead changes to GoHighLevel","default":true},"baseUrl":{"type":"string","title":"API address","description":"Only change this when GoHighLevel tells you to.","format":"uri","default":"https://services.leadconnectorhq.com","maxLength":300},"fieldMapping":{"type":"object","title":"Where lead fields go in GoHighLevel","properties":{"name":{"type":"string","title":"Name","enum":["name","email","phone","companyName","source","tag","none"],"default":"name"},"email":{"type":"string","title":"Email","enum":["name","email","phone","companyName","source","tag","none"],"default":"email"},"phone":{"type":"string","title":"Phone","enum":["name","email","phone","companyName","source","tag","none"],"default":"phone"},"company":{"type":"string","title":"Company","enum":["name","email","phone","companyName","source","tag","none"],"default":"companyName"},"source":{"type":"string","title":"Source","enum":["name","email","phone","companyName","source","tag","none"],"default":"source"},"status":{"type":"string","title":"Status","enum":["name","email","phone","companyName","source","tag","none"],"default":"tag"}}}}}'::jsonb, "secretFields" = ARRAY['privateToken'] WHERE "key" = 'gohighlevel';
