import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { ExportDataset } from "@/schemas/exports";
import type { TenantDb } from "@/server/db/tenant";
import { AppError } from "@/server/errors";
import { isoWithOffset } from "@/lib/time";
import { answersOf, answerText } from "@/server/services/forms/list-submissions";
import { definitionOf } from "@/server/services/forms/form-records";

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

export const DATASETS: Record<Exclude<ExportDataset, "form_submissions">, DatasetSpec> = { leads, bookings, contacts };

/** A visitor's text that a spreadsheet would run as a formula (=, @, +cmd, -cmd) is written with a leading apostrophe. */
export function inertCell(value: string): string {
  return /^[=@\t\r]|^[+-][^\d\s.]/.test(value) ? `'${value}` : value;
}

/**
 * One form's submissions: fixed columns, then one column per field the form ever had (the newest version's order and
 * label first, then fields only older versions had), then the consents agreed to with their exact words.
 */
async function formSubmissions(db: TenantDb, formId: number | null): Promise<DatasetSpec> {
  const form = formId === null ? null : await db.formTemplate.findUnique({ where: { id: formId }, select: { id: true, schema: true } });
  if (!form) throw new AppError("NOT_FOUND", "The form of this export no longer exists.");
  const versions = await db.formVersion.findMany({ where: { formTemplateId: form.id }, orderBy: { version: "desc" }, select: { schema: true } });
  const columns = new Map<string, string>();
  for (const def of [...versions.map((v) => definitionOf(v.schema)), definitionOf(form.schema)]) {
    for (const f of def.fields) if (f.type !== "consent" && !columns.has(f.key)) columns.set(f.key, f.label);
  }
  const labels = [...columns.values()];
  const headers = [
    "Submission ID", "Submitted at", "Version", "Lead ID", "Lead name", "Lead email", "Time to complete (seconds)", "Source (utm_source)",
    ...labels.map((l, i) => (labels.indexOf(l) === i ? l : `${l} (${i + 1})`)),
    "Consents",
  ];
  const keys = [...columns.keys()];
  return {
    headers,
    count: (tdb) => tdb.formSubmission.count({ where: { formTemplateId: form.id } }),
    async batch(tdb, afterId, take, zone) {
      const rows = await tdb.formSubmission.findMany({
        where: { formTemplateId: form.id, id: { gt: afterId } },
        orderBy: { id: "asc" },
        take,
        select: { id: true, createdAt: true, version: true, data: true, durationMs: true, utmSource: true, lead: { select: { id: true, name: true, email: true } } },
      });
      return {
        lastId: rows.at(-1)?.id ?? null,
        rows: rows.map((r) => {
          const answers = answersOf(r.data);
          const consents = (r.data as { consents?: { text?: string }[] } | null)?.consents ?? [];
          return [
            r.id, isoWithOffset(r.createdAt, zone), r.version, r.lead?.id ?? null, r.lead?.name ?? null, r.lead?.email ?? null,
            r.durationMs === null ? null : Math.round(r.durationMs / 1000), r.utmSource === null ? null : inertCell(r.utmSource),
            ...keys.map((k) => {
              const text = answerText(answers[k]);
              return text === "" ? null : inertCell(text);
            }),
            Array.isArray(consents) && consents.length ? inertCell(consents.map((c) => c.text ?? "").join(" | ")) : null,
          ];
        }),
      };
    },
  };
}

/** The spec of one dataset of an export (form submissions read their form's columns first). */
export async function datasetSpec(db: TenantDb, dataset: ExportDataset, exportRow: { formTemplateId: number | null }): Promise<DatasetSpec> {
  return dataset === "form_submissions" ? formSubmissions(db, exportRow.formTemplateId) : DATASETS[dataset];
}
