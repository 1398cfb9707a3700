import type { PublicForm, ResumeState } from "@/features/forms/renderer/types";
import type { WorkspaceContext } from "@/server/context";
import { definitionOf, settingsOf } from "./form-records";
import { findOpenSession, resumeStateOf } from "./form-sessions";
import { publicFormOf, type LiveForm } from "./public-forms";
import { encodeRenderToken } from "./visitor-tokens";

/**
 * What `/f/<slug>` renders for this visitor: the live version, or the version their saved session started on (its
 * answers are checked against it), their answers to resume from, and the page's signed render token.
 */
export async function visitorPage(ctx: WorkspaceContext, form: LiveForm, sessionToken: string | null): Promise<{ form: PublicForm; resume: ResumeState | null; renderToken: string }> {
  const session = await findOpenSession(ctx, form.id, sessionToken);
  let shown = form;
  if (session?.version && session.version !== form.version) {
    const row = await ctx.db.formVersion.findFirst({ where: { formTemplateId: form.id, version: session.version }, select: { version: true, kind: true, schema: true, settings: true } });
    if (row) shown = { ...form, version: row.version, kind: row.kind, definition: definitionOf(row.schema), settings: settingsOf(row.settings) };
  }
  const resume = session ? await resumeStateOf(ctx, form, sessionToken) : null;
  return { form: publicFormOf(shown), resume, renderToken: encodeRenderToken({ formId: form.id, version: shown.version, issuedAtMs: Date.now() }) };
}
