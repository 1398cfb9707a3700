import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import ExcelJS from "exceljs";

// A queue namespace and a storage directory of this file's own; the real worker runs in this process.
const { setUpTestWorker, storageDir } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { getStorage } = await import("@/server/integrations/storage");
const { serveSignedFile } = await import("@/server/integrations/storage/file-route");
const { cleanupExpiredExportsJob } = await import("@/server/jobs/cleanup-expired-exports");
const { enqueue } = await import("@/server/jobs/enqueue");
const { createUser, createWorkspace, signedInCaller } = await import("../support/factories");

setUpTestWorker();

async function workspace(role: "manager" | "user" = "manager") {
  const ws = await createWorkspace("Exports");
  const user = await createUser({ subAccountId: ws.id, role });
  const { caller } = await signedInCaller({ kind: "user", id: user.id });
  return { ws, user, caller };
}

/** Declares the workspace's zone as its admin would in the workspace settings. */
async function inZone(workspaceId: number, timezone: string) {
  await unsafeDb.subAccount.update({ where: { id: workspaceId }, data: { settings: { timezone } } });
}

async function codeOf(p: Promise<unknown>) {
  const error = await p.then(() => null, (e: unknown) => e);
  return error instanceof TRPCError ? error.code : String(error);
}

async function waitForExport(id: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = (await unsafeDb.dataExport.findUnique({ where: { id } }))!;
    if (row.status === "completed" || row.status === "failed") return row;
    if (Date.now() > deadline) throw new Error(`export ${id} did not finish: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function storedBytes(key: string): Promise<Buffer> {
  const stream = (await getStorage().getObjectStream(key))!;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Fetches the presigned URL through the real signed-file route handler. */
async function fetchSigned(url: string): Promise<Response> {
  const segments = new URL(url).pathname.replace(/^\/api\/files\//, "").split("/");
  return serveSignedFile(new Request(url), segments);
}

describe("data exports through the worker", () => {
  it("writes a CSV of exactly the workspace's leads, with readable headers, ISO dates in the workspace's zone and E.164 phones", async () => {
    const a = await workspace();
    await inZone(a.ws.id, "America/New_York");
    const b = await workspace();
    const created = new Date("2026-01-02T03:04:05.000Z");
    await unsafeDb.lead.createMany({
      data: [
        { subAccountId: a.ws.id, name: "Ada, \"the first\"", email: "ada@example.com", phone: "+1 415 555 0100", status: "qualified", createdAt: created },
        { subAccountId: a.ws.id, name: "Bob", ownerId: a.user.id },
      ],
    });
    await unsafeDb.lead.create({ data: { subAccountId: b.ws.id, name: "Not A's lead" } });

    const exp = await a.caller.exports.create({ datasets: ["leads"], format: "csv", includePdfSummary: false });
    expect(exp).toMatchObject({ status: "queued", format: "csv", datasets: ["leads"], requestedBy: { id: a.user.id } });
    expect(exp.fileName).toMatch(/^leads-\d{4}-\d{2}-\d{2}-\d+\.csv$/);
    const row = await waitForExport(exp.id);
    expect(row).toMatchObject({ status: "completed", rowCount: 2 });
    expect(row.storageKey!.startsWith(`ws/${a.ws.id}/exports/`)).toBe(true);

    const csv = (await storedBytes(row.storageKey!)).toString("utf8");
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("ID,Name,Email,Phone,Company,Position,Custom ID,Source,Status,Time zone,Owner,Last message at,Archived at,Created at,Updated at");
    expect(lines).toHaveLength(3);
    expect(csv).toContain('"Ada, ""the first"""');
    expect(csv).toContain("+14155550100");
    // 03:04:05 UTC on 2 January is 22:04:05 the evening before in New York (EST, -05:00).
    expect(csv).toContain(",2026-01-01T22:04:05-05:00,");
    expect(csv).not.toMatch(/\d{2}:\d{2}:\d{2}(\.\d+)?Z/);
    expect(csv).toContain("Test User");
    expect(csv).not.toContain("Not A's lead");
    expect(row.sizeBytes).toBe(Buffer.byteLength(csv));

    const seen = await a.caller.exports.get({ id: exp.id });
    expect(seen).toMatchObject({ status: "completed", progress: 100, rowCount: 2 });
    const run = await unsafeDb.jobRun.findUnique({ where: { id: row.jobRunId! } });
    expect(run).toMatchObject({ status: "completed", progress: 100, subAccountId: a.ws.id });
    expect((await a.caller.exports.list({})).items.map((i) => i.id)).toEqual([exp.id]);

    const { url } = await a.caller.exports.download({ id: exp.id });
    const response = await fetchSigned(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(csv);
  });

  it("writes an XLSX that exceljs reads back, times with the workspace zone's offset of each date (DST included)", async () => {
    const a = await workspace();
    await inZone(a.ws.id, "Europe/Paris");
    const other = await createUser({ subAccountId: a.ws.id });
    const lead = await unsafeDb.lead.create({ data: { subAccountId: a.ws.id, name: "Booked lead" } });
    await unsafeDb.booking.create({
      data: {
        subAccountId: a.ws.id, userId: other.id, leadId: lead.id, title: "Intro call", status: "confirmed", timezone: "Europe/Paris",
        startsAt: new Date("2026-03-01T09:00:00Z"), endsAt: new Date("2026-03-01T09:30:00Z"),
      },
    });
    await unsafeDb.booking.create({
      data: {
        subAccountId: a.ws.id, userId: other.id, leadId: lead.id, title: "Summer call", status: "pending", timezone: "Europe/Paris",
        startsAt: new Date("2026-07-01T09:00:00Z"), endsAt: new Date("2026-07-01T09:30:00Z"),
      },
    });
    const exp = await a.caller.exports.create({ datasets: ["bookings"], format: "xlsx", includePdfSummary: false });
    const row = await waitForExport(exp.id);
    expect(row).toMatchObject({ status: "completed", rowCount: 2 });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await storedBytes(row.storageKey!)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(3);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(["ID", "Title", "Starts at", "Ends at", "Time zone", "Status", "Location", "Notes", "Lead", "Booked with", "Created at"]);
    const values = (sheet.getRow(2).values as unknown[]).slice(1);
    // Paris is UTC+1 in March (CET) and UTC+2 in July (CEST).
    expect(values.slice(1, 6)).toEqual(["Intro call", "2026-03-01T10:00:00+01:00", "2026-03-01T10:30:00+01:00", "Europe/Paris", "confirmed"]);
    expect(values[8]).toBe("Booked lead");
    const summer = (sheet.getRow(3).values as unknown[]).slice(1);
    expect(summer.slice(1, 4)).toEqual(["Summer call", "2026-07-01T11:00:00+02:00", "2026-07-01T11:30:00+02:00"]);
  });

  it("zips two CSVs and a PDF summary when several datasets and a summary are asked for", async () => {
    const a = await workspace();
    await unsafeDb.lead.createMany({ data: Array.from({ length: 5 }, (_, i) => ({ subAccountId: a.ws.id, name: `Lead ${i}`, status: i < 2 ? "new" as const : "qualified" as const })) });
    await unsafeDb.contactSubmission.create({ data: { subAccountId: a.ws.id, name: "Contact 1", email: "c1@example.com" } });
    const exp = await a.caller.exports.create({ datasets: ["leads", "contacts"], format: "csv", includePdfSummary: true });
    expect(exp.fileName).toMatch(/\.zip$/);
    const row = await waitForExport(exp.id);
    expect(row).toMatchObject({ status: "completed", rowCount: 6 });

    const zipFile = path.join(storageDir, "check.zip");
    await fs.writeFile(zipFile, await storedBytes(row.storageKey!));
    const listing = execFileSync("unzip", ["-Z1", zipFile], { encoding: "utf8" }).trim().split("\n");
    expect(listing).toEqual(["leads.csv", "contacts.csv", "summary.pdf"]);
    const leadsCsv = execFileSync("unzip", ["-p", zipFile, "leads.csv"], { encoding: "utf8" });
    expect(leadsCsv.trim().split("\n")).toHaveLength(6);
    // No zone declared: the workspace's times are UTC, written with an explicit +00:00.
    expect(leadsCsv).toMatch(/,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00,/);
    const contactsCsv = execFileSync("unzip", ["-p", zipFile, "contacts.csv"], { encoding: "utf8" });
    expect(contactsCsv).toContain("c1@example.com");
    const pdf = execFileSync("unzip", ["-p", zipFile, "summary.pdf"]);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(500);
  });

  it("keeps another workspace's export out of reach, and refuses members below manager to create", async () => {
    const a = await workspace();
    const b = await workspace();
    const exp = await a.caller.exports.create({ datasets: ["contacts"], format: "csv", includePdfSummary: false });
    await waitForExport(exp.id);
    expect(await codeOf(b.caller.exports.get({ id: exp.id }))).toBe("NOT_FOUND");
    expect(await codeOf(b.caller.exports.download({ id: exp.id }))).toBe("NOT_FOUND");
    expect((await b.caller.exports.list({})).items.map((i) => i.id)).not.toContain(exp.id);

    const member = await createUser({ subAccountId: a.ws.id, role: "user" });
    const { caller: memberCaller } = await signedInCaller({ kind: "user", id: member.id });
    expect(await codeOf(memberCaller.exports.create({ datasets: ["leads"], format: "csv", includePdfSummary: false }))).toBe("FORBIDDEN");
    expect((await memberCaller.exports.get({ id: exp.id })).id).toBe(exp.id);
  });

  it("refuses bad input with a field error and writes nothing", async () => {
    const a = await workspace();
    const error = await a.caller.exports.create({ datasets: [], format: "csv", includePdfSummary: false }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    await expect(a.caller.exports.create({ datasets: ["leads"], format: "pdf" as never, includePdfSummary: false })).rejects.toThrow();
    expect(await unsafeDb.dataExport.count({ where: { subAccountId: a.ws.id } })).toBe(0);
  });

  it("refuses to download an expired export, and the cleanup job deletes its file and marks it expired", async () => {
    const a = await workspace();
    const exp = await a.caller.exports.create({ datasets: ["leads"], format: "csv", includePdfSummary: false });
    const row = await waitForExport(exp.id);
    expect(await getStorage().headObject(row.storageKey!)).not.toBeNull();
    await unsafeDb.dataExport.update({ where: { id: exp.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const refused = await a.caller.exports.download({ id: exp.id }).then(() => null, (e: unknown) => e as TRPCError);
    expect(refused?.code).toBe("PRECONDITION_FAILED");
    expect(refused?.message).toMatch(/expired/);

    const job = await enqueue(cleanupExpiredExportsJob, {});
    const deadline = Date.now() + 15_000;
    while ((await unsafeDb.dataExport.findUnique({ where: { id: exp.id } }))!.status !== "expired") {
      if (Date.now() > deadline) throw new Error("cleanup did not run");
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job.id).toBeTruthy();
    expect(await getStorage().headObject(row.storageKey!)).toBeNull();
    expect((await a.caller.exports.get({ id: exp.id })).status).toBe("expired");
  });

  it("refuses to download an export that is not completed", async () => {
    const a = await workspace();
    const pending = await unsafeDb.dataExport.create({
      data: { subAccountId: a.ws.id, datasets: ["leads"], format: "csv", fileName: "x.csv", status: "running", expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const refused = await a.caller.exports.download({ id: pending.id }).then(() => null, (e: unknown) => e as TRPCError);
    expect(refused?.code).toBe("PRECONDITION_FAILED");
    expect(refused?.message).toMatch(/not ready/);
  });
});
