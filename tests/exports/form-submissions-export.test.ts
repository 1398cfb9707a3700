import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import ExcelJS from "exceljs";
import type { FormDefinition } from "@/schemas/forms";

// A queue namespace and a storage directory of this file's own; the real worker runs in this process.
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { getStorage } = await import("@/server/integrations/storage");
const { createUser, createWorkspace, signedInCaller } = await import("../support/factories");

setUpTestWorker();

const v1: FormDefinition = {
  fields: [
    { key: "full_name", type: "short_text", label: "Your name", required: true, mapsTo: { kind: "lead", field: "name" } },
    { key: "fax", type: "short_text", label: "Fax", required: false },
    { key: "texts", type: "consent", label: "Texts", required: false, consentText: "I agree to texts from Acme.", consentChannel: "sms" },
  ],
  rules: [],
};
const v2: FormDefinition = {
  fields: [
    { key: "full_name", type: "short_text", label: "Full name", required: true, mapsTo: { kind: "lead", field: "name" } },
    { key: "services", type: "multiple_choice", label: "Services", required: false, options: ["Roof", "Solar"] },
    { key: "texts", type: "consent", label: "Texts", required: false, consentText: "I agree to texts from Acme.", consentChannel: "sms" },
  ],
  rules: [],
};

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

async function formWithTwoVersions() {
  const ws = await createWorkspace("Form export");
  await unsafeDb.subAccount.update({ where: { id: ws.id }, data: { settings: { timezone: "America/New_York" } } });
  const manager = await createUser({ subAccountId: ws.id, role: "manager" });
  const { caller } = await signedInCaller({ kind: "user", id: manager.id });
  const form = await caller.forms.create({ name: "Quote" });
  await caller.forms.updateDraft({ id: form.id, definition: v1 });
  await caller.forms.publish({ id: form.id });
  await caller.forms.updateDraft({ id: form.id, definition: v2 });
  await caller.forms.publish({ id: form.id });
  const lead = await unsafeDb.lead.create({ data: { subAccountId: ws.id, name: "Ada", email: "ada@x.test" } });
  const base = { subAccountId: ws.id, formTemplateId: form.id };
  await unsafeDb.formSubmission.create({
    data: { ...base, version: 1, leadId: lead.id, createdAt: new Date("2026-01-02T03:04:05Z"), durationMs: 61_400, utmSource: "news", data: { answers: { full_name: "Ada", fax: "=HYPERLINK(\"http://evil\")", texts: true }, consents: [{ field: "texts", channel: "sms", text: "I agree to texts from Acme." }] } },
  });
  await unsafeDb.formSubmission.create({ data: { ...base, version: 2, data: { answers: { full_name: "Bob", services: ["Roof", "Solar"] } } } });
  return { ws, caller, form, lead };
}

describe("form submissions export", () => {
  it("writes a CSV with a column per field of every version (newest labels first), the lead, the time in the workspace zone, consents, and formulas made inert", async () => {
    const { ws, caller, form, lead } = await formWithTwoVersions();
    const other = await createWorkspace("Other");
    await unsafeDb.formSubmission.create({ data: { subAccountId: other.id, formTemplateId: (await unsafeDb.formTemplate.create({ data: { subAccountId: other.id, name: "x", slug: `x-${Date.now()}`, schema: {} } })).id, data: { answers: { full_name: "Not ours" } } } });

    const exp = await caller.exports.create({ datasets: ["form_submissions"], format: "csv", includePdfSummary: false, formId: form.id });
    expect(exp.fileName).toMatch(/^form-submissions-\d{4}-\d{2}-\d{2}-\d+\.csv$/);
    const row = await waitForExport(exp.id);
    expect(row).toMatchObject({ status: "completed", rowCount: 2, formTemplateId: form.id });
    expect(row.storageKey!.startsWith(`ws/${ws.id}/exports/`)).toBe(true);
    const lines = (await storedBytes(row.storageKey!)).toString("utf8").trim().split("\n");
    expect(lines[0]).toBe("Submission ID,Submitted at,Version,Lead ID,Lead name,Lead email,Time to complete (seconds),Source (utm_source),Full name,Services,Fax,Consents");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^\\d+,2026-01-01T22:04:05-05:00,1,${lead.id},Ada,ada@x.test,61,news,Ada,,"'=HYPERLINK\\(""http://evil""\\)",I agree to texts from Acme\\.$`));
    expect(lines[2]).toMatch(/^\d+,[^,]+,2,,,,,,Bob,"Roof, Solar",,$/);
    expect(lines.join("\n")).not.toContain("Not ours");
  });

  it("writes XLSX too, and refuses another workspace's form, a form export without its form, or mixed with other datasets", async () => {
    const { caller, form } = await formWithTwoVersions();
    const exp = await caller.exports.create({ datasets: ["form_submissions"], format: "xlsx", includePdfSummary: false, formId: form.id });
    const row = await waitForExport(exp.id);
    expect(row.status).toBe("completed");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await storedBytes(row.storageKey!)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(3);
    expect((sheet.getRow(3).values as unknown[]).slice(9, 11)).toEqual(["Bob", "Roof, Solar"]);

    const b = await formWithTwoVersions();
    const code = async (p: Promise<unknown>) => {
      const e = await p.then(() => null, (x: unknown) => x);
      return e instanceof TRPCError ? e.code : String(e);
    };
    expect(await code(caller.exports.create({ datasets: ["form_submissions"], format: "csv", includePdfSummary: false, formId: b.form.id }))).toBe("NOT_FOUND");
    expect(await code(caller.exports.create({ datasets: ["form_submissions"], format: "csv", includePdfSummary: false }))).toBe("BAD_REQUEST");
    expect(await code(caller.exports.create({ datasets: ["leads", "form_submissions"], format: "csv", includePdfSummary: false, formId: form.id }))).toBe("BAD_REQUEST");
    expect(await code(caller.exports.create({ datasets: ["leads"], format: "csv", includePdfSummary: false, formId: form.id }))).toBe("BAD_REQUEST");
  });
});
