import { addDays, format } from "date-fns";
import { parseZonedInput } from "@/lib/time";
import type { FormAnalyticsInput, FormDefinition } from "@/schemas/forms";
import type { WorkspaceContext } from "@/server/context";
import { Prisma } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { definitionOf, findForm } from "./form-records";

/** A row of a GROUPING SETS query: which dimension it belongs to and its key. */
interface GroupedRow {
  dim: "all" | "day" | "version" | "utm";
  day: string | null;
  version: number | null;
  utm: string | null;
}
interface EventRow extends GroupedRow {
  views: number;
  starts: number;
}
interface SubmissionRow extends GroupedRow {
  completions: number;
  median: number | null;
}

export interface Counts {
  views: number;
  starts: number;
  completions: number;
  /** Completions / starts (null without starts). */
  completionRate: number | null;
  /** Median milliseconds from the first view to the submission (null without timed submissions). */
  medianMs: number | null;
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const counts = (e: EventRow | undefined, s: SubmissionRow | undefined): Counts => {
  const views = e?.views ?? 0;
  const starts = e?.starts ?? 0;
  const completions = s?.completions ?? 0;
  return { views, starts, completions, completionRate: rate(completions, starts), medianMs: s?.median === null || s?.median === undefined ? null : Math.round(Number(s.median)) };
};

/** The UTC instants bounding the days `from`..`to` (inclusive) on `zone`'s clock. */
function bounds(input: FormAnalyticsInput) {
  const start = parseZonedInput(input.from, input.timeZone);
  const lastDayStart = parseZonedInput(input.to, input.timeZone);
  if (!start || !lastDayStart) throw AppError.field("from", "These days do not exist.");
  const nextDay = format(addDays(new Date(`${input.to}T12:00:00Z`), 1), "yyyy-MM-dd");
  const end = parseZonedInput(nextDay, input.timeZone)!;
  return { start, end };
}

/** Every day from `from` to `to` (YYYY-MM-DD), for a chart without holes. */
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T12:00:00Z`); ; d = addDays(d, 1)) {
    const key = d.toISOString().slice(0, 10);
    if (key > to) break;
    out.push(key);
  }
  return out;
}

/**
 * A form's analytics between two days of the viewer's zone, computed in SQL: views and starts from FormEventRollup
 * (FormEvent counted per 15-minute UTC bucket by the database as events are inserted; every zone's day starts on a
 * quarter hour, so a day is an exact sum of buckets), completions and the median time to complete from FormSubmission
 * (one GROUPING SETS pass each: in total, by day, by version and by UTM source), the card funnel from the rolled-up
 * step events (a session's card is recorded once, so a count is the number of sessions that left it), and the field
 * where unfinished sessions stopped.
 */
export async function formAnalytics(ctx: WorkspaceContext, input: FormAnalyticsInput) {
  const form = await findForm(ctx, input.formId);
  const { start, end } = bounds(input);
  const startUtc = Prisma.sql`(${start.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const endUtc = Prisma.sql`(${end.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const version = input.version ?? null;
  const localDay = (column: Prisma.Sql) => Prisma.sql`to_char((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${input.timeZone}, 'YYYY-MM-DD')`;
  const dim = Prisma.sql`CASE WHEN GROUPING(day) = 0 THEN 'day' WHEN GROUPING(version) = 0 THEN 'version' WHEN GROUPING(utm) = 0 THEN 'utm' ELSE 'all' END AS dim`;
  const sets = Prisma.sql`GROUPING SETS ((), (day), (version), (utm))`;

  // The funnel follows the chosen version's fields (all versions: the newest published one, else the draft).
  const shownVersion = version ?? form.publishedVersion;
  const definition: FormDefinition =
    shownVersion !== null
      ? definitionOf((await ctx.db.formVersion.findFirst({ where: { formTemplateId: form.id, version: shownVersion }, select: { schema: true } }))?.schema ?? form.schema)
      : definitionOf(form.schema);
  const asked = definition.fields.filter((f) => f.type !== "hidden");
  const keys = asked.map((f) => f.key);

  const [events, submissions, steps, stops] = await Promise.all([
    ctx.db.$queryWorkspace<EventRow>(
      (ws) => Prisma.sql`
        SELECT ${dim}, day, version, utm, COALESCE(sum(n) FILTER (WHERE type = 'view'), 0)::int AS views, COALESCE(sum(n) FILTER (WHERE type = 'start'), 0)::int AS starts
        FROM (
          SELECT r.type::text AS type, NULLIF(r.version, 0) AS version, r."utmSource" AS utm, ${localDay(Prisma.sql`r.bucket`)} AS day, r.count AS n
          FROM "FormEventRollup" r
          WHERE r."subAccountId" = ${ws} AND r."formTemplateId" = ${form.id} AND r.bucket >= ${startUtc} AND r.bucket < ${endUtc}
            AND r.type IN ('view', 'start') ${version !== null ? Prisma.sql`AND r.version = ${version}` : Prisma.empty}
        ) x
        GROUP BY ${sets}`,
    ),
    ctx.db.$queryWorkspace<SubmissionRow>(
      (ws) => Prisma.sql`
        SELECT ${dim}, day, version, utm, count(*)::int AS completions, percentile_cont(0.5) WITHIN GROUP (ORDER BY "durationMs") AS median
        FROM (
          SELECT s.version, COALESCE(s."utmSource", '') AS utm, ${localDay(Prisma.sql`s."createdAt"`)} AS day, s."durationMs"
          FROM "FormSubmission" s
          WHERE s."subAccountId" = ${ws} AND s."formTemplateId" = ${form.id} AND s."createdAt" >= ${startUtc} AND s."createdAt" < ${endUtc}
            ${version !== null ? Prisma.sql`AND s.version = ${version}` : Prisma.empty}
        ) x
        GROUP BY ${sets}`,
    ),
    ctx.db.$queryWorkspace<{ fieldKey: string; left: number }>(
      (ws) => Prisma.sql`
        SELECT r."fieldKey", sum(r.count)::int AS left
        FROM "FormEventRollup" r
        WHERE r."subAccountId" = ${ws} AND r."formTemplateId" = ${form.id} AND r.bucket >= ${startUtc} AND r.bucket < ${endUtc}
          AND r.type = 'step' AND r."fieldKey" <> '' ${version !== null ? Prisma.sql`AND r.version = ${version}` : Prisma.empty}
        GROUP BY r."fieldKey"`,
    ),
    keys.length === 0
      ? Promise.resolve([])
      : ctx.db.$queryWorkspace<{ idx: number | null; sessions: number }>(
          (ws) => Prisma.sql`
            SELECT last::int AS idx, count(*)::int AS sessions
            FROM (
              SELECT (SELECT max(k.idx) FROM unnest(${keys}::text[]) WITH ORDINALITY AS k(key, idx) WHERE jsonb_typeof(s.answers) = 'object' AND jsonb_exists(s.answers, k.key)) AS last
              FROM "FormSession" s
              WHERE s."subAccountId" = ${ws} AND s."formTemplateId" = ${form.id} AND s.status <> 'completed'
                AND s."createdAt" >= ${startUtc} AND s."createdAt" < ${endUtc} ${version !== null ? Prisma.sql`AND s.version = ${version}` : Prisma.empty}
            ) x
            GROUP BY last`,
        ),
  ]);

  const pick = <R extends GroupedRow>(rows: R[], d: GroupedRow["dim"]) => rows.filter((r) => r.dim === d);
  const total = counts(pick(events, "all")[0], pick(submissions, "all")[0]);

  const eventsByDay = new Map(pick(events, "day").map((r) => [r.day, r]));
  const subsByDay = new Map(pick(submissions, "day").map((r) => [r.day, r]));
  const byDay = daysBetween(input.from, input.to).map((day) => ({ day, ...counts(eventsByDay.get(day), subsByDay.get(day)) }));

  const versionKeys = new Set([...pick(events, "version"), ...pick(submissions, "version")].map((r) => r.version));
  const byVersion = [...versionKeys]
    .sort((a, b) => (b ?? 0) - (a ?? 0))
    .map((v) => ({ version: v, ...counts(pick(events, "version").find((r) => r.version === v), pick(submissions, "version").find((r) => r.version === v)) }));

  const utmKeys = new Set([...pick(events, "utm"), ...pick(submissions, "utm")].map((r) => r.utm ?? ""));
  const byUtmSource = [...utmKeys]
    .map((u) => ({ utmSource: u === "" ? null : u, ...counts(pick(events, "utm").find((r) => r.utm === u), pick(submissions, "utm").find((r) => r.utm === u)) }))
    .sort((a, b) => b.completions - a.completions || b.views - a.views);

  // Card funnel: a card is reached by those who left the card before it (the first by every start); the difference
  // between reaching and leaving a card is its drop-off. `stoppedAfter`: unfinished sessions whose last answer is it.
  const leftBy = new Map(steps.map((s) => [s.fieldKey, s.left]));
  const stoppedBy = new Map(stops.map((s) => [s.idx, s.sessions]));
  let reached = total.starts;
  const fields = asked.map((f, i) => {
    const left = leftBy.get(f.key) ?? 0;
    const row = { key: f.key, label: f.label, position: i + 1, reached, left, dropOff: Math.max(0, reached - left), dropOffRate: rate(Math.max(0, reached - left), reached), stoppedAfter: stoppedBy.get(i + 1) ?? 0 };
    reached = left;
    return row;
  });
  return {
    form: { id: form.id, name: form.name, kind: form.kind, publishedVersion: form.publishedVersion },
    range: { from: input.from, to: input.to, timeZone: input.timeZone, version },
    total,
    byDay,
    byVersion,
    byUtmSource,
    fields,
    /** Unfinished sessions that answered nothing yet. */
    stoppedBeforeAnswering: stoppedBy.get(null) ?? 0,
  };
}
