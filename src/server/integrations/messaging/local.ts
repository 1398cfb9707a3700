import { randomUUID } from "node:crypto";
import { decryptText, encryptText } from "@/server/crypto/encryption";
import { tenantDb } from "@/server/db/tenant";
import { logger as rootLogger, type Logger } from "@/server/logger";
import { maskEmail, maskPhone } from "./mask";
import {
  DeliveryError,
  type DeliveryContext,
  type EmailMessage,
  type EmailSender,
  type SendResult,
  type SentSmsQuery,
  type SmsMessage,
  type SmsSender,
} from "./types";

/**
 * Recipients the local driver refuses the way the providers would, so the failure paths can be tried on a
 * machine with no accounts. The numbers are Twilio's own test-credential "magic" numbers; addresses at
 * `inactive.invalid` (a reserved TLD) stand for a Postmark inactive recipient (hard bounce or unsubscribe).
 */
export const LOCAL_SMS_REJECTIONS: Readonly<Record<string, { providerCode: string; message: string }>> = {
  "+15005550001": { providerCode: "21211", message: "The phone number is not a valid mobile number." },
  "+15005550004": { providerCode: "21610", message: "The recipient has opted out of SMS from this number (replied STOP)." },
  "+15005550009": { providerCode: "21614", message: "The phone number cannot receive SMS (not a mobile number)." },
};
export const LOCAL_INACTIVE_EMAIL_DOMAIN = "inactive.invalid";

const outboxContext = (workspaceId: number, externalId: string) => `outbox:${workspaceId}:${externalId}`;

/**
 * The local driver: every delivery becomes a row of the workspace's OutboxMessage table (body encrypted) and
 * one log line that names the recipient masked and never the body. It never deduplicates: each call of a send that
 * commits is one row, so a logical message sent twice shows as two rows.
 */
export class LocalOutboxDriver implements SmsSender, EmailSender {
  readonly driver = "local" as const;
  constructor(private readonly log: Logger = rootLogger) {}

  async sendSms(message: SmsMessage, context: DeliveryContext = {}): Promise<SendResult> {
    const rejection = LOCAL_SMS_REJECTIONS[message.to];
    if (rejection) throw new DeliveryError(rejection.message, { permanent: true, providerCode: rejection.providerCode });
    return this.record(message.workspaceId, {
      channel: "sms",
      to: message.to,
      from: message.from,
      subject: null,
      body: message.body,
      tag: null,
      reference: message.reference,
    }, maskPhone(message.to), context);
  }

  /** The outbox row of this logical send (the local driver keeps our reference, unlike a vendor). */
  async findSent(query: SentSmsQuery): Promise<SendResult | null> {
    const row = await tenantDb(query.workspaceId).outboxMessage.findFirst({
      where: { channel: "sms", reference: query.reference, createdAt: { gte: new Date(query.since.getTime() - 60_000) } },
      select: { externalId: true },
      orderBy: { id: "asc" },
    });
    return row ? { externalId: row.externalId } : null;
  }

  async sendEmail(message: EmailMessage, context: DeliveryContext = {}): Promise<SendResult> {
    if (message.to.toLowerCase().endsWith(`@${LOCAL_INACTIVE_EMAIL_DOMAIN}`)) {
      throw new DeliveryError("The address is inactive (it bounced or unsubscribed); no email can be sent to it.", {
        permanent: true,
        providerCode: "406",
      });
    }
    return this.record(message.workspaceId, {
      channel: "email",
      to: message.to,
      from: message.from,
      subject: message.subject,
      // Reply-To, stream and headers (threading, List-Unsubscribe) are kept as a vendor would receive them.
      body: JSON.stringify({
        text: message.text,
        html: message.html ?? null,
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        ...(message.stream ? { stream: message.stream } : {}),
        ...(message.headers?.length ? { headers: message.headers } : {}),
        ...(message.attachments?.length ? { attachments: message.attachments } : {}),
      }),
      tag: message.tag ?? null,
      reference: message.reference,
    }, maskEmail(message.to), context);
  }

  private async record(
    workspaceId: number,
    row: { channel: "sms" | "email"; to: string; from: string; subject: string | null; body: string; tag: string | null; reference: string },
    maskedTo: string,
    context: DeliveryContext,
  ): Promise<SendResult> {
    const externalId = `local-${row.channel}-${randomUUID()}`;
    const data = { ...row, subAccountId: workspaceId, externalId, body: encryptText("local-outbox", row.body, outboxContext(workspaceId, externalId)) };
    // The send's transaction (unscoped client) is given the workspace explicitly; alone, the driver writes through ctx.db.
    if (context.transaction) await context.transaction.outboxMessage.create({ data, select: { id: true } });
    else await tenantDb(workspaceId).outboxMessage.create({ data, select: { id: true } });
    this.log.info(
      { driver: "local", channel: row.channel, to: maskedTo, reference: row.reference, externalId, bodyChars: row.body.length },
      "local outbox: message recorded instead of sent",
    );
    return { externalId };
  }
}

/** The plaintext of an outbox row: the SMS text, or the email's JSON `{ text, html }`. */
export function decryptOutboxBody(row: { subAccountId: number; externalId: string; body: string }): string {
  return decryptText("local-outbox", row.body, outboxContext(row.subAccountId, row.externalId));
}
