-- AlterTable
ALTER TABLE "FormSubmission" ADD COLUMN     "version" INTEGER;

-- AlterTable
ALTER TABLE "FormTemplate" ADD COLUMN     "archivedAt" TIMESTAMP(3),
ADD COLUMN     "publishedVersion" INTEGER;

-- CreateTable
CREATE TABLE "FormVersion" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "formTemplateId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" "FormKind" NOT NULL,
    "schema" JSONB NOT NULL,
    "settings" JSONB NOT NULL,
    "createdByUserId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FormVersion_subAccountId_id_key" ON "FormVersion"("subAccountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "FormVersion_subAccountId_formTemplateId_version_key" ON "FormVersion"("subAccountId", "formTemplateId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "FormTemplate_slug_key" ON "FormTemplate"("slug");

-- AddForeignKey
ALTER TABLE "FormVersion" ADD CONSTRAINT "FormVersion_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormVersion" ADD CONSTRAINT "FormVersion_subAccountId_formTemplateId_fkey" FOREIGN KEY ("subAccountId", "formTemplateId") REFERENCES "FormTemplate"("subAccountId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
