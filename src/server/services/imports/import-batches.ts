import type { LeadImport } from "@/generated/prisma/client";
import { Prisma, unsafeTransaction, type UnsafeTransaction } from "@/server/db/client";
import type { ImportedLeadValues, RowIssue } from "./validate-import-row";

/**
 * The lead import's batches: each one commits its leads, notes, report lines, counts and checkpoint in one
 * transaction of a few raw statements. They go through `unsafeTransaction` (raw `pg`, not Prisma, which spends more
 * CPU than PostgreSQL on large array parameters; see bench/README); every statement filters by the import's own
 * workspace (`subAccountId`), which came from the scoped `ctx.db` that read the import.
 */

export interface PendingRow {
  rowNumber: number;
  lead: ImportedLeadValues | null;
  issues: (RowIssue & { kind: "error" | "skipped" })[];
}

/** Another attempt of the same import moved the checkpoint first: this one stops without writing. */
export class CheckpointMoved extends Error {}

type ImportRecord = LeadImport;

interface ExistingLead {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
}

type LeadRow = PendingRow & { lead: ImportedLeadValues };
type Match = { row: LeadRow; target: ExistingLead; by: "email" | "phone" };

/**
 * One batch in one transaction (asynchronous commit: a batch lost to a PostgreSQL crash takes its checkpoint with it,
 * so it is imported again). `previousCommitted` settles when the batch before this one has committed.
 *
 * Skip mode inserts first and looks up only the rows that hit an existing lead's email or phone (most imported rows
 * are new); update mode looks up every row first, since matching rows update instead.
 */
export async function commitBatch(record: ImportRecord, checkpoint: number, batch: PendingRow[], previousCommitted: Promise<void>) {
  const ws = record.subAccountId;
  await unsafeTransaction(
    async (tx) => {
      const rows = batch.filter((r): r is LeadRow => r.lead !== null);
      const leadIdOf = new Map<PendingRow, number>();
      let created = 0;
      let updates: Match[] = [];
      if (record.duplicateMode === "update") {
        const { fresh, matched } = matchExisting(rows, await findExisting(tx, ws, rows));
        updates = matched;
        const { inserted, conflicting } = await insertLeads(tx, record, fresh);
        created = inserted.size;
        for (const [row, id] of inserted) leadIdOf.set(row, id);
        for (const row of conflicting) row.issues.push({ kind: "skipped", column: null, value: row.lead.email ?? row.lead.phone, reason: ADDED_MEANWHILE });
        await updateLeads(tx, ws, updates);
        for (const { row, target } of updates) leadIdOf.set(row, target.id);
      } else {
        const { inserted, conflicting } = await insertLeads(tx, record, rows);
        created = inserted.size;
        for (const [row, id] of inserted) leadIdOf.set(row, id);
        const { fresh, matched } = matchExisting(conflicting, await findExisting(tx, ws, conflicting));
        for (const { row, target, by } of matched) {
          row.issues.push({
            kind: "skipped",
            column: null,
            value: row.lead[by],
            reason: `Already a lead: #${target.id} (${target.name}) has this ${by}`,
          });
        }
        // Its lead was deleted between the insert and the lookup.
        for (const row of fresh) row.issues.push({ kind: "skipped", column: null, value: row.lead.email ?? row.lead.phone, reason: ADDED_MEANWHILE });
      }

      const notes = [...leadIdOf].filter(([row]) => row.lead?.notes);
      if (notes.length > 0) {
        await tx.execute(Prisma.sql`
          INSERT INTO "LeadNote" ("subAccountId", "leadId", "authorUserId", body)
          SELECT ${ws}, v."leadId", ${record.requestedByUserId}::int, v.body
          FROM unnest(${notes.map(([, id]) => id)}::int[], ${notes.map(([row]) => row.lead!.notes!)}::text[]) AS v("leadId", body)`);
      }

      const issues = batch.flatMap((row) => row.issues.map((issue) => ({ ...issue, rowNumber: row.rowNumber })));
      if (issues.length > 0) {
        await tx.execute(Prisma.sql`
          INSERT INTO "LeadImportIssue" ("subAccountId", "importId", "rowNumber", "column", value, reason, kind)
          SELECT ${ws}, ${record.id}, v."rowNumber", v."column", v.value, v.reason, v.kind::"LeadImportIssueKind"
          FROM unnest(${issues.map((i) => i.rowNumber)}::int[], ${issues.map((i) => i.column)}::text[], ${issues.map((i) => i.value)}::text[],
                      ${issues.map((i) => i.reason)}::text[], ${issues.map((i) => i.kind)}::text[]) AS v("rowNumber", "column", value, reason, kind)`);
      }

      const failed = batch.filter((row) => row.issues.some((i) => i.kind === "error")).length;
      const skipped = batch.filter((row) => !row.issues.some((i) => i.kind === "error") && row.issues.some((i) => i.kind === "skipped")).length;
      // Commits stay in file order. A failed predecessor rejects here, and this batch rolls back with it.
      await previousCommitted;
      // The checkpoint moves only from where this batch starts: of two attempts of one import, the second to get here
      // changes nothing and rolls back.
      const moved = await tx.execute(Prisma.sql`
        UPDATE "LeadImport" SET "processedRows" = ${checkpoint + batch.length},
          "createdCount" = "createdCount" + ${created}, "updatedCount" = "updatedCount" + ${updates.length},
          "skippedCount" = "skippedCount" + ${skipped}, "errorCount" = "errorCount" + ${failed}
        WHERE "subAccountId" = ${ws} AND id = ${record.id} AND "processedRows" = ${checkpoint} AND status = 'running'`);
      if (moved !== 1) throw new CheckpointMoved();
    },
    { asynchronousCommit: true, statementTimeoutMs: 60_000 },
  );
}

const ADDED_MEANWHILE = "A lead with this email or phone was added while the import ran";

/** The workspace's leads that have the email or the phone of one of `rows`. */
async function findExisting(tx: UnsafeTransaction, ws: number, rows: LeadRow[]): Promise<ExistingLead[]> {
  const emails = rows.map((r) => r.lead.email).filter((v): v is string => v !== null);
  const phones = rows.map((r) => r.lead.phone).filter((v): v is string => v !== null);
  if (emails.length + phones.length === 0) return [];
  return tx.query<ExistingLead>(Prisma.sql`
    SELECT id, name, email, phone FROM "Lead"
    WHERE "subAccountId" = ${ws} AND (email = ANY(${emails}::text[]) OR phone = ANY(${phones}::text[]))`);
}

/**
 * Rows matching no existing lead (`fresh`) and rows matching one by email or else by phone. A row whose email and
 * phone belong to two different leads matches neither: it gets an error naming both.
 */
function matchExisting(rows: LeadRow[], existing: ExistingLead[]): { fresh: LeadRow[]; matched: Match[] } {
  const byEmail = new Map(existing.filter((l) => l.email).map((l) => [l.email!, l]));
  const byPhone = new Map(existing.filter((l) => l.phone).map((l) => [l.phone!, l]));
  const fresh: LeadRow[] = [];
  const matched: Match[] = [];
  for (const row of rows) {
    const emailMatch = row.lead.email ? byEmail.get(row.lead.email) : undefined;
    const phoneMatch = row.lead.phone ? byPhone.get(row.lead.phone) : undefined;
    if (emailMatch && phoneMatch && emailMatch.id !== phoneMatch.id) {
      row.issues.push({
        kind: "error",
        column: null,
        value: null,
        reason: `The email belongs to lead #${emailMatch.id} (${emailMatch.name}) and the phone to lead #${phoneMatch.id} (${phoneMatch.name})`,
      });
    } else if (emailMatch) matched.push({ row, target: emailMatch, by: "email" });
    else if (phoneMatch) matched.push({ row, target: phoneMatch, by: "phone" });
    else fresh.push(row);
  }
  return { fresh, matched };
}

/**
 * Inserts the rows as new leads in one statement: ids drawn from the sequence per row, so each row's lead id is known
 * (for its note). A row whose email or phone a lead already has is left out (`conflicting`).
 */
async function insertLeads(tx: UnsafeTransaction, record: ImportRecord, rows: LeadRow[]) {
  const inserted = new Map<LeadRow, number>();
  const conflicting: LeadRow[] = [];
  if (rows.length === 0) return { inserted, conflicting };
  const column = <K extends keyof ImportedLeadValues>(key: K) => rows.map((r) => r.lead[key]);
  const result = await tx.query<{ ord: number; id: number; inserted: boolean }>(Prisma.sql`
    WITH v AS (
      SELECT nextval(pg_get_serial_sequence('"Lead"', 'id'))::int AS id, u.*
      FROM unnest(${column("name")}::text[], ${column("email")}::text[], ${column("phone")}::text[], ${column("company")}::text[],
                  ${column("position")}::text[], ${column("timezone")}::text[], ${column("status")}::text[], ${column("source")}::text[],
                  ${column("customId")}::text[], ${rows.map((r) => JSON.stringify(r.lead.customFields))}::text[])
        WITH ORDINALITY AS u(name, email, phone, company, position, timezone, status, source, "customId", "customFields", ord)
    ), ins AS (
      INSERT INTO "Lead" (id, "subAccountId", name, email, phone, company, position, timezone, status, source, "customId",
                          "customFields", "ownerId", "strategyId", "updatedAt")
      SELECT v.id, ${record.subAccountId}, v.name, v.email, v.phone, v.company, v.position, v.timezone,
             COALESCE(v.status, 'new')::"LeadStatus", COALESCE(v.source, 'import'), v."customId", v."customFields"::jsonb,
             ${record.ownerId}::int, ${record.strategyId}::int, now()
      FROM v
      ON CONFLICT DO NOTHING
      RETURNING id
    )
    SELECT v.ord::int AS ord, v.id, ins.id IS NOT NULL AS inserted FROM v LEFT JOIN ins ON ins.id = v.id`);
  for (const { ord, id, inserted: isNew } of result) {
    const row = rows[ord - 1]!;
    if (isNew) inserted.set(row, id);
    else conflicting.push(row);
  }
  return { inserted, conflicting };
}

/** Several rows of one batch may fill the same lead: merged in file order, so one UPDATE row per lead. */
async function updateLeads(tx: UnsafeTransaction, ws: number, updates: Match[]) {
  if (updates.length === 0) return;
  const merged = new Map<number, ImportedLeadValues>();
  for (const { row, target } of updates) {
    const before = merged.get(target.id);
    merged.set(target.id, before ? mergeValues(before, row.lead) : row.lead);
  }
  const targets = [...merged];
  const column = <K extends keyof ImportedLeadValues>(key: K) => targets.map(([, lead]) => lead[key]);
  await tx.execute(Prisma.sql`
    UPDATE "Lead" AS l SET
      name = COALESCE(v.name, l.name), email = COALESCE(v.email, l.email), phone = COALESCE(v.phone, l.phone),
      company = COALESCE(v.company, l.company), position = COALESCE(v.position, l.position),
      timezone = COALESCE(v.timezone, l.timezone), status = COALESCE(v.status::"LeadStatus", l.status),
      source = COALESCE(v.source, l.source), "customId" = COALESCE(v."customId", l."customId"),
      "customFields" = l."customFields" || v."customFields"::jsonb, "updatedAt" = now()
    FROM unnest(${targets.map(([id]) => id)}::int[], ${column("name")}::text[], ${column("email")}::text[], ${column("phone")}::text[],
                ${column("company")}::text[], ${column("position")}::text[], ${column("timezone")}::text[], ${column("status")}::text[],
                ${column("source")}::text[], ${column("customId")}::text[], ${targets.map(([, lead]) => JSON.stringify(lead.customFields))}::text[])
      AS v(id, name, email, phone, company, position, timezone, status, source, "customId", "customFields")
    WHERE l."subAccountId" = ${ws} AND l.id = v.id`);
}

function mergeValues(earlier: ImportedLeadValues, later: ImportedLeadValues): ImportedLeadValues {
  const merged = { ...earlier, customFields: { ...earlier.customFields, ...later.customFields } };
  for (const key of Object.keys(later) as (keyof ImportedLeadValues)[]) {
    if (key !== "customFields" && key !== "notes" && later[key] !== null) (merged as Record<string, unknown>)[key] = later[key];
  }
  return merged;
}
