import { FORM_FILE_DEFAULT_MB, FORM_FILE_KIND_KEYS, FORM_FILE_KINDS, type FormField, type PublicFormUploadInput } from "@/schemas/forms";
import { FORM_FILE_MAX_COUNT } from "@/lib/forms/validate";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { getStorage } from "@/server/integrations/storage";
import { contentTypeEssence, presignWorkspaceDownload, workspaceKey } from "@/server/integrations/storage/workspace-files";
import { asJson } from "./form-records";
import { recordFormEvent } from "./form-events";
import { definitionForVersion, findOpenSession, renderTokenOf } from "./form-sessions";
import type { LiveForm } from "./public-forms";
import { FORM_SESSION_MAX_AGE_SEC, hashSessionToken, newSessionToken } from "./visitor-tokens";

/**
 * A visitor's file goes straight to storage: the server checks the field's kinds and size limit, issues a signed PUT
 * (bound to the content type and size) under the workspace's `forms/` prefix, then, once the browser says it is
 * done, checks the stored object again (S3 cannot bind a size to a presigned PUT) and deletes one that breaks a rule.
 * Only the workspace's members read the files, through signed links a workspace procedure issues.
 */
const MB = 1024 * 1024;
const UPLOAD_URL_SECONDS = 15 * 60;

export function fileRulesOf(field: Pick<FormField, "fileKinds" | "maxFileMb">) {
  const kinds = field.fileKinds?.length ? field.fileKinds : FORM_FILE_KIND_KEYS;
  return {
    contentTypes: kinds.flatMap((k) => [...FORM_FILE_KINDS[k].contentTypes]) as string[],
    maxBytes: (field.maxFileMb ?? FORM_FILE_DEFAULT_MB) * MB,
    labels: kinds.map((k) => FORM_FILE_KINDS[k].label),
  };
}

async function sessionForUpload(ctx: WorkspaceContext, form: LiveForm, token: string | null, version: number) {
  const open = await findOpenSession(ctx, form.id, token);
  if (open) return { session: open, newToken: null };
  const newToken = newSessionToken();
  const session = await ctx.db.formSession.create({
    data: { subAccountId: form.subAccountId, formTemplateId: form.id, token: hashSessionToken(newToken), answers: asJson({}), version, expiresAt: new Date(Date.now() + FORM_SESSION_MAX_AGE_SEC * 1000) },
  });
  await recordFormEvent(ctx, form.id, { type: "start", version, sessionId: session.id });
  return { session, newToken };
}

export async function startFormUpload(ctx: WorkspaceContext, form: LiveForm, token: string | null, input: PublicFormUploadInput) {
  const rendered = renderTokenOf(form, input.renderToken);
  const existing = await findOpenSession(ctx, form.id, token);
  const def = await definitionForVersion(ctx, form, existing?.version ?? rendered.version);
  const field = def.fields.find((f) => f.key === input.fieldKey && f.type === "file");
  if (!field) throw AppError.field("fieldKey", "This form has no such file field.");
  const rules = fileRulesOf(field);
  const contentType = contentTypeEssence(input.contentType);
  if (!rules.contentTypes.includes(contentType)) throw AppError.field("contentType", `"${field.label}" accepts ${rules.labels.join(", ")}.`);
  if (input.size === 0) throw AppError.field("size", "This file is empty.");
  if (input.size > rules.maxBytes) throw AppError.field("size", `"${field.label}" takes files up to ${rules.maxBytes / MB} MB.`);
  const { session, newToken } = await sessionForUpload(ctx, form, token, existing?.version ?? rendered.version);
  const pending = await ctx.db.formUpload.count({ where: { sessionId: session.id, fieldKey: field.key, submissionId: null } });
  if (pending >= FORM_FILE_MAX_COUNT * 2) throw AppError.field("fieldKey", `"${field.label}" has had too many files already. Reload the page to start again.`);
  const storageKey = workspaceKey(form.subAccountId, "forms", input.fileName);
  const upload = await getStorage().presignUpload(storageKey, { contentType, maxBytes: rules.maxBytes, expiresInSeconds: UPLOAD_URL_SECONDS });
  const row = await ctx.db.formUpload.create({
    data: { subAccountId: form.subAccountId, formTemplateId: form.id, sessionId: session.id, fieldKey: field.key, storageKey, fileName: input.fileName.slice(0, 200), contentType, sizeBytes: input.size },
    select: { id: true },
  });
  return { uploadId: row.id, upload, newToken };
}

export async function confirmFormUpload(ctx: WorkspaceContext, form: LiveForm, token: string | null, input: { renderToken: string; uploadId: number }) {
  renderTokenOf(form, input.renderToken);
  const session = await findOpenSession(ctx, form.id, token);
  const row = session ? await ctx.db.formUpload.findFirst({ where: { id: input.uploadId, sessionId: session.id, submissionId: null } }) : null;
  if (!session || !row) throw new AppError("NOT_FOUND", "No such upload for this visitor.");
  const def = await definitionForVersion(ctx, form, session.version ?? form.version);
  const field = def.fields.find((f) => f.key === row.fieldKey && f.type === "file");
  const storage = getStorage();
  const head = await storage.headObject(row.storageKey);
  if (!head) throw AppError.field("uploadId", "The file has not arrived: upload it again.");
  const rules = field ? fileRulesOf(field) : null;
  const problem = !rules
    ? "This field no longer takes files."
    : !rules.contentTypes.includes(contentTypeEssence(head.contentType))
      ? `"${field!.label}" accepts ${rules.labels.join(", ")}.`
      : head.size > rules.maxBytes
        ? `"${field!.label}" takes files up to ${rules.maxBytes / MB} MB.`
        : head.size === 0
          ? "This file is empty."
          : null;
  if (problem) {
    await storage.deleteObject(row.storageKey);
    await ctx.db.formUpload.delete({ where: { id: row.id } });
    throw AppError.field("uploadId", problem);
  }
  await ctx.db.formUpload.update({ where: { id: row.id }, data: { confirmedAt: new Date(), sizeBytes: head.size }, select: { id: true } });
  return { uploadId: row.id, fileName: row.fileName, sizeBytes: head.size };
}

/** A member's signed link to a submitted file of their workspace (valid 15 minutes). */
export async function formUploadUrl(ctx: WorkspaceContext, input: { id: number }) {
  const row = await ctx.db.formUpload.findFirst({ where: { id: input.id, submissionId: { not: null } }, select: { storageKey: true, fileName: true } });
  if (!row) throw new AppError("NOT_FOUND", "No such file in this workspace.");
  return { url: await presignWorkspaceDownload(getStorage(), ctx.workspace.id, row.storageKey, { downloadName: row.fileName }) };
}
