import type { Readable } from "node:stream";
import { IMPORT_MAX_ROWS } from "@/schemas/imports";
import type { WorkspaceJobContext } from "@/server/context";
import { AppError, NON_RETRYABLE_CODES } from "@/server/errors";
import { getStorage, type Storage } from "@/server/integrations/storage";
import { assertKeyInWorkspace } from "@/server/integrations/storage/workspace-files";
import { suggestMapping } from "./column-mapping";
import { checkFileSignature, listXlsxSheets, readImportRows, type ImportFileType } from "./read-import-file";

export const PREVIEW_ROWS = 10;
const SIGNATURE_BYTES = 4096;

interface AnalyzeInput {
  importId: number;
  /** The configured storage unless given. */
  storage?: Storage;
}

/**
 * The file-processing job of an import: checks what the file is (signature, encoding, quotes), finds the sheet,
 * reads the header, counts the rows against the limit and keeps a preview with a suggested mapping. A file
 * problem ends the import as failed with the reason, before anything is imported.
 */
export async function analyzeLeadImport(ctx: WorkspaceJobContext, input: AnalyzeInput) {
  const { importId, storage = getStorage() } = input;
  const { db } = ctx;
  const record = await db.leadImport.findUnique({ where: { id: importId } });
  if (!record) throw new AppError("NOT_FOUND", `No import #${importId} in this workspace.`);
  if (record.status !== "analyzing") return { status: record.status };
  assertKeyInWorkspace(record.storageKey, ctx.workspace.id, "imports");
  const open = async () => {
    const stream = await storage.getObjectStream(record.storageKey);
    if (!stream) throw new AppError("PRECONDITION_FAILED", "The uploaded file is gone; upload it again.");
    return stream;
  };

  try {
    checkFileSignature(await readHead(await open()), record.fileType, record.fileName);
    let sheetName = record.sheetName;
    let sheetNames: string[] = [];
    if (record.fileType === "xlsx") {
      sheetNames = await listXlsxSheets(await open());
      if (sheetNames.length === 0) throw AppError.field("file", "The workbook has no sheets.");
      if (sheetName === null) {
        if (sheetNames.length > 1) {
          await db.leadImport.update({ where: { id: importId }, data: { status: "needs_sheet", sheetNames } });
          return { status: "needs_sheet" as const, sheets: sheetNames.length };
        }
        sheetName = sheetNames[0]!;
      }
    }
    ctx.reportProgress(30);
    const { headers, previewRows, totalRows } = await readOutline(await open(), record.fileType, sheetName, record.fileName);
    await db.leadImport.update({
      where: { id: importId },
      data: {
        status: "ready",
        sheetNames,
        sheetName,
        headers,
        previewRows,
        totalRows,
        mapping: suggestMapping(headers, previewRows),
        error: null,
      },
    });
    return { status: "ready" as const, totalRows };
  } catch (e) {
    const fileProblem = e instanceof AppError && (e.code === "BAD_REQUEST" || e.code === "PRECONDITION_FAILED");
    const retried = !ctx.isFinalAttempt && !(e instanceof AppError && NON_RETRYABLE_CODES.has(e.code));
    if (fileProblem || !retried) {
      const message = fileProblem ? (e as AppError).message : "The file could not be read; please try again.";
      await db.leadImport.update({ where: { id: importId }, data: { status: "failed", error: message, completedAt: new Date() } });
    }
    if (fileProblem) return { status: "failed" as const };
    throw e;
  }
}

async function readHead(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length >= SIGNATURE_BYTES) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, SIGNATURE_BYTES);
}

/** The header row, the first rows and the number of data rows (refused past the limit, or when there are none). */
async function readOutline(stream: Readable, type: ImportFileType, sheetName: string | null, fileName: string) {
  let headers: string[] | null = null;
  const previewRows: string[][] = [];
  let totalRows = 0;
  const where = sheetName && type === "xlsx" ? `The sheet "${sheetName}"` : `"${fileName}"`;
  for await (const row of readImportRows(stream, type, { sheetName })) {
    if (headers === null) {
      headers = row.cells.map((cell, i) => cell || `Column ${i + 1}`);
      continue;
    }
    totalRows++;
    if (totalRows > IMPORT_MAX_ROWS) {
      stream.destroy();
      throw AppError.field(
        "file",
        `${where} has more than ${IMPORT_MAX_ROWS.toLocaleString("en-US")} rows, the limit for one import; split it into smaller files.`,
      );
    }
    if (previewRows.length < PREVIEW_ROWS) previewRows.push(row.cells);
  }
  if (headers === null) throw AppError.field("file", `${where} is empty: there is no header row and no data.`);
  if (totalRows === 0) throw AppError.field("file", `${where} has a header row but no data rows.`);
  // Rows longer than the header get numbered columns, so no value is silently dropped from the mapping.
  const width = Math.max(headers.length, ...previewRows.map((r) => r.length));
  for (let i = headers.length; i < width; i++) headers.push(`Column ${i + 1}`);
  for (const row of previewRows) while (row.length < width) row.push("");
  return { headers, previewRows, totalRows };
}
