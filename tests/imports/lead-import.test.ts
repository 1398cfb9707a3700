import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";

// Its own queue namespace and storage directory; the real worker runs in this process.
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { getStorage } = await import("@/server/integrations/storage");
const { getQueue } = await import("@/server/jobs/queues");
const { createUser, createWorkspace, signedInCaller } = await import("../support/factories");
const { fetchSigned, parseCsv, uploadImport, waitForImport, xlsxFile } = await import("./helpers");

setUpTestWorker();

async function workspace(role: "manager" | "user" = "manager") {
  const ws = await createWorkspace("Imports");
  const user = await createUser({ subAccountId: ws.id, role });
  const { caller } = await signedInCaller({ kind: "user", id: user.id });
  return { ws, user, caller };
}

async function failureOf(p: Promise<unknown>) {
  const error = await p.then(() => null, (e: unknown) => e);
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

const CSV = [
  "Full Name,E-mail,Mobile,Company,Job Title,Time Zone,Notes,Budget,Favourite colour",
  'Ada Lovelace,ADA@Example.com,(415) 555-0100,"Analytical, Ltd",Founder,Europe/London,"Met at the fair, wants a demo",5000,blue',
  "Bob Stone,bob@example.com,+44 20 7946 0958,,,,,,green",
  "Cy Bad Phone,cy@example.com,12,,,,,,",
  "Di Bad Email,not-an-email,,,,,,,",
  ",nameless@example.com,,,,,,,",
  "Ed Bad Zone,ed@example.com,,,,Mars/Olympus,,,",
  "Ada Again,ada@example.com,,,,,,,",
  "",
  "Fay Plain,,,,,,,,",
].join("\r\n");

describe("lead import from CSV", () => {
  it("suggests a mapping, imports with the adjusted mapping, and reports each refused row with its column and reason", async () => {
    const a = await workspace();
    const created = await uploadImport(a.caller, "My leads.csv", CSV);
    expect(created).toMatchObject({ status: "analyzing", fileType: "csv", fileName: "My leads.csv" });

    const ready = await waitForImport(created.id, ["analyzing"]);
    expect(ready).toMatchObject({ status: "ready", totalRows: 8, error: null });
    expect(ready.headers).toEqual(["Full Name", "E-mail", "Mobile", "Company", "Job Title", "Time Zone", "Notes", "Budget", "Favourite colour"]);
    expect(ready.mapping).toEqual({
      "0": "name",
      "1": "email",
      "2": "phone",
      "3": "company",
      "4": "position",
      "5": "timezone",
      "6": "notes",
      "7": "custom:Budget",
      "8": "custom:Favourite colour",
    });
    expect((ready.previewRows as string[][])[0]).toEqual([
      "Ada Lovelace", "ADA@Example.com", "(415) 555-0100", "Analytical, Ltd", "Founder", "Europe/London", "Met at the fair, wants a demo", "5000", "blue",
    ]);

    // The user drops the colour column and starts.
    const mapping = { ...(ready.mapping as Record<string, string>), "8": "ignore" };
    const started = await a.caller.imports.start({ id: created.id, mapping, duplicateMode: "skip" });
    expect(["queued", "running", "completed"]).toContain(started.status);
    const done = await waitForImport(created.id);
    expect(done).toMatchObject({ status: "completed", processedRows: 8, createdCount: 3, updatedCount: 0, skippedCount: 1, errorCount: 4 });

    const leads = await unsafeDb.lead.findMany({ where: { subAccountId: a.ws.id }, orderBy: { id: "asc" } });
    expect(leads.map((l) => l.name)).toEqual(["Ada Lovelace", "Bob Stone", "Fay Plain"]);
    expect(leads[0]).toMatchObject({
      email: "ada@example.com",
      phone: "+14155550100",
      company: "Analytical, Ltd",
      position: "Founder",
      timezone: "Europe/London",
      source: "import",
      status: "new",
      customFields: { Budget: "5000" },
    });
    expect(leads[1]).toMatchObject({ phone: "+442079460958", customFields: {} });
    const notes = await unsafeDb.leadNote.findMany({ where: { subAccountId: a.ws.id } });
    expect(notes).toEqual([expect.objectContaining({ leadId: leads[0]!.id, body: "Met at the fair, wants a demo", authorUserId: a.user.id })]);

    const { items } = await a.caller.imports.issues({ id: created.id });
    expect(items.map((i) => [i.rowNumber, i.column, i.kind])).toEqual([
      [4, "Mobile", "error"],
      [5, "E-mail", "error"],
      [6, "Full Name", "error"],
      [7, "Time Zone", "error"],
      [8, null, "skipped"],
    ]);
    expect(items[0]!.reason).toBe("The phone is not a valid phone number for US");
    expect(items[4]!.reason).toBe("Same email as row 2 of this file");

    const { url } = await a.caller.imports.downloadReport({ id: created.id });
    const response = await fetchSigned(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain("My leads-import-report.csv");
    const report = parseCsv(await response.text());
    expect(report[0]).toEqual(["row", "column", "value", "result", "reason"]);
    expect(report.slice(1).map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      ["4", "Mobile", "12", "not imported"],
      ["5", "E-mail", "not-an-email", "not imported"],
      ["6", "Full Name", "", "not imported"],
      ["7", "Time Zone", "Mars/Olympus", "not imported"],
      ["8", "", "ada@example.com", "skipped"],
    ]);
    expect(report[4]![4]).toMatch(/Unknown time zone/);

    // The uploaded file is deleted once the import is done; the job's run reports to this workspace.
    expect(await getStorage().headObject(done.storageKey)).toBeNull();
    const run = await unsafeDb.jobRun.findUnique({ where: { id: done.jobRunId! } });
    expect(run).toMatchObject({ subAccountId: a.ws.id, name: "lead-import", status: "completed", progress: 100 });
    expect(await a.caller.imports.get({ id: created.id })).toMatchObject({ progress: 100, status: "completed" });
  });

  it("skips or updates rows that match existing leads by email or phone, as the user chose", async () => {
    const a = await workspace();
    const existing = await unsafeDb.lead.create({
      data: { subAccountId: a.ws.id, name: "Old Name", email: "old@example.com", phone: "+14155550111", company: "Keep Co", customFields: { tier: "gold" } },
    });
    const other = await unsafeDb.lead.create({ data: { subAccountId: a.ws.id, name: "Other", phone: "+14155550122" } });
    const third = await unsafeDb.lead.create({ data: { subAccountId: a.ws.id, name: "Third", email: "x@example.com" } });
    const file = [
      "name,email,phone,company,notes,Tier,Size",
      "New Name,OLD@example.com,,,Called back,,12",
      "Phone Match,,415-555-0111,,,,",
      "Split,x@example.com,+1 415 555 0122,,,,",
      "Fresh,fresh@example.com,,,,,",
    ].join("\n");

    const skip = await uploadImport(a.caller, "skip.csv", file);
    const skipReady = await waitForImport(skip.id, ["analyzing"]);
    await a.caller.imports.start({ id: skip.id, mapping: skipReady.mapping as Record<string, string>, duplicateMode: "skip" });
    expect(await waitForImport(skip.id)).toMatchObject({ status: "completed", createdCount: 1, updatedCount: 0, skippedCount: 2, errorCount: 1 });
    const skipIssues = (await a.caller.imports.issues({ id: skip.id })).items;
    expect(skipIssues.map((i) => [i.rowNumber, i.kind])).toEqual([
      [2, "skipped"],
      [3, "skipped"],
      [4, "error"],
    ]);
    expect(skipIssues[0]!.reason).toBe(`Already a lead: #${existing.id} (Old Name) has this email`);
    expect(skipIssues[1]!.reason).toBe(`Already a lead: #${existing.id} (Old Name) has this phone`);
    expect(skipIssues[2]!.reason).toBe(`The email belongs to lead #${third.id} (Third) and the phone to lead #${other.id} (Other)`);
    expect(await unsafeDb.lead.findUnique({ where: { id: existing.id } })).toMatchObject({ name: "Old Name", company: "Keep Co" });

    const update = await uploadImport(a.caller, "update.csv", file.replace("fresh@example.com", "fresh2@example.com"));
    const updateReady = await waitForImport(update.id, ["analyzing"]);
    await a.caller.imports.start({ id: update.id, mapping: updateReady.mapping as Record<string, string>, duplicateMode: "update" });
    const done = await waitForImport(update.id);
    // Rows 2 and 3 both fill the same lead (by email, then by phone): applied in file order.
    expect(done).toMatchObject({ status: "completed", createdCount: 1, updatedCount: 2, errorCount: 1 });
    const updated = await unsafeDb.lead.findUniqueOrThrow({ where: { id: existing.id } });
    // Non-empty cells overwrite, empty cells keep what the lead had, custom fields merge.
    expect(updated).toMatchObject({ name: "Phone Match", email: "old@example.com", phone: "+14155550111", company: "Keep Co", customFields: { tier: "gold", Size: "12" } });
    const notes = await unsafeDb.leadNote.findMany({ where: { leadId: existing.id } });
    expect(notes.map((n) => n.body)).toEqual(["Called back"]);
  });

  it("imports the sheet the user picks from a workbook with several sheets", async () => {
    const a = await workspace();
    const workbook = await xlsxFile({
      Summary: [["Total", 2]],
      "Leads 2026": [
        ["Name", "Email", "Phone", "Signed up"],
        [{ richText: [{ text: "Rich " }, { text: "Text" }] }, { text: "rt@example.com", hyperlink: "mailto:rt@example.com" }, 4155550133, new Date("2026-02-03T00:00:00Z")],
        ["Formula Person", "f@example.com", { formula: '"+1415"&"5550144"', result: "+14155550144" }, ""],
      ],
    });
    const created = await uploadImport(a.caller, "book.xlsx", workbook);
    const needsSheet = await waitForImport(created.id, ["analyzing"]);
    expect(needsSheet).toMatchObject({ status: "needs_sheet", sheetNames: ["Summary", "Leads 2026"] });
    expect(await failureOf(a.caller.imports.start({ id: created.id, mapping: { "0": "name" }, duplicateMode: "skip" }))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    const wrongSheet = await failureOf(a.caller.imports.selectSheet({ id: created.id, sheetName: "Nope" }));
    expect(wrongSheet.message).toMatch(/no sheet named "Nope"/);

    await a.caller.imports.selectSheet({ id: created.id, sheetName: "Leads 2026" });
    const ready = await waitForImport(created.id, ["analyzing"]);
    expect(ready).toMatchObject({ status: "ready", sheetName: "Leads 2026", totalRows: 2, headers: ["Name", "Email", "Phone", "Signed up"] });
    expect(ready.previewRows).toEqual([
      ["Rich Text", "rt@example.com", "4155550133", "2026-02-03"],
      ["Formula Person", "f@example.com", "+14155550144", ""],
    ]);
    await a.caller.imports.start({ id: created.id, mapping: ready.mapping as Record<string, string>, duplicateMode: "skip" });
    expect(await waitForImport(created.id)).toMatchObject({ status: "completed", createdCount: 2, errorCount: 0 });
    const leads = await unsafeDb.lead.findMany({ where: { subAccountId: a.ws.id }, orderBy: { id: "asc" } });
    expect(leads.map((l) => [l.name, l.email, l.phone, l.customFields])).toEqual([
      ["Rich Text", "rt@example.com", "+14155550133", { "Signed up": "2026-02-03" }],
      ["Formula Person", "f@example.com", "+14155550144", {}],
    ]);
    expect(await failureOf(a.caller.imports.downloadReport({ id: created.id }))).toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("checks the mapping, the owner and the strategy before starting, and starts once", async () => {
    const a = await workspace();
    const b = await workspace();
    const created = await uploadImport(a.caller, "m.csv", "First,Last,Email\nAda,Lovelace,ada@example.com\n");
    await waitForImport(created.id, ["analyzing"]);
    const noName = await failureOf(a.caller.imports.start({ id: created.id, mapping: { "2": "email" }, duplicateMode: "skip" }));
    expect(noName.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(noName.cause ?? noName.message)).toMatch(/Map a column to the lead's name/);
    const twice = await failureOf(a.caller.imports.start({ id: created.id, mapping: { "0": "email", "2": "email", "1": "name" }, duplicateMode: "skip" }));
    expect(twice.message).toMatch(/Columns 1 and 3 both fill/);
    const outOfRange = await failureOf(a.caller.imports.start({ id: created.id, mapping: { "0": "name", "7": "email" }, duplicateMode: "skip" }));
    expect(outOfRange.message).toMatch(/no column 8/);
    const foreignOwner = await failureOf(
      a.caller.imports.start({ id: created.id, mapping: { "0": "firstName", "1": "lastName" }, duplicateMode: "skip", ownerId: b.user.id }),
    );
    expect(foreignOwner.message).toMatch(/No member/);
    expect(await unsafeDb.leadImport.findUnique({ where: { id: created.id } })).toMatchObject({ status: "ready" });

    const strategy = await unsafeDb.strategy.create({ data: { subAccountId: a.ws.id, name: "Import strategy" } });
    await a.caller.imports.start({
      id: created.id, mapping: { "0": "firstName", "1": "lastName", "2": "email" }, duplicateMode: "skip", ownerId: a.user.id, strategyId: strategy.id,
    });
    expect(await failureOf(a.caller.imports.start({ id: created.id, mapping: { "0": "name" }, duplicateMode: "skip" }))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    await waitForImport(created.id);
    const lead = await unsafeDb.lead.findFirstOrThrow({ where: { subAccountId: a.ws.id } });
    expect(lead).toMatchObject({ name: "Ada Lovelace", ownerId: a.user.id, strategyId: strategy.id });
  });

  it("stops as failed when its file disappears, and resumes once it is back", async () => {
    const a = await workspace();
    const bytes = "name,email\nAnn,ann@example.com\nBob,bob@example.com\n";
    const created = await uploadImport(a.caller, "gone.csv", bytes);
    const ready = await waitForImport(created.id, ["analyzing"]);
    expect(await failureOf(a.caller.imports.resume({ id: created.id }))).toMatchObject({ code: "PRECONDITION_FAILED" });
    await getStorage().deleteObject(ready.storageKey);
    await a.caller.imports.start({ id: created.id, mapping: ready.mapping as Record<string, string>, duplicateMode: "skip" });
    const failed = await waitForImport(created.id);
    expect(failed).toMatchObject({ status: "failed", error: "The uploaded file is gone; upload it again.", processedRows: 0 });
    expect(await unsafeDb.jobRun.findUnique({ where: { id: failed.jobRunId! } })).toMatchObject({ status: "failed" });

    await getStorage().putObject(ready.storageKey, Buffer.from(bytes), { contentType: "text/csv" });
    const resumed = await a.caller.imports.resume({ id: created.id });
    expect(["queued", "running", "completed"]).toContain(resumed.status);
    expect(await waitForImport(created.id)).toMatchObject({ status: "completed", createdCount: 2 });
    expect(await failureOf(a.caller.imports.resume({ id: created.id }))).toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("when PostgreSQL refuses a batch, the batches written beside it roll back, and the retry completes every row once", async () => {
    const a = await workspace();
    const ROWS = 10_000;
    // Data row 5,000 sits in the third batch of 2,000; the batches after it are written while it fails.
    const refusedRow = 5_000;
    const lines = ["Name,Email,Phone,Notes"];
    for (let i = 1; i <= ROWS; i++) {
      lines.push(`${i === refusedRow ? "Refused Row" : `Lead ${i}`},lead${i}@example.com,+1415${String(3_000_000 + i)},Note ${i}`);
    }
    // A real refusal by the database (a trigger), for this workspace only.
    const trigger = `refuse_import_row_${a.ws.id}`;
    await unsafeDb.$executeRawUnsafe(`
      CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."subAccountId" = ${a.ws.id} AND NEW.name = 'Refused Row' THEN RAISE EXCEPTION 'refused by the test trigger'; END IF;
        RETURN NEW;
      END $$`);
    await unsafeDb.$executeRawUnsafe(`CREATE TRIGGER ${trigger} BEFORE INSERT ON "Lead" FOR EACH ROW EXECUTE FUNCTION ${trigger}()`);
    try {
      const created = await uploadImport(a.caller, "refused.csv", lines.join("\n"));
      const ready = await waitForImport(created.id, ["analyzing"]);
      await a.caller.imports.start({ id: created.id, mapping: ready.mapping as Record<string, string>, duplicateMode: "skip" });
      const { jobRunId } = await unsafeDb.leadImport.findUniqueOrThrow({ where: { id: created.id } });
      const run = await unsafeDb.jobRun.findUniqueOrThrow({ where: { id: jobRunId! } });
      const job = async () => (await getQueue("default").getJob(run.bullJobId))!;
      for (const deadline = Date.now() + 30_000; (await job()).attemptsMade < 1; await new Promise((r) => setTimeout(r, 50))) {
        expect(Date.now()).toBeLessThan(deadline);
      }
      expect((await job()).failedReason).toContain("refused by the test trigger");

      // Stopped at the last batch before the refused one: nothing of the batches after it is there.
      const stopped = await unsafeDb.leadImport.findUniqueOrThrow({ where: { id: created.id } });
      expect(stopped).toMatchObject({ status: "running", processedRows: 4_000, createdCount: 4_000 });
      const committed = await unsafeDb.lead.findMany({ where: { subAccountId: a.ws.id }, select: { name: true } });
      expect(committed).toHaveLength(4_000);
      expect(committed.every((l) => Number(l.name.slice("Lead ".length)) <= 4_000)).toBe(true);
      expect(await unsafeDb.leadNote.count({ where: { subAccountId: a.ws.id } })).toBe(4_000);

      await unsafeDb.$executeRawUnsafe(`DROP TRIGGER ${trigger} ON "Lead"`);
      const done = await waitForImport(created.id, ["queued", "running"], 60_000);
      expect(done).toMatchObject({ status: "completed", processedRows: ROWS, createdCount: ROWS, errorCount: 0, skippedCount: 0 });
      const leads = await unsafeDb.lead.findMany({ where: { subAccountId: a.ws.id }, select: { name: true } });
      expect(new Set(leads.map((l) => l.name)).size).toBe(ROWS);
      const notes = await unsafeDb.leadNote.groupBy({ by: ["leadId"], where: { subAccountId: a.ws.id }, _count: { _all: true } });
      expect(notes).toHaveLength(ROWS);
      expect(notes.every((n) => n._count._all === 1)).toBe(true);
    } finally {
      await unsafeDb.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${trigger} ON "Lead"`);
      await unsafeDb.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${trigger}()`);
    }
  }, 60_000);

  it("is for managers; members can follow imports but not start them", async () => {
    const a = await workspace("user");
    expect(await failureOf(a.caller.imports.createUpload({ fileName: "x.csv", contentType: "text/csv", size: 10 }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await a.caller.imports.list({})).toEqual({ items: [], nextCursor: null });
  });

  it("never lets a workspace create an import from, or download the report of, another workspace's file", async () => {
    const a = await workspace();
    const b = await workspace();
    const bImport = await uploadImport(b.caller, "b.csv", "name,email\nB Lead,b@example.com\nB Bad,bad\n");
    const ready = await waitForImport(bImport.id, ["analyzing"]);
    await b.caller.imports.start({ id: bImport.id, mapping: ready.mapping as Record<string, string>, duplicateMode: "skip" });
    const done = await waitForImport(bImport.id);
    expect(done.errorCount).toBe(1);

    const { key } = await b.caller.imports.createUpload({ fileName: "c.csv", contentType: "text/csv", size: 10 });
    expect(await failureOf(a.caller.imports.create({ key, fileName: "c.csv" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failureOf(a.caller.imports.downloadReport({ id: bImport.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failureOf(a.caller.imports.issues({ id: bImport.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await unsafeDb.lead.count({ where: { subAccountId: a.ws.id } })).toBe(0);
  });
});
