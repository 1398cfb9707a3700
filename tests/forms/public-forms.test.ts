import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import type { NextRequest } from "next/server";
import type { FormDefinition } from "@/schemas/forms";

// The public form's routes called as Next calls them (a Request and the route's params), against real PostgreSQL,
// Redis, the filesystem storage and its signed-URL route, and a local server speaking Turnstile's siteverify.
process.env.QUEUE_PREFIX = `test-${randomUUID()}`;
const turnstile = await startSiteverify("turnstile-good-token");
process.env.TURNSTILE_VERIFY_URL = turnstile.url;
const { resetEnvCache } = await import("@/env");
resetEnvCache();
const { unsafeDb } = await import("@/server/db/client");
const { getQueue, closeQueues } = await import("@/server/jobs/queues");
const { createUser, createWorkspace, signedInCaller, uniqueEmail, uniqueIp } = await import("../support/factories");
const { encodeRenderToken } = await import("@/server/services/forms/visitor-tokens");
const sessionRoute = await import("@/app/api/public/forms/[slug]/session/route");
const submitRoute = await import("@/app/api/public/forms/[slug]/submit/route");
const eventsRoute = await import("@/app/api/public/forms/[slug]/events/route");
const uploadsRoute = await import("@/app/api/public/forms/[slug]/uploads/route");
const confirmRoute = await import("@/app/api/public/forms/[slug]/uploads/confirm/route");
const resumeRoute = await import("@/app/api/public/forms/[slug]/resume/route");
const filesRoute = await import("@/app/api/files/[...key]/route");

afterAll(async () => {
  await turnstile.close();
  for (const name of ["default", "messaging", "ai"] as const) await getQueue(name).obliterate({ force: true }).catch(() => {});
  await closeQueues();
});

/** A local server speaking Cloudflare's siteverify: form-encoded secret + response, JSON { success }. */
async function startSiteverify(goodToken: string) {
  const seen: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const params = new URLSearchParams(body);
      seen.push(params);
      const ok = params.get("secret") === "turnstile-secret" && params.get("response") === goodToken;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ success: ok, "error-codes": ok ? [] : ["invalid-input-response"] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/turnstile/v0/siteverify`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const quote: FormDefinition = {
  fields: [
    { key: "full_name", type: "short_text", label: "Your name", required: true, mapsTo: { kind: "lead", field: "name" } },
    { key: "email", type: "email", label: "Email", required: true, mapsTo: { kind: "lead", field: "email" } },
    { key: "phone", type: "phone", label: "Phone", required: false, mapsTo: { kind: "lead", field: "phone" } },
    { key: "company", type: "short_text", label: "Company", required: false, mapsTo: { kind: "lead", field: "company" } },
    { key: "service", type: "single_choice", label: "Service", required: false, options: ["Roof", "Solar"] },
    { key: "roof_size", type: "number", label: "Roof size", required: false, min: 1, max: 10_000, mapsTo: { kind: "custom", key: "roof_size" } },
    { key: "sms_ok", type: "consent", label: "Texts", required: false, consentText: "I agree to receive texts from Acme.", consentChannel: "sms" },
    { key: "photo", type: "file", label: "Roof photo", required: false, fileKinds: ["image"], maxFileMb: 1 },
    { key: "source", type: "hidden", label: "Source", required: false, urlParam: "utm_source" },
  ],
  rules: [{ id: "r1", match: "all", conditions: [{ field: "service", operator: "equals", value: "Roof" }], action: { type: "show", field: "roof_size" } }],
};

async function publishedForm(definition = quote, settings: Record<string, unknown> = {}) {
  const ws = await createWorkspace("Public forms");
  const manager = await createUser({ subAccountId: ws.id, role: "manager" });
  const { caller } = await signedInCaller({ kind: "user", id: manager.id });
  const form = await caller.forms.create({ name: "Roof quote", kind: "card" });
  await caller.forms.updateDraft({ id: form.id, definition, settings });
  await caller.forms.publish({ id: form.id });
  return { ws, manager, caller, form };
}

/** One visitor: their IP and cookie jar, the page they loaded (its render token), and the routes they call. */
function visitor(form: { id: number; slug: string }, opts: { version?: number; loadedMsAgo?: number; ip?: string } = {}) {
  const jar = new Map<string, string>();
  const ip = opts.ip ?? uniqueIp();
  const renderToken = encodeRenderToken({ formId: form.id, version: opts.version ?? 1, issuedAtMs: Date.now() - (opts.loadedMsAgo ?? 20_000) });
  const call = async (route: { POST?: unknown; GET?: unknown }, method: "POST" | "GET", path: string, body?: unknown) => {
    const headers: Record<string, string> = { "x-forwarded-for": ip, "content-type": "application/json" };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const req = new Request(`http://localhost:8000/api/public/forms/${form.slug}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const handler = route[method] as (r: NextRequest, c: { params: Promise<{ slug: string }> }) => Promise<Response>;
    const res = await handler(req as NextRequest, { params: Promise.resolve({ slug: form.slug }) });
    const cookie = res.headers.get("set-cookie");
    if (cookie) {
      const [pair] = cookie.split(";");
      const [k, ...v] = pair!.split("=");
      if (v.join("=")) jar.set(k!, v.join("="));
      else jar.delete(k!);
    }
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
  };
  return {
    jar,
    renderToken,
    save: (answers: Record<string, unknown>, currentField?: string) => call(sessionRoute, "POST", "/session", { answers, currentField, renderToken }),
    submit: (answers: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      call(submitRoute, "POST", "/submit", { answers, renderToken, clientSubmissionId: randomUUID(), ...extra }),
    event: (body: Record<string, unknown>) => call(eventsRoute, "POST", "/events", { renderToken, ...body }),
    upload: (body: Record<string, unknown>) => call(uploadsRoute, "POST", "/uploads", { renderToken, ...body }),
    confirm: (uploadId: number) => call(confirmRoute, "POST", "/uploads/confirm", { renderToken, uploadId }),
    resume: (query: string) => call(resumeRoute, "GET", `/resume${query}`),
  };
}

const answersFor = (email: string, extra: Record<string, unknown> = {}) => ({ full_name: "Ann Visitor", email, ...extra });

describe("public forms: submissions", () => {
  it("pins the version a visitor started on: answers are checked against it after the form changes", async () => {
    const { caller, form } = await publishedForm();
    const early = visitor(form, { version: 1 });
    expect((await early.save({ full_name: "Early" })).status).toBe(200);
    // Version 2 makes "company" required.
    await caller.forms.updateDraft({ id: form.id, definition: { ...quote, fields: quote.fields.map((f) => (f.key === "company" ? { ...f, required: true } : f)) } });
    await caller.forms.publish({ id: form.id });

    const sent = await early.submit(answersFor(uniqueEmail("early")));
    expect(sent.status).toBe(201);
    const late = visitor(form, { version: 2 });
    const refused = await late.submit(answersFor(uniqueEmail("late")));
    expect(refused.status).toBe(400);
    expect(refused.body.fieldErrors).toHaveProperty(["answers.company"]);
    const rows = await unsafeDb.formSubmission.findMany({ where: { formTemplateId: form.id } });
    expect(rows.map((r) => r.version)).toEqual([1]);
    expect(rows[0]!.durationMs).toBeGreaterThanOrEqual(20_000);
  });

  it("drops a value for a field hidden by logic and keys the form does not have, and fills hidden link fields", async () => {
    const { ws, form } = await publishedForm();
    const email = uniqueEmail("hidden");
    const sent = await visitor(form).submit(answersFor(email, { service: "Solar", roof_size: 9999, is_admin: true, source: "newsletter" }), { utmSource: "newsletter" });
    expect(sent.status).toBe(201);
    const submission = await unsafeDb.formSubmission.findFirstOrThrow({ where: { id: sent.body.submissionId as number } });
    const answers = (submission.data as { answers: Record<string, unknown> }).answers;
    expect(answers).not.toHaveProperty("roof_size");
    expect(answers).not.toHaveProperty("is_admin");
    expect(answers.source).toBe("newsletter");
    expect(submission.utmSource).toBe("newsletter");
    const lead = await unsafeDb.lead.findFirstOrThrow({ where: { subAccountId: ws.id, email } });
    expect(lead.customFields).toEqual({});
    // Shown (service is Roof), the same value is kept and mapped to the custom field.
    const shown = uniqueEmail("shown");
    expect((await visitor(form).submit(answersFor(shown, { service: "Roof", roof_size: 120 }))).status).toBe(201);
    expect((await unsafeDb.lead.findFirstOrThrow({ where: { subAccountId: ws.id, email: shown } })).customFields).toEqual({ roof_size: 120 });
  });

  it("merges into an existing lead by the CRM's duplicate rules: fills empty fields, keeps the rest, notes the answers", async () => {
    const { ws, form } = await publishedForm();
    const email = uniqueEmail("known");
    const existing = await unsafeDb.lead.create({ data: { subAccountId: ws.id, name: "Known Person", email, customFields: { roof_size: 50 } } });
    const sent = await visitor(form).submit(answersFor(email, { company: "Acme Roofing", service: "Roof", roof_size: 80 }));
    expect(sent.status).toBe(201);
    const leads = await unsafeDb.lead.findMany({ where: { subAccountId: ws.id, email } });
    expect(leads.map((l) => l.id)).toEqual([existing.id]);
    expect(leads[0]).toMatchObject({ name: "Known Person", company: "Acme Roofing", customFields: { roof_size: 50 } });
    const notes = await unsafeDb.leadNote.findMany({ where: { subAccountId: ws.id, leadId: existing.id } });
    expect(notes.some((n) => n.body.includes('Form "Roof quote" (version 1)') && n.body.includes("Company: Acme Roofing"))).toBe(true);
    expect((await unsafeDb.formSubmission.findFirstOrThrow({ where: { id: sent.body.submissionId as number } })).leadId).toBe(existing.id);
    // form.submitted (domain events): the submission with its lead, committed with the link.
    const events = await unsafeDb.domainEvent.findMany({ where: { subAccountId: ws.id, type: "form.submitted" } });
    expect(events.map((e) => e.data)).toEqual([
      { submission: { id: sent.body.submissionId, formId: form.id, formVersion: 1, leadId: existing.id, createdAt: expect.stringMatching(/Z$/) } },
    ]);
  });

  it("a double click is one submission and one lead", async () => {
    const { ws, form } = await publishedForm();
    const v = visitor(form);
    const email = uniqueEmail("double");
    const clientSubmissionId = randomUUID();
    const [a, b] = await Promise.all([v.submit(answersFor(email), { clientSubmissionId }), v.submit(answersFor(email), { clientSubmissionId })]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.submissionId).toBe(b.body.submissionId);
    expect(await unsafeDb.formSubmission.count({ where: { formTemplateId: form.id } })).toBe(1);
    expect(await unsafeDb.lead.count({ where: { subAccountId: ws.id, email } })).toBe(1);
  });

  it("spam: the honeypot stores nothing, a form sent too fast is refused, and one address is limited", async () => {
    const { form } = await publishedForm();
    const bot = await visitor(form).submit(answersFor(uniqueEmail("bot")), { website: "http://spam.example" });
    expect(bot.status).toBe(201);
    expect(bot.body.submissionId).toBeNull();
    const fast = await visitor(form, { loadedMsAgo: 0 }).submit(answersFor(uniqueEmail("fast")));
    expect(fast.status).toBe(400);
    expect(String(fast.body.error)).toMatch(/too quickly/);
    const forged = await visitor({ id: form.id + 1, slug: form.slug }).submit(answersFor(uniqueEmail("forged")));
    expect(forged.status).toBe(400);
    expect(forged.body.fieldErrors).toHaveProperty("renderToken");
    expect(await unsafeDb.formSubmission.count({ where: { formTemplateId: form.id } })).toBe(0);

    const ip = uniqueIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await visitor(form, { ip }).submit({})).status);
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("verifies the bot check with the provider's siteverify when the form has one", async () => {
    const { form } = await publishedForm(quote, { captcha: { provider: "turnstile", siteKey: "0x4AAA-site", secret: "turnstile-secret" } });
    const none = await visitor(form).submit(answersFor(uniqueEmail("nocaptcha")));
    expect(none.status).toBe(400);
    expect(none.body.fieldErrors).toHaveProperty("captchaToken");
    expect((await visitor(form).submit(answersFor(uniqueEmail("bad")), { captchaToken: "forged" })).status).toBe(400);
    expect((await visitor(form).submit(answersFor(uniqueEmail("good")), { captchaToken: "turnstile-good-token" })).status).toBe(201);
    expect(turnstile.seen.at(-1)?.get("secret")).toBe("turnstile-secret");
  });

  it("owners in turn share concurrent submissions evenly, and the owner is told", async () => {
    const ws = await createWorkspace("Round robin");
    const owners = await Promise.all([0, 1, 2].map(() => createUser({ subAccountId: ws.id, role: "user" })));
    const manager = await createUser({ subAccountId: ws.id, role: "manager" });
    const { caller } = await signedInCaller({ kind: "user", id: manager.id });
    const form = await caller.forms.create({ name: "Turns" });
    await caller.forms.updateDraft({ id: form.id, definition: quote, settings: { owner: { mode: "round_robin", userIds: owners.map((o) => o.id) }, notifyOwner: true } });
    await caller.forms.publish({ id: form.id });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => visitor(form).submit(answersFor(uniqueEmail(`rr${i}`)))));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const leads = await unsafeDb.lead.findMany({ where: { subAccountId: ws.id }, select: { ownerId: true } });
    const counts = owners.map((o) => leads.filter((l) => l.ownerId === o.id).length);
    expect(counts).toEqual([4, 4, 4]);
    const notices = await unsafeDb.notificationEmail.findMany({ where: { subAccountId: ws.id, kind: "form_submission" } });
    expect(notices.length).toBe(12);
    expect(new Set(notices.map((n) => n.toUserId))).toEqual(new Set(owners.map((o) => o.id)));
  });

  it("starts the AI conversation only with consent on a channel the lead can be reached on", async () => {
    const { ws, form } = await publishedForm(quote, { startAi: true });
    const without = uniqueEmail("noconsent");
    expect((await visitor(form).submit(answersFor(without, { phone: "+12025550181" }))).status).toBe(201);
    const lead1 = await unsafeDb.lead.findFirstOrThrow({ where: { subAccountId: ws.id, email: without } });
    expect(await unsafeDb.message.count({ where: { subAccountId: ws.id, leadId: lead1.id } })).toBe(0);

    const consenting = uniqueEmail("consent");
    expect((await visitor(form).submit(answersFor(consenting, { phone: "+12025550182", sms_ok: true }))).status).toBe(201);
    const lead2 = await unsafeDb.lead.findFirstOrThrow({ where: { subAccountId: ws.id, email: consenting } });
    const messages = await unsafeDb.message.findMany({ where: { subAccountId: ws.id, leadId: lead2.id } });
    expect(messages.map((m) => [m.channel, m.status, m.role])).toEqual([["sms", "pending", "lead"]]);
    const submission = await unsafeDb.formSubmission.findFirstOrThrow({ where: { leadId: lead2.id } });
    expect((submission.data as { consents: unknown[] }).consents).toEqual([{ field: "sms_ok", channel: "sms", text: "I agree to receive texts from Acme." }]);
  });
});

describe("public forms: save, resume, events, uploads", () => {
  it("saves as the visitor goes, emails a signed resume link once, and the link resumes in another browser", async () => {
    const { ws, form, caller } = await publishedForm();
    const first = visitor(form);
    expect((await first.save({ full_name: "Res Umer" }, "email")).status).toBe(200);
    // Each save records the last field answered (hidden fields aside): where the session stopped, for analytics.
    expect((await unsafeDb.formSession.findFirstOrThrow({ where: { formTemplateId: form.id } })).lastAnsweredField).toBe("full_name");
    const email = uniqueEmail("resume");
    await first.save({ full_name: "Res Umer", email }, "phone");
    await first.save({ full_name: "Res Umer", email, company: "Later" }, "company");
    const sessions = await unsafeDb.formSession.findMany({ where: { formTemplateId: form.id } });
    expect(sessions.length).toBe(1);
    expect(sessions[0]!.lastAnsweredField).toBe("company");
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const today = { formId: form.id, from: day(-1), to: day(1), timeZone: "UTC" };
    expect((await caller.forms.analytics(today)).fields.map((f) => [f.key, f.stoppedAfter]).filter(([, n]) => n)).toEqual([["company", 1]]);
    expect(sessions[0]!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
    expect(sessions[0]!.token).not.toBe([...first.jar.values()][0]);
    const mails = await unsafeDb.notificationEmail.findMany({ where: { subAccountId: ws.id, kind: "form_resume_link" } });
    expect(mails.map((m) => m.toEmail)).toEqual([email]);
    expect(await unsafeDb.formEvent.count({ where: { formTemplateId: form.id, type: "start" } })).toBe(1);

    const { resumeLinkFor } = await import("@/server/services/forms/form-sessions");
    const link = new URL(resumeLinkFor(form, sessions[0]!.id));
    const other = visitor(form);
    const opened = await other.resume(link.search);
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toBe(`/f/${form.slug}`);
    const { resumeStateOf } = await import("@/server/services/forms/form-sessions");
    const { workspaceContext } = await import("../support/factories");
    const { unsafeFindLiveForm } = await import("@/server/services/forms/public-forms");
    const live = await unsafeFindLiveForm(form.slug);
    const ctx = workspaceContext(ws);
    const state = await resumeStateOf(ctx, live, [...other.jar.values()][0]!);
    expect(state).toMatchObject({ answers: { full_name: "Res Umer", email, company: "Later" }, currentField: "company" });
    // The old browser's cookie no longer names the session; a forged link resumes nothing.
    expect(await resumeStateOf(ctx, live, [...first.jar.values()][0]!)).toBeNull();
    expect((await visitor(form).resume(`?token=${sessions[0]!.id}.99999999999.forged`)).headers.get("location")).toMatch(/resume=expired/);
    // Finishing closes the session: the link no longer opens it.
    expect((await other.submit({ full_name: "Res Umer", email })).status).toBe(201);
    expect((await visitor(form).resume(link.search)).headers.get("location")).toMatch(/resume=expired/);
    // A sent session no longer counts as stopped anywhere; its submission counts once.
    const after = await caller.forms.analytics(today);
    expect(after.fields.every((f) => f.stoppedAfter === 0) && after.stoppedBeforeAnswering === 0).toBe(true);
    expect(after.total).toMatchObject({ starts: 1, completions: 1 });
  });

  it("records views and steps (one row each), never anything of another form", async () => {
    const { form } = await publishedForm();
    const v = visitor(form);
    expect((await v.event({ type: "view", utmSource: "ads" })).status).toBe(202);
    await v.save({ full_name: "Stepper" });
    expect((await v.event({ type: "step", stepIndex: 0, fieldKey: "full_name" })).status).toBe(202);
    const events = await unsafeDb.formEvent.findMany({ where: { formTemplateId: form.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.type, e.version, e.stepIndex, e.fieldKey])).toEqual([
      ["view", 1, null, null],
      ["start", 1, null, null],
      ["step", 1, 0, "full_name"],
    ]);
    expect(events[0]!.utmSource).toBe("ads");
  });

  it("uploads: type and size limits per field, checked again in storage, and only the visitor's own files are accepted", async () => {
    const { ws, caller, form } = await publishedForm();
    const v = visitor(form);
    expect((await v.upload({ fieldKey: "photo", fileName: "x.pdf", contentType: "application/pdf", size: 100 })).status).toBe(400);
    expect((await v.upload({ fieldKey: "photo", fileName: "x.png", contentType: "image/png", size: 2 * 1024 * 1024 })).status).toBe(400);
    expect((await v.upload({ fieldKey: "full_name", fileName: "x.png", contentType: "image/png", size: 10 })).status).toBe(400);
    const started = await v.upload({ fieldKey: "photo", fileName: "roof.png", contentType: "image/png", size: 8 });
    expect(started.status).toBe(201);
    const upload = started.body.upload as { url: string; headers: Record<string, string> };
    const url = new URL(upload.url);
    const key = url.pathname.replace(/^\/api\/files\//, "").split("/").map(decodeURIComponent);
    expect(key.slice(0, 3)).toEqual(["ws", String(ws.id), "forms"]);
    const put = await filesRoute.PUT(new Request(upload.url, { method: "PUT", headers: upload.headers, body: Buffer.from("PNGDATA!") }), { params: Promise.resolve({ key }) });
    expect(put.status).toBe(200);
    const confirmed = await v.confirm(started.body.uploadId as number);
    expect(confirmed.status).toBe(200);
    // Another visitor cannot claim this upload.
    const thief = await visitor(form).submit(answersFor(uniqueEmail("thief"), { photo: [String(started.body.uploadId)] }));
    expect(thief.status).toBe(400);
    const sent = await v.submit(answersFor(uniqueEmail("photo"), { photo: [String(started.body.uploadId)] }));
    expect(sent.status).toBe(201);
    const row = await unsafeDb.formUpload.findFirstOrThrow({ where: { id: started.body.uploadId as number } });
    expect(row.submissionId).toBe(sent.body.submissionId);
    // Members read it through a signed link.
    const { url: download } = await caller.forms.uploadUrl({ id: row.id });
    const got = await filesRoute.GET(new Request(download), { params: Promise.resolve({ key }) });
    expect(await got.text()).toBe("PNGDATA!");
  });

  it("unknown, unpublished and archived forms are 404 on every route", async () => {
    const { caller, form } = await publishedForm();
    const ghost = visitor({ id: 1, slug: `no-such-${randomUUID()}` });
    expect((await ghost.submit({})).status).toBe(404);
    expect((await ghost.save({})).status).toBe(404);
    await caller.forms.archive({ id: form.id });
    expect((await visitor(form).submit(answersFor(uniqueEmail("archived")))).status).toBe(404);
  });

  it("the daily cleanup deletes sessions 30 days after their last save, with their unsent files; sent ones stay", async () => {
    const { form } = await publishedForm();
    const idle = visitor(form);
    await idle.save({ full_name: "Idle" });
    const started = await idle.upload({ fieldKey: "photo", fileName: "idle.png", contentType: "image/png", size: 4 });
    const done = visitor(form);
    await done.save({ full_name: "Done" });
    expect((await done.submit(answersFor(uniqueEmail("done")))).status).toBe(201);
    const { cleanupExpiredFormSessions } = await import("@/server/services/forms/cleanup-expired-form-sessions");
    const { requestContext } = await import("../support/factories");
    await cleanupExpiredFormSessions(requestContext(), { now: new Date(Date.now() + 31 * 24 * 3600 * 1000) });
    const left = await unsafeDb.formSession.findMany({ where: { formTemplateId: form.id } });
    expect(left.map((s) => s.status)).toEqual(["completed"]);
    expect(await unsafeDb.formUpload.count({ where: { id: started.body.uploadId as number } })).toBe(0);
  });
});
