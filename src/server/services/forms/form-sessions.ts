import { getEnv } from "@/env";
import type { AnswerValue } from "@/lib/forms/logic";
import { validateAnswers } from "@/lib/forms/validate";
import type { FormDefinition, PublicFormSaveInput } from "@/schemas/forms";
import { enforceRateLimit } from "@/server/auth/rate-limit";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { queueNotificationEmail } from "@/server/services/notifications/queue-notification-email";
import type { ResumeState } from "@/features/forms/renderer/types";
import { asJson, definitionOf } from "./form-records";
import { recordFormEvent } from "./form-events";
import type { LiveForm } from "./public-forms";
import {
  decodeRenderToken,
  decodeResumeToken,
  encodeResumeToken,
  FORM_SESSION_MAX_AGE_SEC,
  hashSessionToken,
  newSessionToken,
  type RenderToken,
} from "./visitor-tokens";

/**
 * Save and resume: the page saves the answers as the visitor goes (debounced, a few times a minute at most), into a
 * FormSession named by an HttpOnly cookie holding a random token (only its hash is stored). A session lasts 30 days
 * from its last save; the cleanup job deletes expired ones. Once a valid email answer is saved, a signed resume link
 * is emailed (once per session).
 */
const expiry = () => new Date(Date.now() + FORM_SESSION_MAX_AGE_SEC * 1000);

export function renderTokenOf(form: Pick<LiveForm, "id">, value: string): RenderToken {
  const token = decodeRenderToken(value, form.id);
  if (!token) throw AppError.field("renderToken", "This page is out of date: reload it (your saved answers come back).");
  return token;
}

/** The definition of the version the visitor was shown (the live one, or an older one they started on). */
export async function definitionForVersion(ctx: WorkspaceContext, form: LiveForm, version: number): Promise<FormDefinition> {
  if (version === form.version) return form.definition;
  const row = await ctx.db.formVersion.findFirst({ where: { formTemplateId: form.id, version }, select: { schema: true } });
  if (!row) throw AppError.field("renderToken", "This version of the form does not exist: reload the page.");
  return definitionOf(row.schema);
}

/** The visitor's session for this form from their cookie: in progress and not expired, else null. */
export async function findOpenSession(ctx: WorkspaceContext, formId: number, token: string | null) {
  if (!token) return null;
  const session = await ctx.db.formSession.findUnique({ where: { token: hashSessionToken(token) } });
  if (!session || session.formTemplateId !== formId || session.status !== "in_progress" || (session.expiresAt && session.expiresAt < new Date())) return null;
  return session;
}

/** The last field of the version (hidden fields aside) that has an answer: where the visitor stopped, if they stop here. */
export function lastAnsweredField(def: FormDefinition, answers: Record<string, AnswerValue>): string | null {
  for (let i = def.fields.length - 1; i >= 0; i--) {
    const f = def.fields[i]!;
    if (f.type !== "hidden" && Object.hasOwn(answers, f.key)) return f.key;
  }
  return null;
}

/** Only the keys of the version's fields (anything else is dropped before it is stored). */
function knownAnswers(def: FormDefinition, answers: Record<string, AnswerValue>) {
  const out: Record<string, AnswerValue> = {};
  for (const f of def.fields) if (Object.hasOwn(answers, f.key)) out[f.key] = answers[f.key];
  return out;
}

export async function saveFormSession(ctx: WorkspaceContext, form: LiveForm, token: string | null, input: PublicFormSaveInput) {
  const rendered = renderTokenOf(form, input.renderToken);
  const existing = await findOpenSession(ctx, form.id, token);
  const version = existing?.version ?? rendered.version;
  const def = await definitionForVersion(ctx, form, version);
  const answers = knownAnswers(def, input.answers);
  const step = input.currentField ? Math.max(0, def.fields.findIndex((f) => f.key === input.currentField)) : 0;
  let session = existing;
  let newToken: string | null = null;
  if (session) {
    session = await ctx.db.formSession.update({
      where: { id: session.id },
      data: { answers: asJson(answers), lastAnsweredField: lastAnsweredField(def, answers), currentStep: step, expiresAt: expiry() },
    });
  } else {
    newToken = newSessionToken();
    session = await ctx.db.formSession.create({
      data: {
        subAccountId: form.subAccountId,
        formTemplateId: form.id,
        token: hashSessionToken(newToken),
        answers: asJson(answers),
        lastAnsweredField: lastAnsweredField(def, answers),
        currentStep: step,
        version,
        utmSource: input.utmSource ?? null,
        expiresAt: expiry(),
      },
    });
    await recordFormEvent(ctx, form.id, { type: "start", version, sessionId: session.id, utmSource: input.utmSource ?? null });
  }
  if (!session.resumeEmailSentAt) await sendResumeLinkOnce(ctx, form, session.id, def, answers);
  return { sessionId: session.id, newToken };
}

/** The email answer of a session, when one is valid (an email field, or the field mapped to the lead's email). */
function emailAnswer(def: FormDefinition, answers: Record<string, AnswerValue>): string | null {
  const field = def.fields.find((f) => f.type === "email" || (f.mapsTo?.kind === "lead" && f.mapsTo.field === "email"));
  if (!field || typeof answers[field.key] !== "string") return null;
  const checked = validateAnswers({ fields: [{ ...field, required: true }], rules: [] }, { [field.key]: answers[field.key] });
  return checked.errors[field.key] ? null : String(checked.values[field.key]);
}

export function resumeLinkFor(form: Pick<LiveForm, "slug">, sessionId: number) {
  const token = encodeResumeToken(sessionId, Math.floor(Date.now() / 1000) + FORM_SESSION_MAX_AGE_SEC);
  return `${getEnv().publicUrl}/api/public/forms/${encodeURIComponent(form.slug)}/resume?token=${encodeURIComponent(token)}`;
}

async function sendResumeLinkOnce(ctx: WorkspaceContext, form: LiveForm, sessionId: number, def: FormDefinition, answers: Record<string, AnswerValue>) {
  const email = emailAnswer(def, answers);
  if (!email) return;
  // Claimed once: two saves at once send one email.
  const claimed = await ctx.db.formSession.updateMany({ where: { id: sessionId, resumeEmailSentAt: null }, data: { resumeEmailSentAt: new Date() } });
  if (claimed.count !== 1) return;
  try {
    // Anyone can type anyone's address into a form: the emails one address receives are limited.
    await enforceRateLimit("emailsToAddress", `form:${email.toLowerCase()}`);
  } catch {
    ctx.log.info({ formId: form.id, sessionId }, "resume link not sent: too many emails to this address");
    return;
  }
  const link = resumeLinkFor(form, sessionId);
  await queueNotificationEmail(ctx, {
    kind: "form_resume_link",
    to: { email },
    subject: `Finish "${form.name}" where you left off`,
    text: `You started "${form.name}" (${form.workspaceName}). Your answers are saved for 30 days; continue here:\n\n${link}\n\nIf this was not you, ignore this email.`,
    idempotencyKey: `form-resume:${sessionId}`,
  });
}

/**
 * A resume link opens the session in this browser: the session gets a new token (the cookie answered), so the link
 * keeps working for its 30 days but an older browser's cookie no longer names it.
 */
export async function resumeFromLink(ctx: WorkspaceContext, form: LiveForm, value: string) {
  const decoded = decodeResumeToken(value);
  const session = decoded ? await ctx.db.formSession.findUnique({ where: { id: decoded.sessionId } }) : null;
  if (!session || session.formTemplateId !== form.id || session.status !== "in_progress" || (session.expiresAt && session.expiresAt < new Date()))
    throw new AppError("NOT_FOUND", "This link has expired or the form was already sent.");
  const token = newSessionToken();
  await ctx.db.formSession.update({ where: { id: session.id }, data: { token: hashSessionToken(token), expiresAt: expiry() } });
  return { token };
}

/** What the page needs to put a visitor back where they were. */
export async function resumeStateOf(ctx: WorkspaceContext, form: LiveForm, token: string | null): Promise<ResumeState | null> {
  const session = await findOpenSession(ctx, form.id, token);
  if (!session) return null;
  const def = await definitionForVersion(ctx, form, session.version ?? form.version).catch(() => form.definition);
  const uploads = await ctx.db.formUpload.findMany({ where: { sessionId: session.id, confirmedAt: { not: null } }, select: { id: true, fileName: true, sizeBytes: true } });
  return {
    answers: (session.answers ?? {}) as Record<string, AnswerValue>,
    currentField: def.fields[session.currentStep]?.key ?? null,
    uploads: Object.fromEntries(uploads.map((u) => [String(u.id), { fileName: u.fileName, sizeBytes: u.sizeBytes }])),
  };
}
