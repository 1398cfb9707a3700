import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { ExportDataset } from "@/schemas/exports";
import type { TenantDb } from "@/server/db/tenant";
import { isoWithOffset } from "@/lib/time";

/** Rows are read in keyset-paged batches of this many (by id). */
export const EXPORT_BATCH_SIZE = 2_000;

export type Cell = string | number | boolean | null;

export interface DatasetSpec {
  /** Readable column headers, in order; each row is an array of cells in the same order. */
  headers: readonly string[];
  count(db: TenantDb): Promise<number>;
  /**
   * The next batch after `afterId` (ordered by id) as rows of cells; the last cell-less id is returned too. Times are
   * ISO 8601 with the offset of `zone` (the workspace's) at that instant: 2026-12-02T10:00:00-05:00.
   */
  batch(db: TenantDb, afterId: number, take: number, zone: string): Promise<{ rows: Cell[][]; lastId: number | null }>;
}


/** E.164 when the stored number parses; as stored otherwise (never dropped). */
export function e164(phone: string | null): string | null {
  if (!phone) return null;
  return parsePhoneNumberFromString(phone)?.format("E.164") ?? phone;
}

const leads: DatasetSpec = {
  headers: ["ID", "Name", "Email", "Phone", "Company", "Position", "Custom ID", "Source", "Status", "Time zone", "Owner", "Last message at", "Archived at", "Created at", "Updated at"],
  count: (db) => db.lead.count(),
  async batch(db, afterId, take, zone) {
    const rows = await db.lead.findMany({
      where: { id: { gt: afterId } },
      orderBy: { id: "asc" },
      take,
      select: {
        id: true, name: true, email: true, phone: true, company: true, position: true, customId: true, source: true,
        status: true, timezone: true, lastMessageAt: true, archivedAt: true, createdAt: true, updatedAt: true,
        owner: { select: { name: true } },
      },
    });
    return {
      lastId: rows.at(-1)?.id ?? null,
      rows: rows.map((r) => [
        r.id, r.name, r.email, e164(r.phone), r.company, r.position, r.customId, r.source, r.status, r.timezone,
        r.owner?.name ?? null, isoWithOffset(r.lastMessageAt, zone), isoWithOffset(r.archivedAt, zone), isoWithOffset(r.createdAt, zone), isoWithOffset(r.updatedAt, zone),
      ]),
    };
  },
};

const bookings: DatasetSpec = {
  headers: ["ID", "Title", "Starts at", "Ends at", "Time zone", "Status", "Location", "Notes", "Lead", "Booked with", "Created at"],
  count: (db) => db.booking.count(),
  async batch(db, afterId, take, zone) {
    const rows = await db.booking.findMany({
      where: { id: { gt: afterId } },
      orderBy: { id: "asc" },
      take,
      select: {
        id: true, title: true, startsAt: true, endsAt: true, timezone: true, status: true, location: true, notes: true,
        createdAt: true, lead: { select: { name: true } }, user: { select: { name: true } },
      },
    });
    return {
      lastId: rows.at(-1)?.id ?? null,
      rows: rows.map((r) => [
        r.id, r.title, isoWithOffset(r.startsAt, zone), isoWithOffset(r.endsAt, zone), r.timezone, r.status, r.location, r.notes,
        r.lead?.name ?? null, r.user.name, isoWithOffset(r.createdAt, zone),
      ]),
    };
  },
};

const contacts: DatasetSpec = {
  headers: ["ID", "Name", "Email", "Phone", "Company", "Message", "Source", "Status", "Priority", "Assigned to", "Created at"],
  count: (db) => db.contactSubmission.count(),
  async batch(db, afterId, take, zone) {
    const rows = await db.contactSubmission.findMany({
      where: { id: { gt: afterId } },
      orderBy: { id: "asc" },
      take,
      select: {
        id: true, name: true, email: true, phone: true, company: true, message: true, source: true, status: true,
        priority: true, createdAt: true, assignedTo: { select: { name: true } },
      },
    });
    return {
      lastId: rows.at(-1)?.id ?? null,
      rows: rows.map((r) => [
        r.id, r.name, r.email, e164(r.phone), r.company, r.message, r.source, r.status, r.priority,
        r.assignedTo?.name ?? null, isoWithOffset(r.createdAt, zone),
      ]),
    };
  },
};

export const DATASETS: Record<ExportDataset, DatasetSpec> = { leads, bookings, contacts };
