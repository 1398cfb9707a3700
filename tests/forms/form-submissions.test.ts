import { describe, expect, it } from "vitest";
import { unsafeDb } from "@/server/db/client";
import type { FormDefinition } from "@/schemas/forms";
import { createUser, createWorkspace, signedInCaller } from "../support/factories";

const definition: FormDefinition = {
  fields: [
    { key: "full_name", type: "short_text", label: "Your name", required: true, mapsTo: { kind: "lead", field: "name" } },
    { key: "email", type: "email", label: "Email", required: true, mapsTo: { kind: "lead", field: "email" } },
    { key: "services", type: "multiple_choice", label: "Services", required: false, options: ["Roof", "Solar", "100% green"] },
    { key: "texts", type: "consent", label: "Texts", required: false, consentText: "I agree to texts.", consentChannel: "sms" },
  ],
  rules: [],
};

async function formWithSubmissions() {
  const ws = await createWorkspace("Submissions");
  const member = await createUser({ subAccountId: ws.id, role: "user" });
  const manager = await createUser({ subAccountId: ws.id, role: "manager" });
  const { caller } = await signedInCaller({ kind: "user", id: manager.id });
  const form = await caller.forms.create({ name: "Quote" });
  await caller.forms.updateDraft({ id: form.id, definition });
  await caller.forms.publish({ id: form.id });
  const base = { subAccountId: ws.id, formTemplateId: form.id, version: 1 };
  const ada = await unsafeDb.lead.create({ data: { subAccountId: ws.id, name: "Ada Lovelace", email: "ada@analytical.test" } });
  const bob = await unsafeDb.lead.create({ data: { subAccountId: ws.id, name: "Bob Roofer", email: "bob@roofs.test" } });
  const s1 = await unsafeDb.formSubmission.create({ data: { ...base, leadId: ada.id, data: { answers: { full_name: "Ada Lovelace", email: "ada@analytical.test", services: ["Solar"], texts: true } }, durationMs: 42_000, utmSource: "news" } });
  const s2 = await unsafeDb.formSubmission.create({ data: { ...base, leadId: bob.id, data: { answers: { full_name: "Bob Roofer", email: "bob@roofs.test", services: ["Roof", "100% green"] } } } });
  const s3 = await unsafeDb.formSubmission.create({ data: { ...base, data: { answers: { full_name: "Carla", email: "carla@x.test" } } } });
  return { caller, memberCaller: (await signedInCaller({ kind: "user", id: member.id })).caller, form, ada, bob, s1, s2, s3 };
}

describe("forms.submissions", () => {
  it("lists newest first with the lead and the answers under the version's labels, pages by cursor", async () => {
    const { memberCaller, form, ada, s1, s2, s3 } = await formWithSubmissions();
    const first = await memberCaller.forms.submissions({ formId: form.id, limit: 2 });
    expect(first.total).toBe(3);
    expect(first.items.map((i) => i.id)).toEqual([s3.id, s2.id]);
    expect(first.items[0]!.lead).toBeNull();
    const second = await memberCaller.forms.submissions({ formId: form.id, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((i) => i.id)).toEqual([s1.id]);
    expect(second.nextCursor).toBeNull();
    expect(second.items[0]).toMatchObject({
      version: 1,
      durationMs: 42_000,
      utmSource: "news",
      lead: { id: ada.id, name: "Ada Lovelace", email: "ada@analytical.test" },
      answers: [
        { key: "full_name", label: "Your name", value: "Ada Lovelace" },
        { key: "email", label: "Email", value: "ada@analytical.test" },
        { key: "services", label: "Services", value: "Solar" },
        { key: "texts", label: "Texts", value: "Yes" },
      ],
    });
  });

  it("searches the answers and the lead's name and email, case-insensitively, with % and _ taken literally", async () => {
    const { caller, form, s1, s2, s3 } = await formWithSubmissions();
    const ids = async (search: string) => (await caller.forms.submissions({ formId: form.id, search })).items.map((i) => i.id);
    expect(await ids("SOLAR")).toEqual([s1.id]);
    expect(await ids("roofs.test")).toEqual([s2.id]);
    expect(await ids("carla")).toEqual([s3.id]);
    expect(await ids("100%")).toEqual([s2.id]);
    expect(await ids("%")).toEqual([s2.id]);
    expect(await ids("_")).toEqual([]);
    // Field keys are not answers.
    expect(await ids("full_name")).toEqual([]);
    expect((await caller.forms.submissions({ formId: form.id, search: "nobody" })).total).toBe(0);
  });
});
