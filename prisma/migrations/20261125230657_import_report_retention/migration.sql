-- AlterTable
ALTER TABLE "LeadImport" ADD COLUMN     "reportDeletedAt" TIMESTAMP(3);
