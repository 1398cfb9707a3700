import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/env";
import { clientIp } from "@/server/auth/client-ip";
import type { RequestContext } from "@/server/context";
import { unsafeDb } from "@/server/db/client";
import { HTTP_STATUS, toAppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { MAILBOX_TOKEN } from "./email-channel";

const TEXT = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Postmark authenticates its webhooks with the HTTP basic-auth credentials written into the webhook URL
 * (POSTMARK_WEBHOOK_USERNAME / _PASSWORD). Compared in constant time (as SHA-256 digests, so lengths leak nothing);
 * without configured credentials every request is refused.
 */
export function isPostmarkAuthorized(authorization: string | null): boolean {
  const env = getEnv();
  if (!env.POSTMARK_WEBHOOK_USERNAME || !env.POSTMARK_WEBHOOK_PASSWORD) return false;
  const match = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(authorization?.trim() ?? "");
  const given = match ? Buffer.from(match[1]!, "base64").toString("utf8") : "";
  const ok = timingSafeEqual(digest(given), digest(`${env.POSTMARK_WEBHOOK_USERNAME}:${env.POSTMARK_WEBHOOK_PASSWORD}`));
  return ok && match !== null;
}

/**
 * The one shape of both Postmark webhook routes: credentials first (401, nothing read or stored, when they are
 * missing or wrong), then the JSON body (400 when it is not JSON), then the service; 200 at once. A dependency down
 * is a 503 and anything else a 500: Postmark retries both, and the MessageID / event id make a retry safe.
 */
export async function handlePostmarkWebhook(req: Request, service: (ctx: RequestContext, payload: unknown) => Promise<unknown>): Promise<Response> {
  const requestId = req.headers.get("x-request-id") ?? randomUUID();
  const ctx: RequestContext = { requestId, log: logger.child({ requestId }), ip: clientIp(req.headers), userAgent: req.headers.get("user-agent") };
  if (!isPostmarkAuthorized(req.headers.get("authorization"))) {
    ctx.log.warn({ path: new URL(req.url).pathname }, "postmark webhook refused: credentials missing or wrong");
    return new Response("The webhook credentials are missing or wrong.", { status: 401, headers: { ...TEXT, "WWW-Authenticate": 'Basic realm="postmark"' } });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(await req.text());
  } catch {
    return new Response("The body is not JSON.", { status: 400, headers: TEXT });
  }
  try {
    const result = await service(ctx, payload);
    return Response.json({ ok: true, result }, { status: 200, headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    const known = toAppError(e, payload);
    if (known && known.code !== "INTERNAL_SERVER_ERROR") {
      return new Response(known.message, { status: HTTP_STATUS[known.code], headers: TEXT });
    }
    ctx.log.error({ err: { name: (e as Error).name, message: (e as Error).message } }, "postmark webhook failed");
    return new Response(`Something went wrong. Reference: ${requestId}`, { status: 500, headers: TEXT });
  }
}

/** The mailbox hash of an inbound email: Postmark's MailboxHash, else read from the address it was sent to. */
export function mailboxTokenOf(payload: { MailboxHash?: string; OriginalRecipient?: string; To?: string }): string | null {
  const hash = payload.MailboxHash?.trim().toLowerCase();
  if (hash && MAILBOX_TOKEN.test(hash)) return hash;
  for (const address of [payload.OriginalRecipient, payload.To]) {
    const found = /(?:reply|inbox)\+([a-z2-7]{20})@/i.exec(address ?? "")?.[1]?.toLowerCase();
    if (found) return found;
  }
  return null;
}

export interface InboundTarget {
  workspace: { id: number; name: string; settings: unknown };
  /** The conversation's lead when the token is a conversation's (a reply), else null (the workspace's address). */
  leadId: number | null;
}

/**
 * Which workspace an inbound email is for, from what we own: a conversation's reply token (names the lead too) or a
 * workspace's inbound token. Unscoped by nature: the token is what tells us the workspace. Inactive workspaces: null.
 */
export async function unsafeFindInboundTarget(token: string): Promise<InboundTarget | null> {
  const workspaceSelect = { id: true, name: true, settings: true, isActive: true } as const;
  const lead = await unsafeDb.lead.findUnique({ where: { emailReplyToken: token }, select: { id: true, subAccount: { select: workspaceSelect } } });
  if (lead) return lead.subAccount.isActive ? { workspace: lead.subAccount, leadId: lead.id } : null;
  const settings = await unsafeDb.emailSettings.findUnique({ where: { inboundToken: token }, select: { subAccount: { select: workspaceSelect } } });
  if (settings?.subAccount.isActive) return { workspace: settings.subAccount, leadId: null };
  return null;
}

/**
 * The workspace (and lead) an outbound email belongs to, from Postmark's MessageID of it (our Message.externalId,
 * or a NotificationEmail's). Unscoped by nature, like the inbound lookup.
 */
export async function unsafeFindSentEmail(postmarkMessageId: string): Promise<{ workspaceId: number; messageId: bigint | null } | null> {
  const message = await unsafeDb.message.findFirst({ where: { externalId: postmarkMessageId, channel: "email" }, select: { id: true, subAccountId: true } });
  if (message) return { workspaceId: message.subAccountId, messageId: message.id };
  const notification = await unsafeDb.notificationEmail.findFirst({ where: { externalId: postmarkMessageId }, select: { subAccountId: true } });
  return notification ? { workspaceId: notification.subAccountId, messageId: null } : null;
}

