-- AlterTable
ALTER TABLE "PlatformAdmin" ADD COLUMN     "timezone" TEXT NOT NULL DEFAULT 'UTC';
