import { addDays, format } from "date-fns";
import { parseZonedInput } from "@/lib/time";
import type { FormAnalyticsInput, FormDefinition } from "@/schemas/forms";
import type { WorkspaceContext } from "@/server/context";
import { Prisma } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { definitionOf, findForm } from "./form-records";
import { DURATION_BINS, floorHour, medianFromHistogram, statPieces } from "./form-stat-ranges";

export interface Counts {
  views: number;
  starts: number;
  completions: number;
  /** Completions / starts (null without starts). */
  completionRate: number | null;
  /** Median milliseconds from the first view to the submission (null without timed submissions). */
  medianMs: number | null;
}

/**
 * Up to this many submissions in the range, medians are exact (sorted from the submissions); above it they are read
 * from FormStat's duration histograms, within 15% (`medianEstimated`).
 */
export const EXACT_MEDIAN_LIMIT = 2_000;

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

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

/** A UTC instant as FormStat.bucket and createdAt hold it (timestamp without time zone, UTC). */
const utc = (ms: number) => Prisma.sql`${new Date(ms).toISOString().slice(0, 23)}::timestamp`;
const utcArray = (ms: number[]) => Prisma.sql`${ms.map((t) => new Date(t).toISOString().slice(0, 23))}::timestamp[]`;

interface DetailRow {
  version: number;
  utm: string;
  field: string;
  views: number;
  starts: number;
  completions: number;
  cardsLeft: number;
  stopped: number;
}
interface HistRow {
  version: number;
  utm: string;
  hist: (number | null)[];
}
interface DayRow {
  i: number;
  views: number;
  starts: number;
  completions: number;
}
interface MedianRow {
  dim: "all" | "version" | "utm";
  version: number | null;
  utm: string | null;
  median: number | null;
}

interface Sum {
  views: number;
  starts: number;
  completions: number;
  hist: number[];
}
const emptySum = (): Sum => ({ views: 0, starts: 0, completions: 0, hist: [] });
function addTo(map: Map<string, Sum>, key: string, row: { views: number; starts: number; completions: number }) {
  const s = map.get(key) ?? emptySum();
  s.views += row.views;
  s.starts += row.starts;
  s.completions += row.completions;
  map.set(key, s);
  return s;
}
function addHist(s: Sum, hist: readonly (number | null)[]) {
  for (let i = 0; i < hist.length; i++) s.hist[i] = (s.hist[i] ?? 0) + (hist[i] ?? 0);
}

/**
 * A form's analytics between two days of the viewer's zone, read from FormStat (kept by the database in the statement
 * that writes each event, submission and session): the range as whole UTC weeks, days, hours and quarter hours (a few
 * hundred rows whatever the number of submissions) for the totals, versions, sources, card funnel and the field where
 * unfinished sessions stopped; the chart by day from the hourly rows (quarter hours around midnights that are not on the
 * hour: India, Nepal, Newfoundland...). Medians: exact up to EXACT_MEDIAN_LIMIT submissions, else from the duration
 * histograms (within 15%).
 */
export async function formAnalytics(ctx: WorkspaceContext, input: FormAnalyticsInput) {
  const { start, end } = bounds(input);
  const version = input.version ?? null;
  const formId = input.formId;
  const days = daysBetween(input.from, input.to);
  const dayStarts = [...days.map((d) => parseZonedInput(d, input.timeZone)!.getTime()), end.getTime()];
  const pieces = statPieces(start.getTime(), end.getTime());
  const inPieces = pieces.length
    ? Prisma.join(
        pieces.map((p) => Prisma.sql`(s.grain = ${p.grain} AND s.bucket >= ${utc(p.from)} AND s.bucket < ${utc(p.to)})`),
        " OR ",
      )
    : Prisma.sql`FALSE`;
  const ofVersion = version !== null ? Prisma.sql`AND s.version = ${version}` : Prisma.empty;
  // Hours holding a midnight that is not on the hour are read by quarter hours.
  const split = [...new Set(dayStarts.filter((t) => t !== floorHour(t)).map(floorHour))];

  const [form, shown, detail, hists, series] = await Promise.all([
    findForm(ctx, formId),
    // The funnel follows the chosen version's fields (all versions: the newest published one, else the draft).
    ctx.db.formVersion.findFirst({ where: { formTemplateId: formId, ...(version !== null ? { version } : {}) }, orderBy: { version: "desc" }, select: { schema: true } }),
    ctx.db.$queryWorkspace<DetailRow>(
      (ws) => Prisma.sql`
        SELECT s.version, s."utmSource" AS utm, s."fieldKey" AS field, sum(s.views)::int AS views, sum(s.starts)::int AS starts,
               sum(s.completions)::int AS completions, sum(s."cardsLeft")::int AS "cardsLeft", sum(s.stopped)::int AS stopped
        FROM "FormStat" s
        WHERE s."subAccountId" = ${ws} AND s."formTemplateId" = ${formId} ${ofVersion} AND (${inPieces})
        GROUP BY 1, 2, 3`,
    ),
    ctx.db.$queryWorkspace<HistRow>(
      (ws) => Prisma.sql`
        SELECT s.version, s."utmSource" AS utm,
               ARRAY[${Prisma.raw(Array.from({ length: DURATION_BINS }, (_, i) => `sum(s.durations[${i + 1}])`).join(", "))}]::int[] AS hist
        FROM "FormStat" s
        WHERE s."subAccountId" = ${ws} AND s."formTemplateId" = ${formId} ${ofVersion} AND (${inPieces})
          AND s."fieldKey" = '' AND s.completions <> 0
        GROUP BY 1, 2`,
    ),
    ctx.db.$queryWorkspace<DayRow>(
      (ws) => Prisma.sql`
        SELECT width_bucket(s.bucket, ${utcArray(dayStarts)}) AS i, sum(s.views)::int AS views, sum(s.starts)::int AS starts, sum(s.completions)::int AS completions
        FROM "FormStat" s
        WHERE s."subAccountId" = ${ws} AND s."formTemplateId" = ${formId} ${ofVersion}
          AND ((s.grain = 'H' AND s.bucket >= ${utc(floorHour(start.getTime()))} AND s.bucket < ${utc(end.getTime())}
                ${split.length ? Prisma.sql`AND s.bucket <> ALL(${utcArray(split)})` : Prisma.empty})
            ${split.length ? Prisma.sql`OR (s.grain = 'Q' AND s.bucket >= ${utc(start.getTime())} AND s.bucket < ${utc(end.getTime())} AND date_trunc('hour', s.bucket) = ANY(${utcArray(split)}))` : Prisma.empty})
        GROUP BY 1`,
    ),
  ]);

  const definition: FormDefinition = definitionOf(shown?.schema ?? form.schema);
  const asked = definition.fields.filter((f) => f.type !== "hidden");

  const total = emptySum();
  const byVersionSum = new Map<string, Sum>();
  const byUtmSum = new Map<string, Sum>();
  const leftBy = new Map<string, number>();
  const stoppedBy = new Map<string, number>();
  for (const r of detail) {
    addTo(byVersionSum, String(r.version), r);
    addTo(byUtmSum, r.utm, r);
    total.views += r.views;
    total.starts += r.starts;
    total.completions += r.completions;
    if (r.field !== "") leftBy.set(r.field, (leftBy.get(r.field) ?? 0) + r.cardsLeft);
    stoppedBy.set(r.field, (stoppedBy.get(r.field) ?? 0) + r.stopped);
  }

  // Medians: exact while the submissions are few, else from the histograms.
  const medianEstimated = total.completions > EXACT_MEDIAN_LIMIT;
  const exact = new Map<string, number | null>();
  if (medianEstimated) {
    for (const h of hists) {
      addHist(total, h.hist);
      addHist(byVersionSum.get(String(h.version)) ?? emptySum(), h.hist);
      addHist(byUtmSum.get(h.utm) ?? emptySum(), h.hist);
    }
  } else if (total.completions > 0) {
    const rows = await ctx.db.$queryWorkspace<MedianRow>(
      (ws) => Prisma.sql`
        SELECT CASE WHEN GROUPING(version) = 0 THEN 'version' WHEN GROUPING(utm) = 0 THEN 'utm' ELSE 'all' END AS dim, version, utm,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY "durationMs") AS median
        FROM (
          SELECT COALESCE(s.version, 0) AS version, COALESCE(s."utmSource", '') AS utm, s."durationMs"
          FROM "FormSubmission" s
          WHERE s."subAccountId" = ${ws} AND s."formTemplateId" = ${formId} AND s."createdAt" >= ${utc(start.getTime())} AND s."createdAt" < ${utc(end.getTime())} ${ofVersion}
        ) x
        GROUP BY GROUPING SETS ((), (version), (utm))`,
    );
    for (const r of rows) exact.set(r.dim === "all" ? "all" : r.dim === "version" ? `v:${r.version}` : `u:${r.utm}`, r.median === null ? null : Math.round(Number(r.median)));
  }
  const counts = (s: Sum, key: string): Counts => ({
    views: s.views,
    starts: s.starts,
    completions: s.completions,
    completionRate: rate(s.completions, s.starts),
    medianMs: medianEstimated ? medianFromHistogram(s.hist) : (exact.get(key) ?? null),
  });
  const nonEmpty = (s: Sum) => s.views + s.starts + s.completions > 0;

  const byDayRows = new Map(series.map((r) => [r.i, r]));
  const byDay = days.map((day, i) => {
    const r = byDayRows.get(i + 1);
    const views = r?.views ?? 0;
    const starts = r?.starts ?? 0;
    const completions = r?.completions ?? 0;
    return { day, views, starts, completions, completionRate: rate(completions, starts) };
  });

  const byVersion = [...byVersionSum]
    .filter(([, s]) => nonEmpty(s))
    .map(([v, s]) => ({ version: Number(v) === 0 ? null : Number(v), ...counts(s, `v:${v}`) }))
    .sort((a, b) => (b.version ?? 0) - (a.version ?? 0));
  const byUtmSource = [...byUtmSum]
    .filter(([, s]) => nonEmpty(s))
    .map(([u, s]) => ({ utmSource: u === "" ? null : u, ...counts(s, `u:${u}`) }))
    .sort((a, b) => b.completions - a.completions || b.views - a.views);

  // Card funnel: a card is reached by those who left the card before it (the first by every start); the difference
  // between reaching and leaving a card is its drop-off. `stoppedAfter`: unfinished sessions whose last answer is it.
  let reached = total.starts;
  const fields = asked.map((f, i) => {
    const left = leftBy.get(f.key) ?? 0;
    const row = { key: f.key, label: f.label, position: i + 1, reached, left, dropOff: Math.max(0, reached - left), dropOffRate: rate(Math.max(0, reached - left), reached), stoppedAfter: stoppedBy.get(f.key) ?? 0 };
    reached = left;
    return row;
  });
  return {
    form: { id: form.id, name: form.name, kind: form.kind, publishedVersion: form.publishedVersion },
    range: { from: input.from, to: input.to, timeZone: input.timeZone, version },
    total: counts(total, "all"),
    /** Medians read from duration histograms (more than EXACT_MEDIAN_LIMIT submissions): within 15% of the exact value. */
    medianEstimated,
    byDay,
    byVersion,
    byUtmSource,
    fields,
    /** Unfinished sessions that answered nothing yet. */
    stoppedBeforeAnswering: stoppedBy.get("") ?? 0,
  };
}
