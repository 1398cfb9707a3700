import { z } from "zod";
import { emailSchema } from "@/schemas/auth";
import { idSchema, text, untrimmedText } from "@/schemas/common";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { enqueue } from "@/server/jobs/enqueue";
import { sendEmailJob } from "@/server/jobs/send-email";
import { encryptNotificationBody } from "./notification-content";
import { isUniqueViolation } from "@/server/db/errors";

export const notificationEmailSchema = z.object({
  kind: z.enum(["invitation", "owner_alert", "email_verification", "password_reset", "signup_attempt", "budget_alert", "form_resume_link", "form_submission", "webhook_disabled"]),
  /** A member of the workspace (their current address is used), or an address (an invitee who has no account yet). */
  to: z.union([z.object({ userId: idSchema }).strict(), z.object({ email: emailSchema }).strict()]),
  subject: text().min(1, "A notification needs a subject").max(200),
  text: text().min(1, "A notification needs a text body").max(50_000),
  html: untrimmedText().max(200_000).optional(),
  /** One logical notification, e.g. "owner-alert:lead-replied:123": asking again returns the first one. */
  idempotencyKey: text().min(1).max(200),
});
export type NotificationEmailInput = z.input<typeof notificationEmailSchema>;


/**
 * Stores a notification email to a workspace user or invitee (subject in clear, bodies encrypted) and enqueues
 * `send-email` with its id: the job payload stays an id, whatever the size of the email.
 */
export async function queueNotificationEmail(ctx: WorkspaceContext, rawInput: NotificationEmailInput) {
  const parsed = notificationEmailSchema.safeParse(rawInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw AppError.field(issue.path.join(".") || "(input)", issue.message);
  }
  const input = parsed.data;
  let toUserId: number | null = null;
  let toEmail: string;
  if ("userId" in input.to) {
    const user = await ctx.db.user.findUnique({ where: { id: input.to.userId }, select: { id: true, email: true, isActive: true } });
    if (!user || !user.isActive) throw AppError.field("to.userId", "No active member of this workspace has this id.");
    toUserId = user.id;
    toEmail = user.email;
  } else {
    toEmail = input.to.email;
  }

  const existing = await ctx.db.notificationEmail.findFirst({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true, status: true } });
  if (existing) return existing;
  let row: { id: number; status: string };
  try {
    row = await ctx.db.notificationEmail.create({
      data: {
        subAccountId: ctx.workspace.id,
        kind: input.kind,
        toUserId,
        toEmail,
        subject: input.subject,
        textBody: encryptNotificationBody(ctx.workspace.id, input.idempotencyKey, "text", input.text),
        htmlBody: input.html ? encryptNotificationBody(ctx.workspace.id, input.idempotencyKey, "html", input.html) : null,
        idempotencyKey: input.idempotencyKey,
      },
      select: { id: true, status: true },
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return (await ctx.db.notificationEmail.findFirst({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true, status: true } }))!;
  }
  try {
    await enqueue(sendEmailJob, { notificationId: row.id }, { ctx });
  } catch (e) {
    await ctx.db.notificationEmail.update({ where: { id: row.id }, data: { status: "failed", error: "The email could not be queued." } });
    ctx.log.error({ err: { message: (e as Error).message }, notificationId: row.id }, "notification email not queued");
    throw new AppError("SERVICE_UNAVAILABLE", "The email could not be queued. Try again.");
  }
  return row;
}
