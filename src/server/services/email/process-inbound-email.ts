import EmailReplyParser from "email-reply-parser";
import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { stripUnstorable } from "@/schemas/common";
import { MAX_EMAIL_ATTACHMENTS } from "@/schemas/messages";
import type { WorkspaceJobContext } from "@/server/context";
import { decryptText } from "@/server/crypto/encryption";
import { isUniqueViolation } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { getStorage } from "@/server/integrations/storage";
import { assertFileAllowed, workspaceKey } from "@/server/integrations/storage/workspace-files";
import { enqueue } from "@/server/jobs/enqueue";
import { emitLeadCreated, emitMessageReceived } from "@/server/events/emit";
import { transactionWithEvents } from "@/server/events/record-event";
import { aiTurnJob } from "@/server/jobs/ai-turn";
import { publishConversationEvent } from "@/server/realtime/conversation-events";
import { encryptMessageContent, encryptMessageSubject } from "@/server/services/messages/message-content";
import { replyDelayMs, TRANSACTION_WAIT } from "@/server/services/messages/receive-lead-message";
import { webhookPayloadContext } from "./receive-inbound-email";
import { emailRulesOf } from "./settings";
import { normalizeMessageId, referenceIds } from "./threading";

/** At most this many attachments of one email are kept; the rest (and any of a refused type or size) are listed as skipped. */
export const MAX_ATTACHMENTS = MAX_EMAIL_ATTACHMENTS;
const MAX_TEXT = 20_000;

const inboundSchema = z.object({
  MessageID: z.string(),
  FromFull: z.object({ Email: z.string().max(254), Name: z.string().max(200).optional() }).partial().optional(),
  From: z.string().max(500).optional(),
  FromName: z.string().max(200).optional(),
  Subject: z.string().max(2000).optional(),
  TextBody: z.string().optional(),
  HtmlBody: z.string().optional(),
  StrippedTextReply: z.string().optional(),
  Headers: z.array(z.object({ Name: z.string().max(200), Value: z.string().max(5000) })).max(500).optional(),
  Attachments: z
    .array(z.object({ Name: z.string().max(500).optional(), Content: z.string().optional(), ContentType: z.string().max(200).optional(), ContentLength: z.number().optional() }))
    .optional(),
});
type InboundEmail = z.infer<typeof inboundSchema>;

const emailAddress = z.string().trim().toLowerCase().max(254).pipe(z.email());

/** The HTML body as text when an email has no text part: tags dropped, entities of everyday text decoded. */
function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|tr|h\d)>/gi, "\n")
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/**
 * What the lead wrote, without the quoted history: Postmark's StrippedTextReply when it found the reply, else the text
 * body (or the HTML as text) through email-reply-parser, which drops quotes, "On … wrote:" blocks and signatures.
 */
export function replyTextOf(email: Pick<InboundEmail, "StrippedTextReply" | "TextBody" | "HtmlBody">): string {
  const stripped = email.StrippedTextReply?.trim();
  const raw = stripped || new EmailReplyParser().parseReply(email.TextBody?.trim() ? email.TextBody : htmlToText(email.HtmlBody ?? ""));
  return stripUnstorable(raw).trim().slice(0, MAX_TEXT);
}

function header(email: InboundEmail, name: string): string | null {
  return email.Headers?.find((h) => h.Name.toLowerCase() === name.toLowerCase())?.Value ?? null;
}

interface StoredAttachment {
  key: string;
  name: string;
  contentType: string;
  size: number;
}

/** Attachments to storage (the workspace's "attachments" kind: its types and size limit); the others are named as skipped. */
async function storeAttachments(ctx: WorkspaceJobContext, email: InboundEmail) {
  const stored: StoredAttachment[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const [i, a] of (email.Attachments ?? []).entries()) {
    const name = stripUnstorable(a.Name ?? `attachment-${i + 1}`).slice(0, 200) || `attachment-${i + 1}`;
    if (i >= MAX_ATTACHMENTS) {
      skipped.push({ name, reason: `Only the first ${MAX_ATTACHMENTS} attachments are kept.` });
      continue;
    }
    const bytes = Buffer.from(a.Content ?? "", "base64");
    const contentType = (a.ContentType ?? "application/octet-stream").toLowerCase();
    try {
      assertFileAllowed("attachments", { contentType, size: bytes.length }, "attachment");
    } catch (e) {
      if (e instanceof AppError) {
        skipped.push({ name, reason: e.fieldErrors?.attachment?.[0] ?? e.message });
        continue;
      }
      throw e;
    }
    const key = workspaceKey(ctx.workspace.id, "attachments", name);
    await getStorage().putObject(key, bytes, { contentType });
    stored.push({ key, name, contentType, size: bytes.length });
  }
  return { stored, skipped };
}

export type ProcessInboundEmailResult =
  | { outcome: "stored"; leadId: number; messageId: string; attachments: number; skippedAttachments: number; newLead: boolean }
  | { outcome: "ignored" | "already-processed" };

/**
 * The worker's half of an inbound email (the webhook recorded it, encrypted, on its WebhookEvent). The lead: the
 * conversation the mailbox hash names, else the workspace's lead with the sender's address, else a new lead (source
 * "email", the strategy for new leads) or nothing, per the workspace's setting. One transaction stores the message
 * (idempotent per event), moves the lead's last activity and marks the event processed, leaving only ids on it; the AI's
 * turn follows after the strategy's pacing and answers by email in the same thread.
 */
export async function processInboundEmail(ctx: WorkspaceJobContext, input: { webhookEventId: bigint }): Promise<ProcessInboundEmailResult> {
  const workspaceId = ctx.workspace.id;
  const event = await ctx.db.webhookEvent.findUnique({ where: { id: input.webhookEventId }, select: { id: true, provider: true, providerEventId: true, payload: true, status: true } });
  if (!event || event.provider !== "postmark") throw new AppError("NOT_FOUND", "No such inbound email in this workspace.");
  if (event.status !== "received") return { outcome: "already-processed" };
  const recorded = event.payload as { MessageID: string; leadId: number | null; email: string };
  const parsed = inboundSchema.safeParse(JSON.parse(decryptText("webhook-payload", recorded.email, webhookPayloadContext(workspaceId, event.providerEventId))));
  if (!parsed.success) {
    // Not an inbound email as Postmark sends them: no retry changes that. Kept as failed, with the fields at fault.
    await ctx.db.webhookEvent.update({
      where: { id: event.id },
      data: { status: "failed", error: `Unreadable inbound email: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`.slice(0, 500), processedAt: new Date(), payload: { MessageID: recorded.MessageID } },
      select: { id: true },
    });
    return { outcome: "ignored" };
  }
  const email = parsed.data;

  const sender = emailAddress.safeParse(email.FromFull?.Email ?? email.From ?? "");
  const workspace = await ctx.db.subAccount.findFirstOrThrow({ select: { settings: true } });
  const rules = emailRulesOf(workspace);
  const finish = (status: "ignored" | "failed", error?: string) =>
    ctx.db.webhookEvent.update({
      where: { id: event.id },
      data: { status, error: error ?? null, processedAt: new Date(), payload: { MessageID: recorded.MessageID } as Prisma.InputJsonValue },
      select: { id: true },
    });

  let lead = recorded.leadId ? await ctx.db.lead.findUnique({ where: { id: recorded.leadId }, select: { id: true, strategyId: true } }) : null;
  if (!lead && sender.success) lead = await ctx.db.lead.findFirst({ where: { email: sender.data }, select: { id: true, strategyId: true } });
  let newLead = false;
  if (!lead) {
    if (!sender.success || rules.unknownSenders === "ignore") {
      await finish("ignored");
      ctx.log.info({ webhookEventId: event.id.toString() }, "inbound email from an unknown sender; ignored per the workspace's setting");
      return { outcome: "ignored" };
    }
    const strategy = rules.newLeadStrategyId ? await ctx.db.strategy.findFirst({ where: { id: rules.newLeadStrategyId, isActive: true }, select: { id: true } }) : null;
    const name = stripUnstorable(email.FromFull?.Name ?? email.FromName ?? "").trim().slice(0, 120) || sender.data;
    try {
      lead = await transactionWithEvents(ctx.db, async (tx) => {
        const created = await tx.lead.create({ data: { subAccountId: workspaceId, name, email: sender.data, source: "email", strategyId: strategy?.id ?? null }, select: { id: true, strategyId: true } });
        await emitLeadCreated(tx, workspaceId, created.id);
        return created;
      });
      newLead = true;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      lead = await ctx.db.lead.findFirstOrThrow({ where: { email: sender.data }, select: { id: true, strategyId: true } });
    }
  }

  const text = replyTextOf(email);
  const subject = stripUnstorable(email.Subject ?? "").trim().slice(0, 200);
  const { stored, skipped } = await storeAttachments(ctx, email);
  const content = text || (stored.length ? `(${stored.length} attachment${stored.length === 1 ? "" : "s"}, no text)` : "(no text)");
  const messageId = normalizeMessageId(header(email, "Message-ID"));
  const references = [...referenceIds(header(email, "References")), ...referenceIds(header(email, "In-Reply-To"))];
  const leadId = lead.id;

  let message;
  try {
    message = await transactionWithEvents(ctx.db, async (tx) => {
      const created = await tx.message.create({
        data: {
          subAccountId: workspaceId,
          leadId,
          role: "lead",
          channel: "email",
          content: encryptMessageContent(workspaceId, leadId, content),
          subject: subject ? encryptMessageSubject(workspaceId, leadId, subject) : null,
          status: "pending",
          externalId: recorded.MessageID,
          idempotencyKey: `email-in:${event.id}`,
          emailMessageId: messageId,
          emailReferences: [...new Set(references)].slice(-10).join(" ") || null,
          media: stored.length || skipped.length ? ({ attachments: stored, skipped } as unknown as Prisma.InputJsonValue) : undefined,
        },
        select: { id: true, createdAt: true },
      });
      await tx.lead.update({ where: { id: leadId }, data: { lastMessageAt: created.createdAt }, select: { id: true } });
      await tx.webhookEvent.update({
        where: { id: event.id },
        data: { status: "processed", processedAt: new Date(), payload: { MessageID: recorded.MessageID, messageId: created.id.toString(), attachments: stored.length } },
        select: { id: true },
      });
      await emitMessageReceived(tx, workspaceId, created.id);
      return created;
    }, TRANSACTION_WAIT);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return { outcome: "already-processed" };
  }
  await publishConversationEvent(workspaceId, { leadId, kind: "message" });
  const delay = await replyDelayMs(workspaceId, lead.strategyId);
  await enqueue(aiTurnJob, { subAccountId: workspaceId, leadId, messageId: message.id.toString() }, { delay });
  return { outcome: "stored", leadId, messageId: message.id.toString(), attachments: stored.length, skippedAttachments: skipped.length, newLead };
}
