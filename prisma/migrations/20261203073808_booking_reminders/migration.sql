-- AlterTable
ALTER TABLE "Booking" ADD COLUMN     "sequence" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "calendarInvite" JSONB;
