import type { CreateFormInput, ListFormsInput, UpdateFormDraftInput } from "@/schemas/forms";
import type { WorkspaceContext } from "@/server/context";
import { containsText } from "@/server/db/text-search";
import { isUniqueViolation } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import {
  asJson,
  checkDefinition,
  checkSettings,
  createdBy,
  definitionOf,
  EMPTY_DEFINITION,
  findForm,
  settingsOf,
  settingsView,
  slugFor,
  storableSettings,
} from "./form-records";

export async function createForm(ctx: WorkspaceContext, input: CreateFormInput) {
  for (let attempt = 0; ; attempt++) {
    try {
      const form = await ctx.db.formTemplate.create({
        data: { subAccountId: ctx.workspace.id, name: input.name, kind: input.kind, slug: slugFor(input.name), schema: asJson(EMPTY_DEFINITION), settings: {} },
      });
      await auditInWorkspace(ctx, { action: "form.created", targetType: "FormTemplate", targetId: form.id, changes: { name: form.name } });
      return form;
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= 2) throw e;
    }
  }
}

/** Saves the draft; the public page keeps serving the published version until `publishForm`. */
export async function updateFormDraft(ctx: WorkspaceContext, input: UpdateFormDraftInput) {
  const form = await findForm(ctx, input.id);
  if (form.archivedAt) throw new AppError("PRECONDITION_FAILED", "This form is archived. Restore it before editing.");
  if (input.definition) checkDefinition(input.definition);
  if (input.settings) await checkSettings(ctx, input.settings);
  const { id, definition, settings, ...rest } = input;
  const updated = await ctx.db.formTemplate.update({
    where: { id },
    data: {
      ...rest,
      ...(definition ? { schema: asJson(definition) } : {}),
      ...(settings ? { settings: asJson(storableSettings(form.id, settings, settingsOf(form.settings))) } : {}),
    },
  });
  await auditInWorkspace(ctx, { action: "form.draft_saved", targetType: "FormTemplate", targetId: id, changes: { fields: Object.keys(input).filter((k) => k !== "id") } });
  return { ...updated, settings: settingsView(settingsOf(updated.settings)) };
}

/** Publishes the draft as a new immutable version (version numbers are consecutive per form). */
export async function publishForm(ctx: WorkspaceContext, input: { id: number }) {
  const form = await findForm(ctx, input.id);
  if (form.archivedAt) throw new AppError("PRECONDITION_FAILED", "This form is archived. Restore it before publishing.");
  const definition = definitionOf(form.schema);
  if (definition.fields.length === 0) throw AppError.field("definition", "Add at least one field before publishing.");
  checkDefinition(definition);
  await checkSettings(ctx, settingsOf(form.settings));
  try {
    const version = await ctx.db.$transaction(async (tx) => {
      // Conditional on the version read: two publishes at once make one version each, never the same number.
      const next = (form.publishedVersion ?? 0) + 1;
      const moved = await tx.formTemplate.updateMany({ where: { id: form.id, publishedVersion: form.publishedVersion }, data: { publishedVersion: next } });
      if (moved.count !== 1) throw new AppError("CONFLICT", "Someone published this form at the same moment. Reload and try again.");
      return tx.formVersion.create({
        data: { subAccountId: ctx.workspace.id, formTemplateId: form.id, version: next, kind: form.kind, schema: asJson(definition), settings: asJson(settingsOf(form.settings)), createdByUserId: createdBy(ctx) },
      });
    });
    await auditInWorkspace(ctx, { action: "form.published", targetType: "FormTemplate", targetId: form.id, changes: { version: version.version } });
    return { id: form.id, slug: form.slug, version: version.version };
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "Someone published this form at the same moment. Reload and try again.");
    throw e;
  }
}

export async function setFormArchived(ctx: WorkspaceContext, input: { id: number }, archived: boolean) {
  await findForm(ctx, input.id);
  const form = await ctx.db.formTemplate.update({ where: { id: input.id }, data: { archivedAt: archived ? new Date() : null } });
  await auditInWorkspace(ctx, { action: archived ? "form.archived" : "form.restored", targetType: "FormTemplate", targetId: form.id });
  return { id: form.id, archivedAt: form.archivedAt };
}

export async function listForms(ctx: WorkspaceContext, input: ListFormsInput) {
  const rows = await ctx.db.formTemplate.findMany({
    where: {
      archivedAt: input.archived ? { not: null } : null,
      ...(input.search ? { name: containsText(input.search) } : {}),
      ...(input.cursor ? { id: { lt: input.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: { id: true, name: true, slug: true, kind: true, publishedVersion: true, archivedAt: true, updatedAt: true, _count: { select: { submissions: true } } },
  });
  const items = rows.slice(0, input.limit).map(({ _count, ...f }) => ({ ...f, submissionCount: _count.submissions }));
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function getForm(ctx: WorkspaceContext, input: { id: number }) {
  const form = await findForm(ctx, input.id);
  const versions = await ctx.db.formVersion.findMany({
    where: { formTemplateId: form.id },
    orderBy: { version: "desc" },
    take: 50,
    select: { version: true, createdAt: true, createdByUserId: true },
  });
  return { ...form, definition: definitionOf(form.schema), settings: settingsView(settingsOf(form.settings)), versions };
}
