-- AlterTable (IF NOT EXISTS: this migration first landed as 20261203063415_booking_reminders; a database that
-- applied it under that name applies it again here without change)
ALTER TABLE "Booking" ADD COLUMN IF NOT EXISTS "sequence" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN IF NOT EXISTS "calendarInvite" JSONB;
