-- AlterTable
ALTER TABLE "DataExport" ADD COLUMN     "formTemplateId" INTEGER;

-- AddForeignKey
ALTER TABLE "DataExport" ADD CONSTRAINT "DataExport_subAccountId_formTemplateId_fkey" FOREIGN KEY ("subAccountId", "formTemplateId") REFERENCES "FormTemplate"("subAccountId", "id") ON DELETE SET NULL ("formTemplateId") ON UPDATE NO ACTION;
