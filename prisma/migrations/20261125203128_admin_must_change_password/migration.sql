-- AlterTable
ALTER TABLE "PlatformAdmin" ADD COLUMN     "mustChangePassword" BOOLEAN NOT NULL DEFAULT false;
