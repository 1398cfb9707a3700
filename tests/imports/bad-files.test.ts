import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";

// Its own queue namespace and storage directory; the real worker runs in this process.
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { createUser, createWorkspace, signedInCaller } = await import("../support/factories");
const { uploadImport, waitForImport, xlsxFile } = await import("./helpers");

setUpTestWorker();

async function workspace() {
  const ws = await createWorkspace("Bad files");
  const user = await createUser({ subAccountId: ws.id, role: "manager" });
  const { caller } = await signedInCaller({ kind: "user", id: user.id });
  return { ws, user, caller };
}

/** Uploads the file and waits for the analysis: it must refuse the file with `message`, and import nothing. */
async function expectRefused(fileName: string, bytes: Buffer | string, message: RegExp) {
  const a = await workspace();
  const created = await uploadImport(a.caller, fileName, bytes);
  const row = await waitForImport(created.id, ["analyzing"]);
  expect(row.status).toBe("failed");
  expect(row.error).toMatch(message);
  expect(row.totalRows).toBeNull();
  expect(await a.caller.imports.get({ id: created.id })).toMatchObject({ status: "failed", error: row.error });
  // Nothing can start from a refused file, and nothing was imported.
  const start = await a.caller.imports.start({ id: created.id, mapping: { "0": "name" }, duplicateMode: "skip" }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(start).toBeInstanceOf(TRPCError);
  expect(await unsafeDb.lead.count({ where: { subAccountId: a.ws.id } })).toBe(0);
  return row;
}

describe("lead import refuses bad files with a clear message and imports nothing", () => {
  it("a file that is not UTF-8 (Latin-1), naming the byte and line", async () => {
    const bytes = Buffer.from("name,email\nAnn,ann@example.com\nJosé Núñez,jose@example.com\n", "latin1");
    await expectRefused("latin1.csv", bytes, /not UTF-8 text \(byte 0xE9 on line 3\).*Save it as "CSV UTF-8"/);
  });

  it("unbalanced quotes, naming the line", async () => {
    const csv = 'name,email\nAnn,ann@example.com\n"Bob, the builder,bob@example.com\nCy,cy@example.com\n';
    await expectRefused("quotes.csv", csv, /A quoted value is never closed \(line \d+\): the file has unbalanced quotes/);
  });

  it("an empty file: refused at upload", async () => {
    const a = await workspace();
    const error = await a.caller.imports.createUpload({ fileName: "empty.csv", contentType: "text/csv", size: 0 }).then(
      () => null,
      (e: unknown) => e as TRPCError,
    );
    expect(error?.message).toBe("The file is empty.");
  });

  it("a file of blank lines only", async () => {
    await expectRefused("blank.csv", "\n\n  \n", /"blank.csv" is empty: there is no header row and no data/);
  });

  it("a header row without data", async () => {
    await expectRefused("header.csv", "name,email,phone\n\n", /"header.csv" has a header row but no data rows/);
  });

  it("more rows than the limit", async () => {
    const lines = ["name,email"];
    for (let i = 0; i <= 100_000; i++) lines.push(`Lead ${i},lead${i}@example.com`);
    await expectRefused("big.csv", lines.join("\n"), /"big.csv" has more than 100,000 rows, the limit for one import; split it/);
  });

  it("a sheet over the limit in a workbook", async () => {
    const rows: unknown[][] = [["name"]];
    for (let i = 0; i <= 100_000; i++) rows.push([`Lead ${i}`]);
    await expectRefused("big.xlsx", await xlsxFile({ Leads: rows }), /The sheet "Leads" has more than 100,000 rows/);
  }, 120_000);

  it("CSV text named .xlsx", async () => {
    await expectRefused("leads.xlsx", "name,email\nAnn,ann@example.com\n", /"leads.xlsx" is not an Excel workbook \(.xlsx\), whatever its name says/);
  });

  it("a workbook named .csv", async () => {
    await expectRefused("leads.csv", await xlsxFile({ Leads: [["name"], ["Ann"]] }), /"leads.csv" is a ZIP or Excel file, not CSV text/);
  });

  it("a PDF named .csv", async () => {
    await expectRefused("leads.csv", Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\n"), /"leads.csv" is a PDF, not a CSV file/);
  });

  it("a binary file named .csv", async () => {
    await expectRefused("leads.csv", Buffer.from([0x4e, 0x61, 0x00, 0x01, 0x02, 0xff, 0x10]), /"leads.csv" is a binary file, not CSV text/);
  });

  it("a damaged workbook", async () => {
    const workbook = await xlsxFile({ Leads: [["name"], ["Ann"]] });
    await expectRefused("broken.xlsx", workbook.subarray(0, Math.floor(workbook.length / 2)), /cannot be read as an Excel workbook/);
  });

  it("an empty sheet in a workbook", async () => {
    await expectRefused("empty.xlsx", await xlsxFile({ Leads: [] }), /The sheet "Leads" is empty/);
  });

  it("file types other than .csv and .xlsx, at upload", async () => {
    const a = await workspace();
    for (const [fileName, message] of [
      ["leads.xls", /Old Excel files \(.xls\) cannot be read; save the sheet as .xlsx or CSV/],
      ["leads.txt", /Only .csv and .xlsx files can be imported/],
      ["leads", /Only .csv and .xlsx files can be imported/],
    ] as const) {
      const error = await a.caller.imports.createUpload({ fileName, contentType: "text/plain", size: 10 }).then(
        () => null,
        (e: unknown) => e as TRPCError,
      );
      expect(error?.message).toMatch(message);
    }
    const tooBig = await a.caller.imports.createUpload({ fileName: "big.csv", contentType: "text/csv", size: 50 * 1024 * 1024 + 1 }).then(
      () => null,
      (e: unknown) => e as TRPCError,
    );
    expect(tooBig?.message).toMatch(/larger than 50 MB/);
  });
});

describe("lead import reads the files people actually have", () => {
  async function importAll(fileName: string, bytes: Buffer | string) {
    const a = await workspace();
    const created = await uploadImport(a.caller, fileName, bytes);
    const ready = await waitForImport(created.id, ["analyzing"]);
    expect(ready.status, ready.error ?? "").toBe("ready");
    await a.caller.imports.start({ id: created.id, mapping: ready.mapping as Record<string, string>, duplicateMode: "skip" });
    expect(await waitForImport(created.id)).toMatchObject({ status: "completed" });
    return unsafeDb.lead.findMany({ where: { subAccountId: a.ws.id }, orderBy: { id: "asc" }, select: { name: true, email: true, company: true } });
  }

  it("UTF-8 with a byte-order mark, semicolons and accents (European Excel)", async () => {
    const csv = "\uFEFFNom;Email;Company\r\nJosé Núñez;jose@example.com;Café, Ltd\r\n";
    expect(await importAll("eu.csv", csv)).toEqual([{ name: "José Núñez", email: "jose@example.com", company: "Café, Ltd" }]);
  });

  it("UTF-16 with tabs (Excel's Unicode text)", async () => {
    const text = "Name\tEmail\r\nZoë Ødegaard\tzoe@example.com\r\n";
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    expect(await importAll("unicode.csv", bytes)).toEqual([{ name: "Zoë Ødegaard", email: "zoe@example.com", company: null }]);
  });

  it("quoted fields with line breaks and doubled quotes", async () => {
    const csv = 'name,email,company\n"Ann ""The Ace"" Lee",ann@example.com,"Line one\nline two"\n';
    expect(await importAll("quoted.csv", csv)).toEqual([{ name: 'Ann "The Ace" Lee', email: "ann@example.com", company: "Line one\nline two" }]);
  });
});
