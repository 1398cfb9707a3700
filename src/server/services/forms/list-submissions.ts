import type { ListFormSubmissionsInput } from "@/schemas/forms";
import type { FormDefinition } from "@/schemas/forms";
import type { WorkspaceContext } from "@/server/context";
import { Prisma } from "@/server/db/client";
import { containsPattern } from "@/server/db/text-search";
import { definitionOf, findForm } from "./form-records";

interface SubmissionRow {
  id: number;
  createdAt: Date;
  version: number | null;
  data: unknown;
  durationMs: number | null;
  utmSource: string | null;
  leadId: number | null;
  leadName: string | null;
  leadEmail: string | null;
}

/** One answer as staff read it: "Yes"/"No", choices joined, a file by its name. */
export function answerText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (Array.isArray(value)) return value.map(answerText).join(", ");
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (typeof v.fileName === "string") return v.fileName;
    return "";
  }
  return String(value);
}

/** The answers of a stored submission (`data.answers`, or the whole object for rows stored before that shape). */
export function answersOf(data: unknown): Record<string, unknown> {
  if (!data || typeof data !== "object") return {};
  const d = data as Record<string, unknown>;
  return d.answers && typeof d.answers === "object" ? (d.answers as Record<string, unknown>) : d;
}

/** The definitions of a form's versions by number (the draft stands for submissions without a version). */
export async function definitionsByVersion(ctx: WorkspaceContext, formId: number, versions: readonly (number | null)[]) {
  const wanted = [...new Set(versions.filter((v): v is number => v !== null))];
  const rows = wanted.length ? await ctx.db.formVersion.findMany({ where: { formTemplateId: formId, version: { in: wanted } }, select: { version: true, schema: true } }) : [];
  return new Map<number, FormDefinition>(rows.map((r) => [r.version, definitionOf(r.schema)]));
}

/** Answers in the order and with the labels of the version they were given on; keys no version names come last. */
export function labelledAnswers(definition: FormDefinition | undefined, answers: Record<string, unknown>) {
  const out: { key: string; label: string; value: string }[] = [];
  const seen = new Set<string>();
  for (const f of definition?.fields ?? []) {
    if (!Object.hasOwn(answers, f.key)) continue;
    seen.add(f.key);
    const value = answerText(answers[f.key]);
    if (value !== "") out.push({ key: f.key, label: f.label, value });
  }
  for (const [key, raw] of Object.entries(answers)) {
    if (seen.has(key)) continue;
    const value = answerText(raw);
    if (value !== "") out.push({ key, label: key.replaceAll("_", " "), value });
  }
  return out;
}

/**
 * A form's submissions, newest first, searched in the answers and the lead's name and email (case-insensitive,
 * LIKE wildcards taken literally), with the lead each became. Keyset pages by id.
 */
export async function listFormSubmissions(ctx: WorkspaceContext, input: ListFormSubmissionsInput) {
  const form = await findForm(ctx, input.formId);
  const term = input.search?.trim();
  const where = (ws: Prisma.Sql) => {
    const and = [Prisma.sql`s."subAccountId" = ${ws}`, Prisma.sql`s."formTemplateId" = ${form.id}`];
    if (term) {
      const pattern = containsPattern(term);
      and.push(
        Prisma.sql`(l.name ILIKE ${pattern} OR l.email ILIKE ${pattern} OR EXISTS (SELECT 1 FROM jsonb_each_text(CASE WHEN jsonb_typeof(s.data->'answers') = 'object' THEN s.data->'answers' ELSE '{}'::jsonb END) a WHERE a.value ILIKE ${pattern}))`,
      );
    }
    return Prisma.join(and, " AND ");
  };
  const from = (ws: Prisma.Sql) => Prisma.sql`FROM "FormSubmission" s LEFT JOIN "Lead" l ON l."subAccountId" = s."subAccountId" AND l.id = s."leadId" WHERE ${where(ws)}`;
  const [rows, [count]] = await Promise.all([
    ctx.db.$queryWorkspace<SubmissionRow>(
      (ws) => Prisma.sql`
        SELECT s.id, s."createdAt", s.version, s.data, s."durationMs", s."utmSource", l.id AS "leadId", l.name AS "leadName", l.email AS "leadEmail"
        ${from(ws)} ${input.cursor ? Prisma.sql`AND s.id < ${input.cursor}` : Prisma.empty}
        ORDER BY s.id DESC LIMIT ${input.limit + 1}`,
    ),
    ctx.db.$queryWorkspace<{ total: number }>((ws) => Prisma.sql`SELECT count(*)::int AS total ${from(ws)}`),
  ]);
  const page = rows.slice(0, input.limit);
  const definitions = await definitionsByVersion(ctx, form.id, page.map((r) => r.version));
  const draft = definitionOf(form.schema);
  const items = page.map((r) => ({
    id: r.id,
    createdAt: r.createdAt,
    version: r.version,
    durationMs: r.durationMs,
    utmSource: r.utmSource,
    lead: r.leadId === null ? null : { id: r.leadId, name: r.leadName ?? "", email: r.leadEmail },
    answers: labelledAnswers(r.version === null ? draft : (definitions.get(r.version) ?? draft), answersOf(r.data)),
  }));
  return { items, total: count?.total ?? 0, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
