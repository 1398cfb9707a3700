import type { MessageStatus } from "@/generated/prisma/client";
import type { WorkspaceJobContext } from "@/server/context";
import { getMessagingDrivers } from "@/server/integrations/messaging";
import { sendOnce, type SendOnceResult } from "@/server/services/messages/send-once";
import { decryptNotificationBody } from "./notification-content";

interface LockedNotification {
  id: number;
  subAccountId: number;
  kind: string;
  toEmail: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  idempotencyKey: string;
  status: MessageStatus;
  externalId: string | null;
}

/** Sends one NotificationEmail of the job's workspace, once (see send-once.ts). */
export async function deliverNotificationEmail(ctx: WorkspaceJobContext, input: { notificationId: number }): Promise<SendOnceResult> {
  const workspaceId = ctx.workspace.id;
  const { notificationId } = input;
  const drivers = getMessagingDrivers();
  return sendOnce<LockedNotification>(
    {
      notFoundMessage: "No such notification email in this workspace.",
      lock: async (tx) => {
        const rows = await tx.$queryRaw<LockedNotification[]>`
          SELECT id, "subAccountId", kind::text AS kind, "toEmail", subject, "textBody", "htmlBody", "idempotencyKey", status::text AS status, "externalId"
          FROM "NotificationEmail" WHERE "subAccountId" = ${workspaceId} AND id = ${notificationId}
          FOR UPDATE NOWAIT`;
        return rows[0] ?? null;
      },
      deliver: async (row, tx) =>
        drivers.email.sendEmail({
          workspaceId,
          reference: `notification:${row.id}`,
          to: row.toEmail,
          from: drivers.emailFrom,
          subject: row.subject,
          text: decryptNotificationBody(row, "text", row.textBody),
          html: row.htmlBody === null ? undefined : decryptNotificationBody(row, "html", row.htmlBody),
          tag: row.kind.replace("_", "-"),
        }, { transaction: tx }),
      record: async (tx, row, outcome) => {
        await tx.notificationEmail.update({
          where: { subAccountId_id: { subAccountId: workspaceId, id: row.id } },
          data:
            outcome.status === "sent"
              ? { status: "sent", externalId: outcome.externalId, error: null, sentAt: new Date() }
              : { status: outcome.status, error: outcome.error },
        });
      },
    },
    { finalAttempt: ctx.isFinalAttempt, log: ctx.log },
  );
}
