import { getEnv } from "@/env";
import type { WorkspaceContext } from "@/server/context";
import { queueNotificationEmail } from "@/server/services/notifications/queue-notification-email";

/**
 * Tells a lead's owner (or, for a lead without an active owner, the workspace's admins) that the AI stopped answering
 * the lead and a person is needed: an owner_alert notification email each, sent by the send-email job. `key` names the
 * event, so a retried turn alerts once. The email names the lead and the reason, never what the lead wrote.
 */
export async function alertLeadOwner(
  ctx: WorkspaceContext,
  lead: { id: number; ownerId: number | null },
  alert: { key: string; reason: string },
): Promise<number> {
  const owner = lead.ownerId === null ? null : await ctx.db.user.findUnique({ where: { id: lead.ownerId }, select: { id: true, isActive: true } });
  const recipients = owner?.isActive
    ? [owner.id]
    : (await ctx.db.user.findMany({ where: { role: "admin", isActive: true }, select: { id: true }, orderBy: { id: "asc" } })).map((u) => u.id);
  const { name } = (await ctx.db.lead.findUnique({ where: { id: lead.id }, select: { name: true } })) ?? { name: `lead #${lead.id}` };
  const link = `${getEnv().APP_URL}/inbox?lead=${lead.id}`;
  let queued = 0;
  for (const userId of recipients) {
    try {
      await queueNotificationEmail(ctx, {
        kind: "owner_alert",
        to: { userId },
        subject: `A person is needed: ${name}`.slice(0, 200),
        text: `The AI receptionist stopped replying to ${name}: ${alert.reason}\n\nOpen the conversation: ${link}\n\nTurn the AI back on from the conversation when you hand it back.`,
        idempotencyKey: `owner-alert:${alert.key}:${userId}`,
      });
      queued++;
    } catch (e) {
      // The pause itself stands (and is in the audit log); a missed email must not undo it.
      ctx.log.error({ err: { message: (e as Error).message }, leadId: lead.id }, "owner alert not queued");
    }
  }
  return queued;
}
