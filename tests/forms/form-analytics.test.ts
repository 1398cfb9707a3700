import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { unsafeDb } from "@/server/db/client";
import type { FormDefinition } from "@/schemas/forms";
import { recordFormEvent } from "@/server/services/forms/form-events";
import { lastAnsweredField as lastAnsweredFieldOf } from "@/server/services/forms/form-sessions";
import { DURATION_PRECISION } from "@/server/services/forms/form-stat-ranges";
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
      const lastAnsweredField = lastAnsweredFieldOf(cardForm, answers);
      sessions.push(await unsafeDb.formSession.create({ data: { ...base, token: randomUUID(), answers, lastAnsweredField, version: 2, createdAt: day9 } }));
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
    expect(a.medianEstimated).toBe(false);
    expect(a.byDay).toEqual([
      { day: "2030-03-09", views: 6, starts: 5, completions: 2, completionRate: 0.4 },
      { day: "2030-03-10", views: 4, starts: 1, completions: 1, completionRate: 1 },
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

    // FormStat is what the raw rows say, per hour, version, source and card; also after rows are deleted.
    expect(await statHours(form.id)).toEqual(await rawHours(form.id));
    await unsafeDb.formEvent.deleteMany({ where: { formTemplateId: form.id, type: "view" } });
    expect(await statHours(form.id)).toEqual(await rawHours(form.id));
    expect((await caller.forms.analytics({ formId: form.id, from: today, to: today, timeZone: "UTC" })).total.views).toBe(0);
  });
});

/** FormStat's hourly rows (by version, source and field) beside the same counts made from the raw rows. */
const statHours = (formId: number) =>
  unsafeDb.$queryRaw<unknown[]>`
    SELECT bucket, version, "utmSource" AS utm, "fieldKey" AS field, views, starts, completions, "cardsLeft", stopped
    FROM "FormStat" WHERE "formTemplateId" = ${formId} AND grain = 'h' AND (views <> 0 OR starts <> 0 OR completions <> 0 OR "cardsLeft" <> 0 OR stopped <> 0)
    ORDER BY 1, 2, 3, 4`;
const rawHours = (formId: number) =>
  unsafeDb.$queryRaw<unknown[]>`
    SELECT bucket, version, utm, field, sum(views)::int AS views, sum(starts)::int AS starts, sum(completions)::int AS completions,
           sum(cards)::int AS "cardsLeft", sum(stopped)::int AS stopped
    FROM (
      SELECT date_trunc('hour', "createdAt") AS bucket, COALESCE(version, 0) AS version,
             CASE WHEN type = 'step' THEN '' ELSE COALESCE("utmSource", '') END AS utm, CASE WHEN type = 'step' THEN "fieldKey" ELSE '' END AS field,
             (type = 'view')::int AS views, (type = 'start')::int AS starts, 0 AS completions, (type = 'step')::int AS cards, 0 AS stopped
      FROM "FormEvent" WHERE "formTemplateId" = ${formId} AND (type IN ('view', 'start') OR (type = 'step' AND COALESCE("fieldKey", '') <> ''))
      UNION ALL
      SELECT date_trunc('hour', "createdAt"), COALESCE(version, 0), COALESCE("utmSource", ''), '', 0, 0, 1, 0, 0 FROM "FormSubmission" WHERE "formTemplateId" = ${formId}
      UNION ALL
      SELECT date_trunc('hour', "createdAt"), COALESCE(version, 0), '', COALESCE("lastAnsweredField", ''), 0, 0, 0, 0, 1
      FROM "FormSession" WHERE "formTemplateId" = ${formId} AND status <> 'completed'
    ) x
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;

/** percentile_cont(0.5) of the numbers. */
function exactMedian(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) / 2;
  const lo = Math.floor(pos);
  return Math.round(s[lo]! + (s[Math.ceil(pos)]! - s[lo]!) * (pos - lo));
}

const dayKeys = new Map<string, string>();
/** dayKey, remembered (the same instants are read in several ranges). */
function localDay(at: Date, zone: string) {
  const k = `${zone} ${at.getTime()}`;
  let day = dayKeys.get(k);
  if (day === undefined) dayKeys.set(k, (day = dayKey(at, zone)));
  return day;
}

/** The raw rows of a form as stored. */
async function rawRows(formId: number) {
  const [events, subs, sessions] = await Promise.all([
    unsafeDb.formEvent.findMany({ where: { formTemplateId: formId }, select: { type: true, version: true, utmSource: true, fieldKey: true, createdAt: true } }),
    unsafeDb.formSubmission.findMany({ where: { formTemplateId: formId }, select: { version: true, utmSource: true, durationMs: true, createdAt: true } }),
    unsafeDb.formSession.findMany({ where: { formTemplateId: formId, status: { not: "completed" } }, select: { version: true, utmSource: true, lastAnsweredField: true, createdAt: true } }),
  ]);
  return { events, subs, sessions };
}

/** The analytics computed in JavaScript from the raw rows, for one zone, range and version. */
function fromRawRows(rows: Awaited<ReturnType<typeof rawRows>>, range: { from: string; to: string; timeZone: string; version?: number }) {
  const inRange = (r: { createdAt: Date; version: number | null }) => {
    const day = localDay(r.createdAt, range.timeZone);
    return day >= range.from && day <= range.to && (range.version === undefined || r.version === range.version);
  };
  const events = rows.events.filter(inRange);
  const subs = rows.subs.filter(inRange);
  const sessions = rows.sessions.filter(inRange);
  const group = <K>(keyOf: (r: { version: number | null; utmSource: string | null; createdAt: Date }) => K) => {
    const out = new Map<K, { views: number; starts: number; completions: number; durations: number[] }>();
    const at = (k: K) => out.get(k) ?? (out.set(k, { views: 0, starts: 0, completions: 0, durations: [] }), out.get(k)!);
    for (const e of events) if (e.type === "view" || e.type === "start") at(keyOf(e))[e.type === "view" ? "views" : "starts"]++;
    for (const s of subs) {
      const g = at(keyOf(s));
      g.completions++;
      if (s.durationMs !== null) g.durations.push(s.durationMs);
    }
    return out;
  };
  const all = group(() => "all").get("all") ?? { views: 0, starts: 0, completions: 0, durations: [] };
  const byDay = group((r) => localDay(r.createdAt, range.timeZone));
  return {
    total: all,
    byDay,
    byVersion: group((r) => r.version),
    byUtm: group((r) => r.utmSource),
    left: (key: string) => events.filter((e) => e.type === "step" && e.fieldKey === key).length,
    stopped: (key: string | null) => sessions.filter((s) => s.lastAnsweredField === key).length,
  };
}

describe("forms.analytics against the raw rows", () => {
  it("agrees with the raw rows in zones on whole, half and quarter hours (days, versions, sources, cards, stops); medians exact up to 2,000 submissions, within 15% beyond; also after deletes and sent sessions", async () => {
    const { ws, caller, form } = await publishedForm();
    const base = { subAccountId: ws.id, formTemplateId: form.id };
    let seed = 20_261_203;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const t0 = Date.parse("2030-05-01T00:00:00Z");
    const when = () => new Date(t0 + Math.floor(rnd() * 12 * 86_400_000));
    const sources = ["ads", "news", null];
    const keys = ["name", "email", "budget"];
    await unsafeDb.formEvent.createMany({
      data: [
        ...Array.from({ length: 3_000 }, (_, i) => ({ ...base, type: rnd() < 0.6 ? ("view" as const) : ("start" as const), version: 1 + (i % 2), utmSource: sources[i % 3], createdAt: when() })),
        ...Array.from({ length: 2_000 }, (_, i) => ({ ...base, type: "step" as const, version: 1 + (i % 2), fieldKey: keys[i % 3], stepIndex: i % 3, createdAt: when() })),
      ],
    });
    await unsafeDb.formSubmission.createMany({
      data: Array.from({ length: 2_600 }, (_, i) => ({
        ...base,
        version: 1 + (i % 2),
        data: { answers: {} },
        durationMs: i % 130 === 0 ? null : Math.round(400 + rnd() * rnd() * 900_000),
        utmSource: sources[(i * 7) % 3],
        createdAt: when(),
      })),
    });
    await unsafeDb.formSession.createMany({
      data: Array.from({ length: 400 }, (_, i) => {
        const answers = Object.fromEntries(keys.slice(0, i % 4).map((k) => [k, "x"]));
        return { ...base, token: randomUUID(), answers, lastAnsweredField: lastAnsweredFieldOf(cardForm, answers), version: 1 + (i % 2), createdAt: when() };
      }),
    });

    let stored = await rawRows(form.id);
    const compare = async (range: { from: string; to: string; timeZone: string; version?: number }) => {
      const a = await caller.forms.analytics({ formId: form.id, ...range });
      const raw = fromRawRows(stored, range);
      const what = JSON.stringify(range);
      const median = (m: number | null, durations: number[]) => {
        const exact = exactMedian(durations);
        if (!a.medianEstimated || exact === null) expect(m, what).toBe(exact);
        else expect(Math.abs(m! - exact), `${what}: median ${m} vs ${exact}`).toBeLessThanOrEqual(DURATION_PRECISION * exact);
      };
      expect(a.medianEstimated, what).toBe(raw.total.completions > 2_000);
      expect(a.total, what).toMatchObject({ views: raw.total.views, starts: raw.total.starts, completions: raw.total.completions });
      median(a.total.medianMs, raw.total.durations);
      expect(a.byDay.map((d) => [d.day, d.views, d.starts, d.completions]), what).toEqual(
        a.byDay.map((d) => {
          const r = raw.byDay.get(d.day);
          return [d.day, r?.views ?? 0, r?.starts ?? 0, r?.completions ?? 0];
        }),
      );
      expect(a.byDay.reduce((n, d) => n + d.views, 0), what).toBe(raw.total.views);
      expect(a.byVersion.map((v) => v.version).sort(), what).toEqual([...raw.byVersion.keys()].sort());
      for (const v of a.byVersion) {
        const r = raw.byVersion.get(v.version)!;
        expect([v.views, v.starts, v.completions], what).toEqual([r.views, r.starts, r.completions]);
        median(v.medianMs, r.durations);
      }
      expect(a.byUtmSource.map((u) => u.utmSource ?? "").sort(), what).toEqual([...raw.byUtm.keys()].map((u) => u ?? "").sort());
      for (const u of a.byUtmSource) {
        const r = raw.byUtm.get(u.utmSource)!;
        expect([u.views, u.starts, u.completions], what).toEqual([r.views, r.starts, r.completions]);
        median(u.medianMs, r.durations);
      }
      expect(a.fields.map((f) => [f.key, f.left, f.stoppedAfter]), what).toEqual(keys.map((k) => [k, raw.left(k), raw.stopped(k)]));
      expect(a.stoppedBeforeAnswering, what).toBe(raw.stopped(null));
      return a;
    };

    for (const timeZone of ["UTC", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Adelaide", "Pacific/Chatham"]) {
      expect((await compare({ from: "2030-04-30", to: "2030-05-13", timeZone })).total.completions).toBe(2_600);
      await compare({ from: "2030-05-04", to: "2030-05-06", timeZone });
    }
    await compare({ from: "2030-04-30", to: "2030-05-13", timeZone: "America/New_York", version: 2 });
    await compare({ from: "2030-05-02", to: "2030-05-02", timeZone: "Asia/Kolkata", version: 1 });

    // Rows deleted, sessions sent or moved on: FormStat follows (the rollup equals a recount, the analytics the raw rows).
    await unsafeDb.formSubmission.deleteMany({ where: { formTemplateId: form.id, utmSource: "news" } });
    await unsafeDb.formEvent.deleteMany({ where: { formTemplateId: form.id, type: "start", version: 2 } });
    const some = await unsafeDb.formSession.findMany({ where: { formTemplateId: form.id }, take: 60, orderBy: { id: "asc" } });
    await unsafeDb.formSession.updateMany({ where: { id: { in: some.slice(0, 30).map((s) => s.id) } }, data: { status: "completed" } });
    await unsafeDb.formSession.updateMany({ where: { id: { in: some.slice(30).map((s) => s.id) } }, data: { lastAnsweredField: "budget" } });
    await unsafeDb.formSession.deleteMany({ where: { id: { in: some.slice(40).map((s) => s.id) } } });
    expect(await statHours(form.id)).toEqual(await rawHours(form.id));
    stored = await rawRows(form.id);
    await compare({ from: "2030-04-30", to: "2030-05-13", timeZone: "Asia/Kathmandu" });
    await compare({ from: "2030-05-03", to: "2030-05-05", timeZone: "America/New_York" });
  }, 120_000);
});
