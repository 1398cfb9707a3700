-- CreateTable
CREATE TABLE "LeadSelection" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "filters" JSONB NOT NULL,
    "createdByUserId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LeadSelection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LeadSelection_subAccountId_id_key" ON "LeadSelection"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "LeadSelection_subAccountId_name_key" ON "LeadSelection"("subAccountId", "name");

-- AddForeignKey
ALTER TABLE "LeadSelection" ADD CONSTRAINT "LeadSelection_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeadSelection" ADD CONSTRAINT "LeadSelection_subAccountId_createdByUserId_fkey" FOREIGN KEY ("subAccountId", "createdByUserId") REFERENCES "User"("subAccountId", "id") ON DELETE SET NULL ("createdByUserId") ON UPDATE NO ACTION;
