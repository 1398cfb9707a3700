import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { expect } from "vitest";
import { unsafeDb } from "@/server/db/client";
import { receiveSignedUpload, serveSignedFile } from "@/server/integrations/storage/file-route";
import type { signedInCaller } from "../support/factories";

type Caller = Awaited<ReturnType<typeof signedInCaller>>["caller"];

const segmentsOf = (url: string) => new URL(url).pathname.replace(/^\/api\/files\//, "").split("/");

/** What the import page does: ask for an upload URL, PUT the bytes through the real signed-upload route, create. */
export async function uploadImport(caller: Caller, fileName: string, bytes: Buffer | string) {
  const body = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
  const { key, upload } = await caller.imports.createUpload({ fileName, contentType: "", size: body.length });
  const response = await receiveSignedUpload(
    new Request(upload.url, { method: upload.method, headers: upload.headers, body: new Uint8Array(body) }),
    segmentsOf(upload.url),
  );
  expect(response.status, await response.clone().text()).toBe(200);
  return caller.imports.create({ key, fileName });
}

/** Polls the import row until it leaves the given transient states. */
export async function waitForImport(id: number, transient: string[] = ["analyzing", "queued", "running"], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = (await unsafeDb.leadImport.findUnique({ where: { id } }))!;
    if (!transient.includes(row.status)) return row;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${row.status} after ${timeoutMs} ms: ${row.error ?? ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Fetches a presigned download through the real signed-file route. */
export async function fetchSigned(url: string): Promise<Response> {
  return serveSignedFile(new Request(url), segmentsOf(url));
}

export async function xlsxFile(sheets: Record<string, unknown[][]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A report or file read back as rows. */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true }) as string[][];
}
