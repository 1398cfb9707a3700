import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { unsafeDb } from "@/server/db/client";
import type { FormDefinition } from "@/schemas/forms";
import { recordFormEvent } from "@/server/services/forms/form-events";
import { dayKey } from "@/lib/time";
import { createUser, createWorkspace, signedInCaller, workspaceContext } from "../support/factories";

const cardForm: FormDefinition = {
  fields: [
    { key: "name", type: "short_text", label: "Your name", required: true, mapsTo: { kind: "lead", field: "name" } },
    { key: "email", type: "email", label: "Email", required: true, mapsTo: { kind: "lead", field: "email" } },
    { key: "budget", type: "number", label: "Budget", required: false },
    { key: "src", type: "hidden", label: "Source", required: false, urlParam: "utm_source" },
  ],
  rules: [],
};

/** A workspace with a published card form (versions 1 and 2) and a manager's caller. */
async function publishedForm() {
  const ws = await createWorkspace("Analytics");
  const manager = await createUser({ subAccountId: ws.id, role: "manager" });
  const { caller } = await signedInCaller({ kind: "user", id: manager.id });
  const form = await caller.forms.create({ name: "Quote", kind: "card" });
  await caller.forms.updateDraft({ id: form.id, definition: cardForm });
  await caller.forms.publish({ id: form.id });
  await caller.forms.publish({ id: form.id });
  return { ws, caller, form };
}

const at = (iso: string) => new Date(iso);

describe("forms.analytics", () => {
  it("counts views, starts, completions, the median time, the card funnel and where sessions stopped, by day of the viewer's zone, version and source", async () => {
    const { ws, caller, form } = await publishedForm();
    const base = { subAccountId: ws.id, formTemplateId: form.id };
    // New York is UTC-5 in March before the 8th... and UTC-4 after: 2030-03-10 is the DST change day (2 AM local).
    // 03:30Z on the 10th is 22:30 on the 9th in New York; 05:00Z on the 10th is 00:00 on the 10th (EST, before 2 AM).
    const day9 = at("2030-03-10T03:30:00Z");
    const day10 = at("2030-03-10T05:00:00Z");
    const outside = at("2030-03-11T06:00:00Z"); // 02:00 EDT on the 11th: after the range
    const sessions = [];
    for (const answers of [{ name: "A" }, { name: "B", email: "b@x.test" }, {}, { name: "C", email: "c@x.test", budget: 5 }]) {
      sessions.push(await unsafeDb.formSession.create({ data: { ...base, token: randomUUID(), answers, version: 2, createdAt: day9 } }));
    }
    await unsafeDb.formSession.update({ where: { id: sessions[3]!.id }, data: { status: "completed" } });

    const events = [
      ...Array.from({ length: 6 }, () => ({ type: "view" as const, version: 2, utmSource: "news", createdAt: day9 })),
      ...Array.from({ length: 3 }, () => ({ type: "view" as const, version: 2, utmSource: null, createdAt: day10 })),
      { type: "view" as const, version: 1, utmSource: null, createdAt: day10 },
      ...Array.from({ length: 5 }, () => ({ type: "start" as const, version: 2, utmSource: "news", createdAt: day9 })),
      { type: "start" as const, version: 1, utmSource: null, createdAt: day10 },
      { type: "view" as const, version: 2, utmSource: "news", createdAt: outside },
    ];
    await unsafeDb.formEvent.createMany({ data: events.map((e) => ({ ...base, ...e })) });
    // Cards left: 5 left "Your name", 3 left "Email", 2 left "Budget" (one of them twice: recorded once per session).
    const step = (fieldKey: string, stepIndex: number, sessionId: number | null) => ({ ...base, type: "step" as const, version: 2, fieldKey, stepIndex, sessionId, createdAt: day9 });
    await unsafeDb.formEvent.createMany({
      data: [
        ...sessions.map((s) => step("name", 0, s.id)),
        step("name", 0, null),
        step("email", 1, sessions[0]!.id),
        step("email", 1, sessions[1]!.id),
        step("email", 1, sessions[3]!.id),
        step("budget", 2, sessions[3]!.id),
        step("budget", 2, sessions[3]!.id),
        step("budget", 2, sessions[1]!.id),
      ],
      skipDuplicates: true,
    });
    await unsafeDb.formSubmission.createMany({
      data: [
        { ...base, version: 2, data: { answers: {} }, durationMs: 1_000, utmSource: "news", createdAt: day9 },
        { ...base, version: 2, data: { answers: {} }, durationMs: 8_000, utmSource: "news", createdAt: day9 },
        { ...base, version: 1, data: { answers: {} }, durationMs: 3_000, utmSource: null, createdAt: day10 },
        { ...base, version: 2, data: { answers: {} }, durationMs: 50, utmSource: null, createdAt: outside },
      ],
    });

    const a = await caller.forms.analytics({ formId: form.id, from: "2030-03-09", to: "2030-03-10", timeZone: "America/New_York" });
    expect(a.total).toEqual({ views: 10, starts: 6, completions: 3, completionRate: 0.5, medianMs: 3_000 });
    expect(a.byDay).toEqual([
      { day: "2030-03-09", views: 6, starts: 5, completions: 2, completionRate: 0.4, medianMs: 4_500 },
      { day: "2030-03-10", views: 4, starts: 1, completions: 1, completionRate: 1, medianMs: 3_000 },
    ]);
    expect(a.byVersion).toEqual([
      { version: 2, views: 9, starts: 5, completions: 2, completionRate: 0.4, medianMs: 4_500 },
      { version: 1, views: 1, starts: 1, completions: 1, completionRate: 1, medianMs: 3_000 },
    ]);
    expect(a.byUtmSource).toEqual([
      { utmSource: "news", views: 6, starts: 5, completions: 2, completionRate: 0.4, medianMs: 4_500 },
      { utmSource: null, views: 4, starts: 1, completions: 1, completionRate: 1, medianMs: 3_000 },
    ]);
    // Hidden fields are not cards. Reached: every start, then those who left the card before.
    expect(a.fields).toEqual([
      { key: "name", label: "Your name", position: 1, reached: 6, left: 5, dropOff: 1, dropOffRate: 1 / 6, stoppedAfter: 1 },
      { key: "email", label: "Email", position: 2, reached: 5, left: 3, dropOff: 2, dropOffRate: 0.4, stoppedAfter: 1 },
      { key: "budget", label: "Budget", position: 3, reached: 3, left: 2, dropOff: 1, dropOffRate: 1 / 3, stoppedAfter: 0 },
    ]);
    expect(a.stoppedBeforeAnswering).toBe(1);

    // One version only.
    const v1 = await caller.forms.analytics({ formId: form.id, from: "2030-03-09", to: "2030-03-10", timeZone: "America/New_York", version: 1 });
    expect(v1.total).toEqual({ views: 1, starts: 1, completions: 1, completionRate: 1, medianMs: 3_000 });
    expect(v1.fields.map((f) => f.left)).toEqual([0, 0, 0]);

    // The same instants read in UTC fall on other days.
    const utc = await caller.forms.analytics({ formId: form.id, from: "2030-03-10", to: "2030-03-10", timeZone: "UTC" });
    expect(utc.total).toMatchObject({ views: 10, completions: 3 });
    expect(utc.byDay).toHaveLength(1);
  });

  it("answers zeros (never a division by zero) for a form nobody saw, and refuses unknown zones and reversed ranges", async () => {
    const { caller, form } = await publishedForm();
    const a = await caller.forms.analytics({ formId: form.id, from: "2030-01-01", to: "2030-01-03", timeZone: "Europe/Paris" });
    expect(a.total).toEqual({ views: 0, starts: 0, completions: 0, completionRate: null, medianMs: null });
    expect(a.byDay.map((d) => d.day)).toEqual(["2030-01-01", "2030-01-02", "2030-01-03"]);
    expect(a.fields.map((f) => f.dropOffRate)).toEqual([null, null, null]);
    await expect(caller.forms.analytics({ formId: form.id, from: "2030-01-01", to: "2030-01-03", timeZone: "Mars/Olympus" })).rejects.toThrow(/Unknown time zone/);
    await expect(caller.forms.analytics({ formId: form.id, from: "2030-01-03", to: "2030-01-01", timeZone: "UTC" })).rejects.toThrow(/first day comes before the last/);
  });

  it("records a session's start, completion and each card once (a repeat is skipped, never counted), and its rollup equals a recount of the raw events", async () => {
    const { ws, caller, form } = await publishedForm();
    const ctx = workspaceContext(ws);
    const session = await unsafeDb.formSession.create({ data: { subAccountId: ws.id, formTemplateId: form.id, token: randomUUID(), answers: {}, version: 2 } });
    const record = (e: Parameters<typeof recordFormEvent>[2]) => recordFormEvent(ctx, form.id, e);
    for (let i = 0; i < 3; i++) await record({ type: "view", version: 2, utmSource: "ads" });
    await record({ type: "start", version: 2, sessionId: session.id, utmSource: "ads" });
    await record({ type: "start", version: 2, sessionId: session.id, utmSource: "ads" });
    await record({ type: "step", version: 2, sessionId: session.id, stepIndex: 0, fieldKey: "name" });
    await record({ type: "step", version: 2, sessionId: session.id, stepIndex: 0, fieldKey: "name" });
    await record({ type: "step", version: 2, sessionId: session.id, stepIndex: 1, fieldKey: "email" });
    await record({ type: "step", version: 2, sessionId: null, stepIndex: 0, fieldKey: "name" });
    await record({ type: "step", version: 2, sessionId: null, stepIndex: 0, fieldKey: "name" });
    await record({ type: "complete", version: 2, sessionId: session.id });
    await record({ type: "complete", version: 2, sessionId: session.id });

    const rows = await unsafeDb.formEvent.groupBy({ by: ["type", "sessionId"], where: { formTemplateId: form.id }, _count: true });
    const count = (type: string, withSession: boolean) => rows.filter((r) => r.type === type && (r.sessionId !== null) === withSession).reduce((n, r) => n + r._count, 0);
    expect([count("view", false), count("start", true), count("step", true), count("step", false), count("complete", true)]).toEqual([3, 1, 2, 2, 1]);

    const today = dayKey(new Date(), "UTC");
    const a = await caller.forms.analytics({ formId: form.id, from: today, to: today, timeZone: "UTC" });
    expect(a.total).toMatchObject({ views: 3, starts: 1 });
    expect(a.byUtmSource).toEqual([{ utmSource: "ads", views: 3, starts: 1, completions: 0, completionRate: 0, medianMs: null }]);
    expect(a.fields.map((f) => [f.key, f.reached, f.left])).toEqual([
      ["name", 1, 3],
      ["email", 3, 1],
      ["budget", 1, 0],
    ]);

    // The rollup is what the raw rows say, per bucket, type, version, source and card; also after rows are deleted.
    const recount = () =>
      unsafeDb.$queryRaw<unknown[]>`
        SELECT bucket, type::text, version, "utmSource", "fieldKey", sum(n)::int AS n FROM (
          SELECT date_bin('15 minutes', "createdAt", TIMESTAMP '2000-01-01') AS bucket, type, COALESCE(version, 0) AS version, COALESCE("utmSource", '') AS "utmSource", COALESCE("fieldKey", '') AS "fieldKey", 1 AS n
          FROM "FormEvent" WHERE "formTemplateId" = ${form.id}
        ) x GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
    const rollup = () =>
      unsafeDb.$queryRaw<unknown[]>`
        SELECT bucket, type::text, version, "utmSource", "fieldKey", sum(count)::int AS n FROM "FormEventRollup" WHERE "formTemplateId" = ${form.id}
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
    expect(await rollup()).toEqual(await recount());
    await unsafeDb.formEvent.deleteMany({ where: { formTemplateId: form.id, type: "view" } });
    expect(await rollup()).toEqual(await recount());
    expect(await unsafeDb.formEventRollup.count({ where: { formTemplateId: form.id, type: "view" } })).toBe(0);
    expect((await caller.forms.analytics({ formId: form.id, from: today, to: today, timeZone: "UTC" })).total.views).toBe(0);
  });
});
