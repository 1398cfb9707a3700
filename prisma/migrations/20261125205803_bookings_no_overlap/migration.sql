-- AlterTable
ALTER TABLE "Booking" ALTER COLUMN "startsAt" SET DATA TYPE TIMESTAMPTZ(3) USING "startsAt" AT TIME ZONE 'UTC',
ALTER COLUMN "endsAt" SET DATA TYPE TIMESTAMPTZ(3) USING "endsAt" AT TIME ZONE 'UTC';

-- CreateIndex
CREATE INDEX "Booking_subAccountId_leadId_idx" ON "Booking"("subAccountId", "leadId");

-- Hand-written (Prisma cannot express these; `migrate diff` leaves them alone).
-- Existing values were written as UTC wall-clock times: keep them the same instants.
-- One user never has two active bookings whose time ranges overlap, even under concurrent inserts.
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE "Booking" ADD CONSTRAINT "Booking_ends_after_start" CHECK ("endsAt" > "startsAt");

ALTER TABLE "Booking" ADD CONSTRAINT "Booking_no_overlap"
  EXCLUDE USING gist ("userId" WITH =, tstzrange("startsAt", "endsAt") WITH &&)
  WHERE ("status" IN ('pending', 'confirmed'));
