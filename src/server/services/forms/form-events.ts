import type { FormEventType } from "@/generated/prisma/client";
import type { PublicFormEventInput } from "@/schemas/forms";
import type { WorkspaceContext } from "@/server/context";
import type { TenantTransaction } from "@/server/db/tenant";
import type { LiveForm } from "./public-forms";
import { findOpenSession, renderTokenOf } from "./form-sessions";

/**
 * Analytics of a public form, one row per event: the page's view and each card left (sent by the page once each),
 * the start (the first save makes the session) and the completion (the submission). Never per keystroke; once per
 * session for a start, a completion and each card.
 */
export async function recordFormEvent(
  ctx: WorkspaceContext,
  formId: number,
  event: { type: FormEventType; version: number | null; sessionId?: number | null; stepIndex?: number | null; fieldKey?: string | null; utmSource?: string | null },
  /** The caller's transaction, when the event commits with its change. */
  db: Pick<TenantTransaction, "formEvent"> = ctx.db,
) {
  // A session's start, complete and each card left are recorded once (unique on the session and "<type>:<fieldKey>",
  // set by the database): a repeat is skipped, and only a row actually inserted is counted into FormStat (by the
  // database, in this statement).
  await db.formEvent.createMany({
    data: [
      {
        subAccountId: ctx.workspace.id,
        formTemplateId: formId,
        type: event.type,
        version: event.version,
        sessionId: event.sessionId ?? null,
        stepIndex: event.stepIndex ?? null,
        fieldKey: event.fieldKey ?? null,
        utmSource: event.utmSource?.slice(0, 200) ?? null,
      },
    ],
    skipDuplicates: true,
  });
}

/** A view or a step from the page (the version from its render token; a step names a field of that version). */
export async function recordPageEvent(ctx: WorkspaceContext, form: LiveForm, token: string | null, input: PublicFormEventInput) {
  const rendered = renderTokenOf(form, input.renderToken);
  const session = input.type === "step" ? await findOpenSession(ctx, form.id, token) : null;
  await recordFormEvent(ctx, form.id, {
    type: input.type,
    version: rendered.version,
    sessionId: session?.id ?? null,
    stepIndex: input.type === "step" ? (input.stepIndex ?? null) : null,
    fieldKey: input.type === "step" ? (input.fieldKey ?? null) : null,
    utmSource: input.utmSource ?? null,
  });
}
