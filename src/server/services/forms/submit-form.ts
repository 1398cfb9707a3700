import type { Prisma } from "@/generated/prisma/client";
import { getEnv } from "@/env";
import type { AnswerValue } from "@/lib/forms/logic";
import { validateAnswers, type ValidatedAnswers } from "@/lib/forms/validate";
import { FORM_LEAD_FIELDS, ownerAssignmentOf, type FormDefinition, type FormSettings, type PublicFormSubmitInput } from "@/schemas/forms";
import { enforceRateLimit } from "@/server/auth/rate-limit";
import type { WorkspaceContext } from "@/server/context";
import { isUniqueViolation } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { emitFormSubmitted } from "@/server/events/emit";
import { transactionWithEvents } from "@/server/events/record-event";
import { createLead } from "@/server/services/leads/create-lead";
import { findDuplicate } from "@/server/services/leads/lead-fields";
import { appendLeadNote } from "@/server/services/leads/lead-notes";
import { receiveLeadMessage } from "@/server/services/messages/receive-lead-message";
import { queueNotificationEmail } from "@/server/services/notifications/queue-notification-email";
import { verifyCaptcha } from "./captcha";
import { asJson, captchaSecretOf, settingsOf } from "./form-records";
import { recordFormEvent } from "./form-events";
import { definitionForVersion, findOpenSession, renderTokenOf } from "./form-sessions";
import type { LiveForm } from "./public-forms";

/**
 * A visitor sends a form. In order: limits per IP and per form; the page's render token (which version they were
 * shown, and when: sent sooner than MIN_FILL_MS after the page loaded is refused); the honeypot (filled in: answered
 * as a success, nothing stored); the bot check when the form has one; the answers checked again against the pinned
 * version with its logic (a field hidden by logic loses its value unread); the submission claimed once on the
 * browser's id (a double click makes one submission and one lead); the lead created or merged by the CRM's duplicate
 * rules (empty fields filled, custom fields mapped, a note with the answers); owner in turn; the owner told; the AI
 * conversation started on a channel the visitor consented to.
 */
export const MIN_FILL_MS = 3_000;

const LINK_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

export interface SubmitResult {
  submissionId: number | null;
  thankYouMessage: string | null;
  redirectUrl: string | null;
}

export async function submitForm(ctx: WorkspaceContext, form: LiveForm, sessionToken: string | null, input: PublicFormSubmitInput): Promise<SubmitResult> {
  await enforceRateLimit("formSubmitIp", ctx.ip);
  await enforceRateLimit("formSubmitForm", String(form.id));
  const rendered = renderTokenOf(form, input.renderToken);
  const done = (submissionId: number | null, settings: FormSettings): SubmitResult => ({
    submissionId,
    thankYouMessage: settings.thankYouMessage ?? null,
    redirectUrl: settings.redirectUrl ?? null,
  });
  if (input.website) {
    ctx.log.info({ formId: form.id }, "form honeypot filled: answered as sent, nothing stored");
    return done(null, form.settings);
  }
  const prior = await ctx.db.formSubmission.findFirst({ where: { formTemplateId: form.id, clientSubmissionId: input.clientSubmissionId }, select: { id: true } });
  if (prior) return done(prior.id, form.settings);
  const session = await findOpenSession(ctx, form.id, sessionToken);
  // Filling in started when the visitor first saw the form: a visitor who resumes a saved session after a reload may
  // send the last question at once.
  const startedAt = Math.min(rendered.issuedAtMs, session?.createdAt.getTime() ?? Infinity);
  if (Date.now() - startedAt < MIN_FILL_MS) throw new AppError("BAD_REQUEST", "This form was sent too quickly. Take a moment to check your answers, then send it again.");
  const version = session?.version ?? rendered.version;
  const pinned = await pinnedVersion(ctx, form, version);
  const captcha = pinned.settings.captcha;
  if (captcha && captcha.provider !== "none") {
    const secret = captchaSecretOf(form.id, pinned.settings);
    if (secret) await verifyCaptcha(captcha.provider, secret, input.captchaToken, ctx.ip);
  }

  const checked = validateAnswers(pinned.definition, input.answers);
  if (Object.keys(checked.errors).length) {
    const fieldErrors = Object.fromEntries(Object.entries(checked.errors).map(([k, m]) => [`answers.${k}`, [m]]));
    throw new AppError("BAD_REQUEST", Object.values(checked.errors)[0]!, { fieldErrors });
  }
  const files = await checkUploads(ctx, form.id, session?.id ?? null, pinned.definition, checked.values);

  let submission: { id: number };
  try {
    submission = await ctx.db.formSubmission.create({
      data: {
        subAccountId: form.subAccountId,
        formTemplateId: form.id,
        sessionId: session?.id ?? null,
        version,
        data: asJson({ answers: checked.values, consents: checked.consents, files }),
        durationMs: Math.min(2_147_483_647, Math.max(0, Date.now() - startedAt)),
        utmSource: input.utmSource ?? session?.utmSource ?? null,
        clientSubmissionId: input.clientSubmissionId,
      },
      select: { id: true },
    });
  } catch (e) {
    // The same submission arriving twice at once: the first one claimed it.
    if (!isUniqueViolation(e)) throw e;
    const winner = await ctx.db.formSubmission.findFirst({ where: { formTemplateId: form.id, clientSubmissionId: input.clientSubmissionId }, select: { id: true } });
    if (!winner) throw e;
    return done(winner.id, pinned.settings);
  }

  let lead: { id: number; ownerId: number | null; email: string | null; phone: string | null };
  try {
    lead = await leadFromSubmission(ctx, form, pinned, checked, files);
  } catch (e) {
    // Nothing half-written: without its lead the submission is withdrawn, and the visitor may send it again.
    await ctx.db.formSubmission.delete({ where: { id: submission.id } }).catch(() => undefined);
    throw e;
  }
  // The submission is complete once it has its lead: form.submitted, the session closed, the files attached and the
  // completion event commit with that link, in one transaction (a burst of visitors queues for pooled connections:
  // it waits as long as the lead's own transaction may).
  await transactionWithEvents(
    ctx.db,
    async (tx) => {
      await tx.formSubmission.update({ where: { id: submission.id }, data: { leadId: lead.id }, select: { id: true } });
      await emitFormSubmitted(tx, form.subAccountId, submission.id);
      if (session) await tx.formSession.update({ where: { id: session.id }, data: { status: "completed", leadId: lead.id }, select: { id: true } });
      if (files.length) await tx.formUpload.updateMany({ where: { id: { in: files.map((f) => f.id) } }, data: { submissionId: submission.id } });
      await recordFormEvent(ctx, form.id, { type: "complete", version, sessionId: session?.id ?? null, utmSource: input.utmSource ?? session?.utmSource ?? null }, tx);
    },
    LINK_TRANSACTION,
  );

  await afterSubmission(ctx, form, pinned, submission.id, lead, checked).catch((e: unknown) =>
    ctx.log.error({ err: { message: (e as Error).message }, formId: form.id, submissionId: submission.id }, "form follow-up (owner email, AI start) failed"),
  );
  return done(submission.id, pinned.settings);
}

async function pinnedVersion(ctx: WorkspaceContext, form: LiveForm, version: number): Promise<{ version: number; definition: FormDefinition; settings: FormSettings }> {
  if (version === form.version) return { version, definition: form.definition, settings: form.settings };
  const row = await ctx.db.formVersion.findFirst({ where: { formTemplateId: form.id, version }, select: { settings: true } });
  return { version, definition: await definitionForVersion(ctx, form, version), settings: settingsOf(row?.settings) };
}

type UploadedFile = { id: number; field: string; fileName: string; contentType: string; sizeBytes: number; storageKey: string };

/** Every file answer names uploads of this visitor's session, for that field, checked in storage. */
async function checkUploads(ctx: WorkspaceContext, formId: number, sessionId: number | null, def: FormDefinition, values: Record<string, AnswerValue>): Promise<UploadedFile[]> {
  const out: UploadedFile[] = [];
  for (const field of def.fields) {
    if (field.type !== "file" || !Array.isArray(values[field.key])) continue;
    const ids = (values[field.key] as string[]).map(Number);
    const rows = sessionId
      ? await ctx.db.formUpload.findMany({
          where: { id: { in: ids }, formTemplateId: formId, sessionId, fieldKey: field.key, confirmedAt: { not: null }, submissionId: null },
          select: { id: true, fileName: true, contentType: true, sizeBytes: true, storageKey: true },
        })
      : [];
    if (rows.length !== ids.length) throw AppError.field(`answers.${field.key}`, `"${field.label}" names a file that was not uploaded here. Upload it again.`);
    out.push(...rows.map((r) => ({ ...r, field: field.key })));
  }
  return out;
}

const display = (v: AnswerValue) => (Array.isArray(v) ? v.join(", ") : typeof v === "boolean" ? (v ? "yes" : "no") : String(v ?? ""));

async function leadFromSubmission(
  ctx: WorkspaceContext,
  form: LiveForm,
  pinned: { version: number; definition: FormDefinition; settings: FormSettings },
  checked: ValidatedAnswers,
  files: UploadedFile[],
) {
  const leadValues: Partial<Record<(typeof FORM_LEAD_FIELDS)[number], string>> = {};
  const custom: Record<string, AnswerValue> = {};
  for (const f of pinned.definition.fields) {
    const v = checked.values[f.key];
    if (v === undefined || f.type === "file") continue;
    if (f.mapsTo?.kind === "lead") leadValues[f.mapsTo.field] = display(v).slice(0, 160);
    else if (f.mapsTo?.kind === "custom") custom[f.mapsTo.key] = v;
  }
  const settings = pinned.settings;
  const strategyId = settings.strategyId && (await ctx.db.strategy.count({ where: { id: settings.strategyId } })) ? settings.strategyId : null;
  // An owner only when the form assigns them (a lead that already has one keeps it, and takes no turn).
  const existing = ownerAssignmentOf(settings).userIds.length ? await findDuplicate(ctx, { email: leadValues.email ?? null, phone: null }) : null;
  const ownerId = existing?.lead && (await ctx.db.lead.findUnique({ where: { id: existing.lead.id }, select: { ownerId: true } }))?.ownerId ? null : await nextOwner(ctx, form.id, settings);

  let created;
  try {
    created = await createLead(ctx, {
      name: leadValues.name || leadValues.email || leadValues.phone || "Form visitor",
      email: leadValues.email ?? null,
      phone: leadValues.phone ?? null,
      company: leadValues.company ?? null,
      position: leadValues.position ?? null,
      source: `Form: ${form.name}`.slice(0, 120),
      customId: null,
      timezone: null,
      strategyId,
      ownerId,
      onDuplicate: "merge",
    });
  } catch (e) {
    // A phone the validator took but the workspace's region cannot read: said on the phone field.
    const phoneField = pinned.definition.fields.find((f) => f.mapsTo?.kind === "lead" && f.mapsTo.field === "phone");
    if (e instanceof AppError && e.fieldErrors?.phone && phoneField) throw AppError.field(`answers.${phoneField.key}`, `"${phoneField.label}" is not a phone number we can reach.`);
    throw e;
  }

  if (Object.keys(custom).length) {
    // Custom fields fill what the lead does not have yet, like its other fields.
    const row = await ctx.db.lead.findUnique({ where: { id: created.id }, select: { customFields: true } });
    const current = (row?.customFields && typeof row.customFields === "object" ? row.customFields : {}) as Record<string, unknown>;
    const added = Object.fromEntries(Object.entries(custom).filter(([k]) => current[k] === undefined || current[k] === null || current[k] === ""));
    if (Object.keys(added).length) await ctx.db.lead.update({ where: { id: created.id }, data: { customFields: { ...current, ...added } as Prisma.InputJsonValue }, select: { id: true } });
  }

  const lines = pinned.definition.fields
    .filter((f) => checked.values[f.key] !== undefined && f.type !== "file" && f.type !== "consent")
    .map((f) => `- ${f.label}: ${display(checked.values[f.key])}`);
  for (const file of files) lines.push(`- ${pinned.definition.fields.find((f) => f.key === file.field)?.label ?? file.field}: file "${file.fileName}"`);
  for (const c of checked.consents) lines.push(`- Agreed${c.channel ? ` (${c.channel})` : ""}: "${c.text}"`);
  await appendLeadNote(ctx, created.id, `Form "${form.name}" (version ${pinned.version}) was sent${created.merged ? " by this lead again" : ""}:\n${lines.join("\n")}`.slice(0, 10_000));
  return { id: created.id, ownerId: created.ownerId, email: created.email, phone: created.phone };
}

/**
 * The owner of a new lead: the fixed one, or the next of the owners in turn. The cursor is one atomic increment on the
 * form's row, so concurrent submissions each get their own turn and the members share them evenly.
 */
async function nextOwner(ctx: WorkspaceContext, formId: number, settings: FormSettings): Promise<number | null> {
  const assignment = ownerAssignmentOf(settings);
  if (assignment.userIds.length === 0) return null;
  const active = new Set((await ctx.db.user.findMany({ where: { id: { in: assignment.userIds }, isActive: true }, select: { id: true } })).map((u) => u.id));
  const owners = assignment.userIds.filter((id) => active.has(id));
  if (owners.length === 0) return null;
  if (assignment.mode === "fixed" || owners.length === 1) return owners[0]!;
  const { roundRobinCursor } = await ctx.db.formTemplate.update({ where: { id: formId }, data: { roundRobinCursor: { increment: 1 } }, select: { roundRobinCursor: true } });
  return owners[(roundRobinCursor - 1) % owners.length]!;
}

async function afterSubmission(
  ctx: WorkspaceContext,
  form: LiveForm,
  pinned: { version: number; definition: FormDefinition; settings: FormSettings },
  submissionId: number,
  lead: { id: number; ownerId: number | null; email: string | null; phone: string | null },
  checked: ValidatedAnswers,
) {
  const summary = pinned.definition.fields
    .filter((f) => checked.values[f.key] !== undefined && f.type !== "file" && f.type !== "consent" && f.type !== "hidden")
    .map((f) => `${f.label}: ${display(checked.values[f.key])}`)
    .join("\n");
  if (pinned.settings.notifyOwner && lead.ownerId) {
    await queueNotificationEmail(ctx, {
      kind: "form_submission",
      to: { userId: lead.ownerId },
      subject: `New answers to "${form.name}"`,
      text: `A visitor sent "${form.name}". Their answers:\n\n${summary}\n\nOpen the lead: ${getEnv().publicUrl}/leads/${lead.id}`.slice(0, 50_000),
      idempotencyKey: `form-submission:${submissionId}`,
    });
  }
  if (!pinned.settings.startAi) return;
  // Only with consent: a consent field on the channel, ticked, and the lead reachable on it.
  const channels = new Set(checked.consents.map((c) => c.channel));
  const channel = channels.has("sms") && lead.phone ? "sms" : channels.has("email") && lead.email ? "email" : null;
  if (!channel) return;
  await receiveLeadMessage(ctx, {
    leadId: lead.id,
    channel,
    content: `(Sent the form "${form.name}")\n${summary}`.slice(0, 10_000),
    ...(channel === "email" ? { subject: form.name.slice(0, 200) } : {}),
    externalId: `form-submission:${submissionId}`,
  });
}
