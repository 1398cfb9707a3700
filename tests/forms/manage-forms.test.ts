import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { AppError } from "@/server/errors";
import { unsafeDb } from "@/server/db/client";
import type { FormDefinition } from "@/schemas/forms";
import { createUser, createWorkspace, signedInCaller } from "../support/factories";

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e as TRPCError,
  );
const definitionError = (e: TRPCError) => (e.cause instanceof AppError ? e.cause.fieldErrors?.definition?.[0] : undefined);

async function workspaceManager() {
  const ws = await createWorkspace("Forms");
  const manager = await createUser({ subAccountId: ws.id, role: "manager" });
  const member = await createUser({ subAccountId: ws.id, role: "user" });
  return { ws, manager, caller: (await signedInCaller({ kind: "user", id: manager.id })).caller, memberCaller: (await signedInCaller({ kind: "user", id: member.id })).caller };
}

const contactForm: FormDefinition = {
  fields: [
    { key: "full_name", type: "short_text", label: "Your name", required: true, mapsTo: { kind: "lead", field: "name" } },
    { key: "email", type: "email", label: "Email", required: true, mapsTo: { kind: "lead", field: "email" } },
    { key: "service", type: "single_choice", label: "Service", required: false, options: ["Roof", "Solar"] },
    { key: "roof_size", type: "number", label: "Roof size", required: false, min: 1, max: 10_000, mapsTo: { kind: "custom", key: "roof_size" } },
    { key: "sms_ok", type: "consent", label: "Texts", required: false, consentText: "I agree to receive texts from Acme.", consentChannel: "sms" },
    { key: "source", type: "hidden", label: "Source", required: false, urlParam: "utm_source" },
  ],
  rules: [{ id: "r1", match: "all", conditions: [{ field: "service", operator: "equals", value: "Roof" }], action: { type: "show", field: "roof_size" } }],
};

describe("forms: drafts, versions, archive", () => {
  it("creates a draft, publishes version 1, edits the draft and publishes version 2 while version 1 stays as it was", async () => {
    const { ws, caller } = await workspaceManager();
    const form = await caller.forms.create({ name: "Roof quote!", kind: "card" });
    expect(form.slug).toMatch(/^roof-quote-[a-z0-9]{8}$/);
    expect(form.publishedVersion).toBeNull();

    await caller.forms.updateDraft({ id: form.id, definition: contactForm, settings: { thankYouMessage: "Thanks!" } });
    expect(await caller.forms.publish({ id: form.id })).toMatchObject({ version: 1 });

    const edited = { ...contactForm, fields: contactForm.fields.map((f) => (f.key === "full_name" ? { ...f, label: "Full name" } : f)) };
    await caller.forms.updateDraft({ id: form.id, definition: edited });
    // The draft changed; the published version did not.
    const v1 = await unsafeDb.formVersion.findFirstOrThrow({ where: { subAccountId: ws.id, formTemplateId: form.id, version: 1 } });
    expect((v1.schema as FormDefinition).fields[0]!.label).toBe("Your name");
    expect(v1.kind).toBe("card");

    expect(await caller.forms.publish({ id: form.id })).toMatchObject({ version: 2 });
    const got = await caller.forms.get({ id: form.id });
    expect(got.publishedVersion).toBe(2);
    expect(got.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(got.definition.fields[0]!.label).toBe("Full name");
    expect(got.settings.thankYouMessage).toBe("Thanks!");

    await caller.forms.archive({ id: form.id });
    expect((await caller.forms.list({})).items.map((f) => f.id)).not.toContain(form.id);
    expect((await caller.forms.list({ archived: true })).items.map((f) => f.id)).toContain(form.id);
    expect((await failure(caller.forms.publish({ id: form.id }))).code).toBe("PRECONDITION_FAILED");
    await caller.forms.restore({ id: form.id });
    expect((await caller.forms.list({ search: "ROOF QUOTE" })).items.map((f) => f.id)).toEqual([form.id]);
  });

  it("refuses a draft whose rules loop or name a deleted field, with a clear error, and keeps the stored draft", async () => {
    const { caller } = await workspaceManager();
    const form = await caller.forms.create({ name: "Logic" });
    await caller.forms.updateDraft({ id: form.id, definition: contactForm });

    const loop: FormDefinition = {
      ...contactForm,
      rules: [
        ...contactForm.rules,
        { id: "r2", match: "all", conditions: [{ field: "roof_size", operator: "is_empty" }], action: { type: "hide", field: "service" } },
      ],
    };
    const loopError = await failure(caller.forms.updateDraft({ id: form.id, definition: loop }));
    expect(definitionError(loopError)).toBe(
      'These rules make a loop: "Service" → "Roof size" → "Service". A field cannot decide, directly or through others, whether it is shown itself.',
    );
    // The builder shows the message beside the rule it names.
    const ruleErrors = Object.keys((loopError.cause as AppError).fieldErrors ?? {}).filter((k) => k.startsWith("rule:"));
    expect(ruleErrors).toHaveLength(1);
    expect(["rule:r1", "rule:r2"]).toContain(ruleErrors[0]);

    // Deleting the field a rule shows: refused, naming the field.
    const deleted = { ...contactForm, fields: contactForm.fields.filter((f) => f.key !== "roof_size") };
    expect(definitionError(await failure(caller.forms.updateDraft({ id: form.id, definition: deleted })))).toMatch(/no longer exists \("roof_size"\)/);

    expect((await caller.forms.get({ id: form.id })).definition).toEqual(contactForm);
  });

  it("refuses unsound fields and settings", async () => {
    const { caller } = await workspaceManager();
    const other = await createWorkspace("Other");
    const otherStrategy = await unsafeDb.strategy.create({ data: { subAccountId: other.id, name: "Theirs" } });
    const form = await caller.forms.create({ name: "Checks" });
    const f = contactForm.fields;
    const bad: [FormDefinition["fields"], RegExp][] = [
      [[f[0]!, { ...f[0]!, label: "Again" }], /Two fields use the key "full_name"/],
      [[{ ...f[2]!, options: [] }], /needs at least one option/],
      [[{ ...f[4]!, consentText: null }], /exact consent text/],
      [[{ ...f[5]!, urlParam: null }], /link parameter/],
      [[{ ...f[3]!, min: 10, max: 1 }], /minimum is above the maximum/],
      [[f[1]!, { ...f[0]!, key: "email2", mapsTo: { kind: "lead", field: "email" } }], /Two fields fill the lead's email/],
    ];
    for (const [fields, message] of bad) {
      expect(definitionError(await failure(caller.forms.updateDraft({ id: form.id, definition: { fields, rules: [] } })))).toMatch(message);
    }
    expect((await failure(caller.forms.updateDraft({ id: form.id, settings: { strategyId: otherStrategy.id } }))).message).toMatch(/No such strategy/);
    expect((await failure(caller.forms.updateDraft({ id: form.id, settings: { redirectUrl: "javascript:alert(1)" } }))).code).toBe("BAD_REQUEST");
    expect((await failure(caller.forms.updateDraft({ id: form.id, definition: { fields: [{ ...f[0]!, pattern: "([" }], rules: [] } }))).code).toBe("BAD_REQUEST");
    expect((await failure(caller.forms.publish({ id: form.id }))).message).toMatch(/at least one field/);
  });

  it("members read forms but only managers and admins change them", async () => {
    const { caller, memberCaller } = await workspaceManager();
    const form = await caller.forms.create({ name: "Roles" });
    expect((await memberCaller.forms.get({ id: form.id })).id).toBe(form.id);
    expect((await failure(memberCaller.forms.create({ name: "Mine" }))).code).toBe("FORBIDDEN");
    expect((await failure(memberCaller.forms.publish({ id: form.id }))).code).toBe("FORBIDDEN");
  });

  it("two publishes at once make two consecutive versions or refuse one, never a duplicate", async () => {
    const { ws, caller } = await workspaceManager();
    const form = await caller.forms.create({ name: "Race" });
    await caller.forms.updateDraft({ id: form.id, definition: contactForm });
    const results = await Promise.allSettled([caller.forms.publish({ id: form.id }), caller.forms.publish({ id: form.id })]);
    const versions = await unsafeDb.formVersion.findMany({ where: { subAccountId: ws.id, formTemplateId: form.id } });
    expect(versions.length).toBe(results.filter((r) => r.status === "fulfilled").length);
    expect(new Set(versions.map((v) => v.version)).size).toBe(versions.length);
    for (const r of results) if (r.status === "rejected") expect((r.reason as TRPCError).code).toBe("CONFLICT");
  });

  it("settings: owners in turn, allowed sites, and a bot-check secret stored encrypted and read back only as set / not set", async () => {
    const { ws, manager, caller } = await workspaceManager();
    const second = await createUser({ subAccountId: ws.id, role: "user" });
    const outsider = await createUser({ subAccountId: (await createWorkspace("Else")).id, role: "user" });
    const form = await caller.forms.create({ name: "Settings" });
    const settings = {
      owner: { mode: "round_robin" as const, userIds: [manager.id, second.id] },
      notifyOwner: true,
      startAi: true,
      allowedOrigins: ["https://www.example.com"],
      captcha: { provider: "turnstile" as const, siteKey: "0x4AAA", secret: "turnstile-secret-value" },
    };
    const saved = await caller.forms.updateDraft({ id: form.id, settings });
    expect(saved.settings.captcha).toEqual({ provider: "turnstile", siteKey: "0x4AAA", secretSet: true });
    expect(JSON.stringify(saved)).not.toContain("turnstile-secret-value");
    const stored = await unsafeDb.formTemplate.findFirstOrThrow({ where: { id: form.id } });
    expect(JSON.stringify(stored.settings)).not.toContain("turnstile-secret-value");
    // Saving again without the secret keeps it; null clears it (and a bot check without a secret is refused).
    await caller.forms.updateDraft({ id: form.id, settings: { ...settings, captcha: { provider: "turnstile", siteKey: "0x4AAA" } } });
    expect((await caller.forms.get({ id: form.id })).settings.captcha).toMatchObject({ secretSet: true });
    expect((await failure(caller.forms.updateDraft({ id: form.id, settings: { ...settings, captcha: { provider: "turnstile", siteKey: "0x4AAA", secret: null } } }))).message).toMatch(/secret key/);
    await caller.forms.updateDraft({ id: form.id, settings: { ...settings, captcha: { provider: "none" } } });
    expect((await caller.forms.get({ id: form.id })).settings.captcha).toMatchObject({ provider: "none", secretSet: false });
    // Owners must be active members of this workspace; owners in turn needs two.
    expect((await failure(caller.forms.updateDraft({ id: form.id, settings: { owner: { mode: "fixed", userIds: [outsider.id] } } }))).message).toMatch(/No such active member/);
    expect((await failure(caller.forms.updateDraft({ id: form.id, settings: { owner: { mode: "round_robin", userIds: [manager.id] } } }))).message).toMatch(/at least two/);
    expect((await failure(caller.forms.updateDraft({ id: form.id, settings: { allowedOrigins: ["https://example.com/path"] } }))).code).toBe("BAD_REQUEST");
  });
});
