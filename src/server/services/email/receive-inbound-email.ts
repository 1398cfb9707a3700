import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { RequestContext } from "@/server/context";
import { encryptText } from "@/server/crypto/encryption";
import { tenantDb } from "@/server/db/tenant";
import { isUniqueViolation } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { enqueue } from "@/server/jobs/enqueue";
import { processInboundEmailJob } from "@/server/jobs/process-inbound-email";
import { mailboxTokenOf, unsafeFindInboundTarget } from "./postmark-webhook";

/** Postmark's MessageID of an inbound email: a UUID. */
const postmarkIdSchema = z.string().trim().regex(/^[0-9a-fA-F-]{20,64}$/);

export const webhookPayloadContext = (workspaceId: number, eventKey: string) => `postmark:${workspaceId}:${eventKey}`;

export type InboundEmailOutcome = "queued" | "duplicate" | "ignored";

/**
 * POST /api/webhooks/postmark/inbound after the credentials were checked (postmark-webhook.ts). The workspace comes
 * from the mailbox hash (a conversation's reply token or the workspace's inbound token); the delivery is recorded under
 * Postmark's MessageID (WebhookEvent, unique), with the email itself encrypted on the event until the worker has read
 * it, and the `process-inbound-email` job does the rest. A redelivery stores nothing and queues nothing new.
 */
export async function receiveInboundEmail(ctx: RequestContext, payload: unknown): Promise<{ outcome: InboundEmailOutcome }> {
  const body = (payload && typeof payload === "object" && !Array.isArray(payload) ? payload : {}) as Record<string, unknown>;
  const id = postmarkIdSchema.safeParse(body.MessageID);
  if (!id.success) throw AppError.field("MessageID", "The inbound email has no MessageID.");
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const token = mailboxTokenOf({ MailboxHash: str(body.MailboxHash), OriginalRecipient: str(body.OriginalRecipient), To: str(body.To) });
  const target = token ? await unsafeFindInboundTarget(token) : null;
  if (!target) {
    ctx.log.info({ postmarkMessageId: id.data }, "inbound email for an address no active workspace owns; ignored");
    return { outcome: "ignored" };
  }
  const workspaceId = target.workspace.id;
  const eventKey = `inbound:${id.data.toLowerCase()}`;
  const db = tenantDb(workspaceId);
  let eventId: bigint;
  try {
    const event = await db.webhookEvent.create({
      data: {
        subAccountId: workspaceId,
        provider: "postmark",
        providerEventId: eventKey,
        // The email (text, headers, attachments) stays encrypted until the worker has stored it on the conversation.
        payload: { MessageID: id.data, leadId: target.leadId, email: encryptText("webhook-payload", JSON.stringify(body), webhookPayloadContext(workspaceId, eventKey)) } as Prisma.InputJsonValue,
      },
      select: { id: true },
    });
    eventId = event.id;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const existing = await db.webhookEvent.findFirst({ where: { provider: "postmark", providerEventId: eventKey }, select: { id: true, status: true } });
    // A redelivery of an event whose job was never queued (Redis refused it) queues it now; otherwise nothing.
    if (existing?.status === "received") await enqueue(processInboundEmailJob, { subAccountId: workspaceId, webhookEventId: existing.id.toString() });
    ctx.log.info({ postmarkMessageId: id.data, subAccountId: workspaceId }, "inbound email delivered again; already recorded");
    return { outcome: "duplicate" };
  }
  await enqueue(processInboundEmailJob, { subAccountId: workspaceId, webhookEventId: eventId.toString() });
  return { outcome: "queued" };
}
