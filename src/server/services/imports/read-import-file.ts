import { Readable, Transform, type TransformCallback } from "node:stream";
import { CsvError, parse } from "csv-parse";
import ExcelJS from "exceljs";
import { AppError } from "@/server/errors";

/**
 * Reads an uploaded lead file as rows of trimmed strings, streaming (a 50 MB file never sits in memory whole).
 * Every problem with the file itself is an AppError on the field "file" that says what is wrong and how to fix
 * it; the import is refused before anything is written.
 */
export type ImportFileType = "csv" | "xlsx";

export interface ImportRow {
  /** The spreadsheet row number (the header is row 1). */
  rowNumber: number;
  cells: string[];
}

const fileError = (message: string) => AppError.field("file", message);

/** Refuses anything but .csv and .xlsx by name; what the bytes are is checked by checkFileSignature. */
export function importFileTypeOf(fileName: string): ImportFileType {
  const extension = fileName.toLowerCase().split(".").pop();
  if (extension === "csv") return "csv";
  if (extension === "xlsx") return "xlsx";
  if (extension === "xls") throw fileError("Old Excel files (.xls) cannot be read; save the sheet as .xlsx or CSV and upload that.");
  throw fileError("Only .csv and .xlsx files can be imported.");
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** The first bytes must be what the name says: a ZIP container for .xlsx, text for .csv. */
export function checkFileSignature(head: Buffer, type: ImportFileType, fileName: string): void {
  if (head.length === 0) throw fileError("The file is empty.");
  const isZip = head.subarray(0, 4).equals(ZIP);
  if (type === "xlsx") {
    if (head.subarray(0, 4).equals(OLE)) {
      throw fileError(`"${fileName}" is an old Excel (.xls) file renamed to .xlsx; save it as .xlsx or CSV and upload that.`);
    }
    if (!isZip) throw fileError(`"${fileName}" is not an Excel workbook (.xlsx), whatever its name says.`);
    return;
  }
  if (isZip) throw fileError(`"${fileName}" is a ZIP or Excel file, not CSV text; upload it with the .xlsx extension or export it as CSV.`);
  if (head.subarray(0, 5).toString("latin1") === "%PDF-") throw fileError(`"${fileName}" is a PDF, not a CSV file.`);
  if (head.subarray(0, 4).equals(OLE)) throw fileError(`"${fileName}" is an old Office (.xls/.doc) file, not a CSV file.`);
  const utf16 = utf16Encoding(head);
  if (!utf16 && head.includes(0)) throw fileError(`"${fileName}" is a binary file, not CSV text.`);
}

function utf16Encoding(head: Buffer): "utf-16le" | "utf-16be" | null {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return null;
}

/** Every data row (blank rows left out) after the header row; the header comes first from the iterator. */
export async function* readImportRows(
  source: Readable,
  type: ImportFileType,
  options: { sheetName?: string | null } = {},
): AsyncGenerator<ImportRow> {
  if (type === "csv") yield* readCsvRows(source);
  else yield* readXlsxRows(source, options.sheetName ?? null);
}

// ---------------------------------------------------------------------------------------------- CSV

const MAX_RECORD_BYTES = 1024 * 1024;

/**
 * Decodes bytes as UTF-8 (or UTF-16 when the file starts with its byte-order mark), refusing invalid bytes
 * with the line they are on, instead of letting them turn into replacement characters in lead names.
 */
class StrictTextDecoder extends Transform {
  private decoder: TextDecoder | null = null;
  private line = 1;

  constructor() {
    super({ readableObjectMode: false, decodeStrings: true, encoding: "utf8" });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    try {
      this.decoder ??= new TextDecoder(utf16Encoding(chunk) ?? "utf-8", { fatal: true });
      const text = this.decoder.decode(chunk, { stream: true });
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.line++;
      done(null, text);
    } catch {
      done(this.encodingError(chunk));
    }
  }

  override _flush(done: TransformCallback) {
    try {
      done(null, this.decoder?.decode() ?? "");
    } catch {
      done(fileError(`The file ends in the middle of a character: it is not valid UTF-8 text. Save it as "CSV UTF-8" and upload it again.`));
    }
  }

  private encodingError(chunk: Buffer): AppError {
    // Find the first byte that is not UTF-8 to name its line (the chunk's earlier lines were counted above).
    let line = this.line;
    let offset = 0;
    while (offset < chunk.length) {
      const width = utf8SequenceLength(chunk, offset);
      if (width === 0) break;
      if (chunk[offset] === 0x0a) line++;
      offset += width;
    }
    const byte = chunk[offset];
    const shown = byte === undefined ? "" : ` (byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")} on line ${line})`;
    return fileError(
      `The file is not UTF-8 text${shown}; it was probably saved as Windows-1252/Latin-1. Save it as "CSV UTF-8" and upload it again.`,
    );
  }
}

/** Length of the valid UTF-8 sequence at `offset`, or 0 when the bytes there are not UTF-8. */
function utf8SequenceLength(bytes: Buffer, offset: number): number {
  const first = bytes[offset]!;
  if (first < 0x80) return 1;
  const width = first >= 0xf0 && first <= 0xf4 ? 4 : first >= 0xe0 ? 3 : first >= 0xc2 && first <= 0xdf ? 2 : 0;
  if (width === 0 || (width === 3 && first > 0xef)) return 0;
  for (let i = 1; i < width; i++) {
    const next = bytes[offset + i];
    // A sequence cut by the chunk boundary is fine: the decoder carries it over.
    if (next === undefined) return width;
    if ((next & 0xc0) !== 0x80) return 0;
  }
  return width;
}

/** The delimiter the first line uses most: comma, semicolon (European Excel) or tab. */
function detectDelimiter(firstLine: string): string {
  let best = ",";
  let bestCount = 0;
  for (const candidate of [",", ";", "\t"]) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

async function* readCsvRows(source: Readable): AsyncGenerator<ImportRow> {
  const text = source.pipe(new StrictTextDecoder());
  source.on("error", (e) => text.destroy(e));
  // The delimiter is read off the first line before the parser starts.
  const iterator = text[Symbol.asyncIterator]() as AsyncIterator<string>;
  let buffered = "";
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    buffered += next.value;
    if (buffered.includes("\n") || buffered.length > MAX_RECORD_BYTES) break;
  }
  const firstLine = buffered.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const rest = Readable.from(
    (async function* () {
      yield buffered;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    })(),
  );
  const parser = rest.pipe(
    parse({
      bom: true,
      delimiter: detectDelimiter(firstLine),
      relax_column_count: true,
      relax_quotes: true,
      max_record_size: MAX_RECORD_BYTES,
      skip_empty_lines: false,
      trim: true,
    }),
  );
  rest.on("error", (e) => parser.destroy(e));
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber++;
      if (record.every((cell) => cell === "")) continue;
      yield { rowNumber, cells: record };
    }
  } catch (e) {
    throw csvProblem(e);
  }
}

function csvProblem(e: unknown): unknown {
  if (e instanceof AppError) return e;
  if (!(e instanceof CsvError)) {
    const cause = (e as { cause?: unknown } | null)?.cause;
    return cause instanceof AppError ? cause : e;
  }
  const line = (e as CsvError & { lines?: number }).lines;
  const at = line ? ` (line ${line})` : "";
  switch (e.code) {
    case "CSV_QUOTE_NOT_CLOSED":
    case "CSV_MAX_RECORD_SIZE":
      return fileError(`A quoted value is never closed${at}: the file has unbalanced quotes. Fix that line and upload it again.`);
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return fileError(`A closing quote is followed by more text${at}: the file has unbalanced quotes. Fix that line and upload it again.`);
    default:
      return fileError(`The CSV file cannot be read${at}: ${e.message}`);
  }
}

// ---------------------------------------------------------------------------------------------- XLSX

interface SheetReader extends AsyncIterable<{ number: number; values: unknown[] }> {
  name: string;
}

/** The names of the workbook's sheets, in order. */
export async function listXlsxSheets(source: Readable): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const sheet of workbookReader(source)) {
      names.push(sheet.name);
      await skipSheet(sheet);
    }
  } catch (e) {
    throw xlsxProblem(e);
  }
  return names;
}

function workbookReader(source: Readable): AsyncIterable<SheetReader> {
  return new ExcelJS.stream.xlsx.WorkbookReader(source, {
    sharedStrings: "cache",
    worksheets: "emit",
    hyperlinks: "ignore",
    // Styles say which numbers are dates (Excel stores dates as day counts).
    styles: "cache",
    entries: "ignore",
  }) as unknown as AsyncIterable<SheetReader>;
}

/**
 * Reads a sheet the caller does not want to its end. exceljs may hold a sheet in a temporary file and open it when the
 * sheet is handed over; a sheet left unread has its file deleted under that open, an error no one listens to.
 */
async function skipSheet(sheet: SheetReader): Promise<void> {
  for await (const row of sheet) void row;
}

async function* readXlsxRows(source: Readable, sheetName: string | null): AsyncGenerator<ImportRow> {
  let found = false;
  try {
    for await (const sheet of workbookReader(source)) {
      if (found || (sheetName !== null && sheet.name !== sheetName)) {
        await skipSheet(sheet);
        continue;
      }
      found = true;
      for await (const row of sheet) {
        const cells = row.values.slice(1).map(cellText);
        if (cells.every((cell) => cell === "")) continue;
        yield { rowNumber: row.number, cells };
      }
    }
  } catch (e) {
    throw xlsxProblem(e);
  }
  if (!found) throw fileError(sheetName ? `The workbook has no sheet named "${sheetName}".` : "The workbook has no sheets.");
}

function xlsxProblem(e: unknown): unknown {
  if (e instanceof AppError) return e;
  return fileError("The file cannot be read as an Excel workbook (.xlsx): it is damaged or not really a workbook.");
}

/** A cell as the text a person sees: rich text joined, formulas as their result, dates as ISO dates. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (typeof value === "object") {
    const cell = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(cell.richText)) return cell.richText.map((part) => part.text).join("").trim();
    if ("result" in cell) return cellText(cell.result);
    if (cell.text !== undefined) return cellText(cell.text);
    if (cell.error !== undefined) return "";
  }
  return String(value).trim();
}
