import { stringify } from "csv-stringify";
import type { CountryCode } from "libphonenumber-js/max";
import { importMappingSchema } from "@/schemas/imports";
import { unsafeDb } from "@/server/db/client";
import { AppError, NON_RETRYABLE_CODES } from "@/server/errors";
import type { Storage } from "@/server/integrations/storage";
import { assertKeyInWorkspace } from "@/server/integrations/storage/workspace-files";
import { regionFromSettings } from "@/server/services/phone";
import { readImportRows } from "./read-import-file";
import { planColumns, validateImportRow, type ImportedLeadValues, type RowIssue } from "./validate-import-row";

export const IMPORT_BATCH_SIZE = 2_000;

type ImportRecord = NonNullable<Awaited<ReturnType<typeof unsafeDb.leadImport.findUnique>>>;

interface RunInput {
  workspaceId: number;
  importId: number;
  storage: Storage;
  reportProgress?(pct: number): void;
  finalAttempt?: boolean;
}

interface PendingRow {
  rowNumber: number;
  lead: ImportedLeadValues | null;
  issues: (RowIssue & { kind: "error" | "skipped" })[];
}

/** Another attempt of the same import moved the checkpoint first: this one stops without writing. */
class CheckpointMoved extends Error {}

/**
 * Imports the rows of a ready import, in batches of IMPORT_BATCH_SIZE. Each batch commits its leads, notes,
 * report lines, counts and the checkpoint (processedRows) in one transaction; an attempt after a crash or a
 * failure re-reads the file, skips the rows before the checkpoint and goes on, so every row is imported exactly
 * once. Duplicates inside the file are recognised by re-validating the skipped rows, which is deterministic.
 */
export async function runLeadImport(input: RunInput) {
  const { workspaceId, importId, storage } = input;
  const where = { subAccountId_id: { subAccountId: workspaceId, id: importId } };
  let record = await unsafeDb.leadImport.findUnique({ where });
  if (!record) throw new AppError("NOT_FOUND", `No import #${importId} in workspace ${workspaceId}.`);
  if (record.status === "completed") return counts(record);
  // A failed import that had started is resumed (from the Jobs page or imports.resume) from its checkpoint.
  const resumable = record.status === "queued" || record.status === "running" || (record.status === "failed" && record.startedAt !== null);
  if (!resumable) throw new AppError("PRECONDITION_FAILED", `Import #${importId} is ${record.status}, so it cannot be imported.`);
  assertKeyInWorkspace(record.storageKey, workspaceId, "imports");
  record = await unsafeDb.leadImport.update({
    where,
    data: { status: "running", startedAt: record.startedAt ?? new Date(), error: null },
  });

  try {
    await importRows(record, input);
    return await finish(record, storage);
  } catch (e) {
    if (e instanceof CheckpointMoved) return { superseded: true };
    const retried = input.finalAttempt === false && !(e instanceof AppError && NON_RETRYABLE_CODES.has(e.code));
    if (!retried) {
      const message = e instanceof AppError ? e.message : "The import stopped on an unexpected error; resume it to continue.";
      await unsafeDb.leadImport.update({ where, data: { status: "failed", error: message } });
    }
    throw e;
  }
}

async function importRows(record: ImportRecord, input: RunInput) {
  const mapping = importMappingSchema.parse(record.mapping);
  const plan = planColumns(record.headers, mapping);
  const workspace = await unsafeDb.subAccount.findUniqueOrThrow({ where: { id: record.subAccountId }, select: { settings: true } });
  const region: CountryCode = regionFromSettings(workspace.settings);
  const stream = await input.storage.getObjectStream(record.storageKey);
  if (!stream) throw new AppError("PRECONDITION_FAILED", "The uploaded file is gone; upload it again.");

  // Normalized email / phone -> the row that first used it (rows before the checkpoint included).
  const firstRowOf = new Map<string, number>();
  const total = record.totalRows ?? 0;
  const resumeAfter = record.processedRows;
  let checkpoint = resumeAfter;
  let ordinal = 0;
  let batch: PendingRow[] = [];
  let header = true;
  // One batch commits while the next one is read and validated; commits stay strictly in order.
  let committing: Promise<void> = Promise.resolve();
  const commit = (rows: PendingRow[]) => {
    const from = checkpoint;
    checkpoint += rows.length;
    committing = commitBatch(record, from, rows).then(() => {
      input.reportProgress?.(total ? Math.min(99, Math.floor(((from + rows.length) / total) * 100)) : 0);
    });
    // Handled when awaited below; this only keeps a failure from counting as unhandled meanwhile.
    committing.catch(() => {});
  };

  for await (const row of readImportRows(stream, record.fileType, { sheetName: record.sheetName })) {
    if (header) {
      header = false;
      continue;
    }
    ordinal++;
    const validated = validateImportRow(row.cells, plan, region);
    const pending: PendingRow = { rowNumber: row.rowNumber, lead: null, issues: [] };
    if (!validated.ok) pending.issues = validated.issues.map((issue) => ({ ...issue, kind: "error" }));
    else {
      const duplicate = duplicateInFile(validated.lead, row.rowNumber, firstRowOf);
      if (duplicate) pending.issues = [{ ...duplicate, kind: "skipped" }];
      else pending.lead = validated.lead;
    }
    if (ordinal <= resumeAfter) continue;
    batch.push(pending);
    if (batch.length >= IMPORT_BATCH_SIZE) {
      await committing;
      commit(batch);
      batch = [];
    }
  }
  await committing;
  if (batch.length > 0) {
    commit(batch);
    await committing;
  }
}

function duplicateInFile(lead: ImportedLeadValues, rowNumber: number, firstRowOf: Map<string, number>): RowIssue | null {
  const keys: [string, string | null, string][] = [
    [`e:${lead.email}`, lead.email, "email"],
    [`p:${lead.phone}`, lead.phone, "phone"],
  ];
  for (const [key, value, label] of keys) {
    const first = value === null ? undefined : firstRowOf.get(key);
    if (first !== undefined) return { column: null, value, reason: `Same ${label} as row ${first} of this file` };
  }
  for (const [key, value] of keys) if (value !== null) firstRowOf.set(key, rowNumber);
  return null;
}

interface ExistingLead {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
}

async function commitBatch(record: ImportRecord, checkpoint: number, batch: PendingRow[]) {
  const ws = record.subAccountId;
  await unsafeDb.$transaction(
    async (tx) => {
      // Taking the checkpoint first serializes two attempts of one import; the loser stops here.
      const moved = await tx.$executeRaw`
        UPDATE "LeadImport" SET "processedRows" = ${checkpoint + batch.length}
        WHERE "subAccountId" = ${ws} AND id = ${record.id} AND "processedRows" = ${checkpoint} AND status = 'running'`;
      if (moved !== 1) throw new CheckpointMoved();

      const rows = batch.filter((r) => r.lead !== null) as (PendingRow & { lead: ImportedLeadValues })[];
      const emails = rows.map((r) => r.lead.email).filter((v): v is string => v !== null);
      const phones = rows.map((r) => r.lead.phone).filter((v): v is string => v !== null);
      const existing =
        emails.length + phones.length === 0
          ? []
          : await tx.$queryRaw<ExistingLead[]>`
              SELECT id, name, email, phone FROM "Lead"
              WHERE "subAccountId" = ${ws} AND (email = ANY(${emails}::text[]) OR phone = ANY(${phones}::text[]))`;
      const byEmail = new Map(existing.filter((l) => l.email).map((l) => [l.email!, l]));
      const byPhone = new Map(existing.filter((l) => l.phone).map((l) => [l.phone!, l]));

      const inserts: (PendingRow & { lead: ImportedLeadValues })[] = [];
      const updates: { row: PendingRow & { lead: ImportedLeadValues }; target: ExistingLead }[] = [];
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
          continue;
        }
        const match = emailMatch ?? phoneMatch;
        if (!match) inserts.push(row);
        else if (record.duplicateMode === "update") updates.push({ row, target: match });
        else {
          row.issues.push({
            kind: "skipped",
            column: null,
            value: emailMatch ? row.lead.email : row.lead.phone,
            reason: `Already a lead: #${match.id} (${match.name}) has this ${emailMatch ? "email" : "phone"}`,
          });
        }
      }

      const leadIdOf = new Map<PendingRow, number>();
      let created = 0;
      if (inserts.length > 0) {
        const ids = await tx.$queryRaw<{ id: number }[]>`
          SELECT nextval(pg_get_serial_sequence('"Lead"', 'id'))::int AS id FROM generate_series(1, ${inserts.length})`;
        inserts.forEach((row, i) => leadIdOf.set(row, ids[i]!.id));
        const column = <K extends keyof ImportedLeadValues>(key: K) => inserts.map((r) => r.lead[key]);
        const inserted = await tx.$queryRaw<{ id: number }[]>`
          INSERT INTO "Lead" (id, "subAccountId", name, email, phone, company, position, timezone, status, source, "customId",
                              "customFields", "ownerId", "strategyId", "updatedAt")
          SELECT v.id, ${ws}, v.name, v.email, v.phone, v.company, v.position, v.timezone,
                 COALESCE(v.status, 'new')::"LeadStatus", COALESCE(v.source, 'import'), v."customId", v."customFields"::jsonb,
                 ${record.ownerId}::int, ${record.strategyId}::int, now()
          FROM unnest(${ids.map((r) => r.id)}::int[], ${column("name")}::text[], ${column("email")}::text[], ${column("phone")}::text[],
                      ${column("company")}::text[], ${column("position")}::text[], ${column("timezone")}::text[], ${column("status")}::text[],
                      ${column("source")}::text[], ${column("customId")}::text[], ${inserts.map((r) => JSON.stringify(r.lead.customFields))}::text[])
            AS v(id, name, email, phone, company, position, timezone, status, source, "customId", "customFields")
          ON CONFLICT DO NOTHING
          RETURNING id`;
        const insertedIds = new Set(inserted.map((r) => r.id));
        created = insertedIds.size;
        for (const row of inserts) {
          if (insertedIds.has(leadIdOf.get(row)!)) continue;
          leadIdOf.delete(row);
          row.issues.push({ kind: "skipped", column: null, value: row.lead.email ?? row.lead.phone, reason: "A lead with this email or phone was added while the import ran" });
        }
      }

      if (updates.length > 0) {
        // Several rows of one batch may fill the same lead: merged in file order, so one UPDATE row per lead.
        const merged = new Map<number, ImportedLeadValues>();
        for (const { row, target } of updates) {
          const before = merged.get(target.id);
          merged.set(target.id, before ? mergeValues(before, row.lead) : row.lead);
        }
        const targets = [...merged];
        const column = <K extends keyof ImportedLeadValues>(key: K) => targets.map(([, lead]) => lead[key]);
        await tx.$executeRaw`
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
          WHERE l."subAccountId" = ${ws} AND l.id = v.id`;
        for (const { row, target } of updates) leadIdOf.set(row, target.id);
      }

      const notes = [...leadIdOf].filter(([row]) => row.lead?.notes);
      if (notes.length > 0) {
        await tx.$executeRaw`
          INSERT INTO "LeadNote" ("subAccountId", "leadId", "authorUserId", body)
          SELECT ${ws}, v."leadId", ${record.requestedByUserId}::int, v.body
          FROM unnest(${notes.map(([, id]) => id)}::int[], ${notes.map(([row]) => row.lead!.notes!)}::text[]) AS v("leadId", body)`;
      }

      const issues = batch.flatMap((row) => row.issues.map((issue) => ({ ...issue, rowNumber: row.rowNumber })));
      if (issues.length > 0) {
        await tx.$executeRaw`
          INSERT INTO "LeadImportIssue" ("subAccountId", "importId", "rowNumber", "column", value, reason, kind)
          SELECT ${ws}, ${record.id}, v."rowNumber", v."column", v.value, v.reason, v.kind::"LeadImportIssueKind"
          FROM unnest(${issues.map((i) => i.rowNumber)}::int[], ${issues.map((i) => i.column)}::text[], ${issues.map((i) => i.value)}::text[],
                      ${issues.map((i) => i.reason)}::text[], ${issues.map((i) => i.kind)}::text[]) AS v("rowNumber", "column", value, reason, kind)`;
      }

      const failed = batch.filter((row) => row.issues.some((i) => i.kind === "error")).length;
      const skipped = batch.filter((row) => !row.issues.some((i) => i.kind === "error") && row.issues.some((i) => i.kind === "skipped")).length;
      await tx.$executeRaw`
        UPDATE "LeadImport" SET "createdCount" = "createdCount" + ${created}, "updatedCount" = "updatedCount" + ${updates.length},
          "skippedCount" = "skippedCount" + ${skipped}, "errorCount" = "errorCount" + ${failed}
        WHERE "subAccountId" = ${ws} AND id = ${record.id}`;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

/** Writes the report of refused and skipped rows (when there are any), marks the import completed, drops the upload. */
async function finish(record: ImportRecord, storage: Storage) {
  const where = { subAccountId_id: { subAccountId: record.subAccountId, id: record.id } };
  const latest = await unsafeDb.leadImport.findUniqueOrThrow({ where });
  if (latest.errorCount + latest.skippedCount > 0) {
    assertKeyInWorkspace(latest.errorReportKey, record.subAccountId, "imports");
    await storage.uploadLarge(latest.errorReportKey, issueReport(record.subAccountId, record.id), { contentType: "text/csv" });
  }
  const done = await unsafeDb.leadImport.update({ where, data: { status: "completed", completedAt: new Date(), error: null } });
  await storage.deleteObject(record.storageKey);
  return counts(done);
}

/** row, column, value, kind, reason, in row order, read in pages so a 100k-line report never sits in memory. */
function issueReport(subAccountId: number, importId: number) {
  const csv = stringify({ header: true, columns: ["row", "column", "value", "result", "reason"] });
  void (async () => {
    let after: bigint | null = null;
    for (;;) {
      const page: { id: bigint; rowNumber: number; column: string | null; value: string | null; kind: string; reason: string }[] =
        await unsafeDb.leadImportIssue.findMany({
          where: { subAccountId, importId, ...(after === null ? {} : { id: { gt: after } }) },
          orderBy: { id: "asc" },
          take: 2_000,
        });
      for (const issue of page) {
        const line = [issue.rowNumber, issue.column ?? "", issue.value ?? "", issue.kind === "error" ? "not imported" : "skipped", issue.reason];
        if (!csv.write(line)) await new Promise((resolve) => csv.once("drain", resolve));
      }
      if (page.length < 2_000) break;
      after = page.at(-1)!.id;
    }
    csv.end();
  })().catch((e: unknown) => csv.destroy(e as Error));
  return csv;
}

function mergeValues(earlier: ImportedLeadValues, later: ImportedLeadValues): ImportedLeadValues {
  const merged = { ...earlier, customFields: { ...earlier.customFields, ...later.customFields } };
  for (const key of Object.keys(later) as (keyof ImportedLeadValues)[]) {
    if (key !== "customFields" && key !== "notes" && later[key] !== null) (merged as Record<string, unknown>)[key] = later[key];
  }
  return merged;
}

function counts(record: ImportRecord) {
  return {
    created: record.createdCount,
    updated: record.updatedCount,
    skipped: record.skippedCount,
    errors: record.errorCount,
  };
}
