import type { Prisma } from "@/generated/prisma/client";
import type { ListFormSubmissionsInput } from "@/schemas/form-submissions";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";

const submissionFields = {
  id: true,
  formTemplateId: true,
  formTemplate: { select: { name: true } },
  leadId: true,
  version: true,
  data: true,
  createdAt: true,
} as const satisfies Prisma.FormSubmissionSelect;

type SubmissionRow = Prisma.FormSubmissionGetPayload<{ select: typeof submissionFields }>;

/** A submission as the API answers it: which form (and version) was filled, the lead it made or matched, the answers. */
const presentSubmission = (row: SubmissionRow) => ({
  id: row.id,
  formId: row.formTemplateId,
  formName: row.formTemplate.name,
  formVersion: row.version,
  leadId: row.leadId,
  data: row.data,
  createdAt: row.createdAt,
});

/** Newest first, optionally of one form or one lead; ids grow with time, so the cursor is the last id. */
export async function listFormSubmissions(ctx: WorkspaceContext, input: ListFormSubmissionsInput) {
  const rows = await ctx.db.formSubmission.findMany({
    where: {
      ...(input.formId ? { formTemplateId: input.formId } : {}),
      ...(input.leadId ? { leadId: input.leadId } : {}),
      ...(input.cursor ? { id: { lt: input.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: submissionFields,
  });
  const items = rows.slice(0, input.limit).map(presentSubmission);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function getFormSubmission(ctx: WorkspaceContext, input: { id: number }) {
  const row = await ctx.db.formSubmission.findUnique({ where: { id: input.id }, select: submissionFields });
  if (!row) throw new AppError("NOT_FOUND", `No form submission #${input.id} in this workspace.`);
  return presentSubmission(row);
}
