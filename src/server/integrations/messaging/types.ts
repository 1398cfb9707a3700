import type { Prisma } from "@/generated/prisma/client";

/**
 * The seam between our messaging jobs and whoever delivers: the local outbox driver today, Twilio (SMS) and
 * Postmark (email) adapters with the messaging issue. A driver sends one message per call and returns the id
 * the provider gave it; it never deduplicates: the send-sms / send-email jobs make a logical send happen once.
 */
export type MessagingDriverName = "local" | "twilio" | "postmark";

interface OutboundBase {
  /** The workspace the message is sent for (the local outbox is workspace-scoped; vendors may tag it). */
  workspaceId: number;
  /**
   * Our reference for the logical send ("message:123", "notification:45"): the same on every attempt, carried as
   * provider metadata so a delivery can be matched to its row (the providers have no idempotency key of their own).
   */
  reference: string;
}

export interface EmailMessage extends OutboundBase {
  to: string;
  /** "Name <address>" or a bare address. */
  from: string;
  subject: string;
  text: string;
  html?: string;
  /** A category for the provider's statistics (Postmark "Tag"), e.g. "lead-message", "invitation". */
  tag?: string;
  /** Where replies go (for a lead conversation: reply+<conversation token>@<inbound domain>). */
  replyTo?: string;
  /** "transactional" (notifications, conversations) or "broadcast" (bulk): Postmark's message streams. */
  stream?: EmailStream;
  /** Extra headers, e.g. Message-ID, In-Reply-To, References, List-Unsubscribe, List-Unsubscribe-Post. */
  headers?: EmailHeader[];
  /** Files sent with the email (a booking's calendar invite). */
  attachments?: EmailAttachment[];
}

export interface EmailAttachment {
  name: string;
  /** e.g. "text/calendar; charset=utf-8; method=REQUEST". */
  contentType: string;
  content: string;
}

export type EmailStream = "transactional" | "broadcast";
export interface EmailHeader {
  name: string;
  value: string;
}

export interface SmsMessage extends OutboundBase {
  /** E.164, e.g. "+14155550100". */
  to: string;
  /** E.164: our sending number. */
  from: string;
  /** Twilio Messaging Service to send through instead of `from` alone (it picks the number). */
  messagingServiceSid?: string | null;
  body: string;
}

/** What recovery asks the provider after a send whose answer was lost: did this message go out after `since`? */
export interface SentSmsQuery extends SmsMessage {
  since: Date;
}

export interface SendResult {
  /** The provider's id of the delivery (Twilio SID, Postmark MessageID, or the local outbox's id). */
  externalId: string;
}

/**
 * What the send job holds while it calls the driver. Only the local driver uses it: its outbox row is written on the
 * transaction that holds the send's row lock, so it needs no second pool connection while the lock is held (with
 * every connection held by a send, a second one would never come). Vendor adapters ignore it.
 */
export interface DeliveryContext {
  transaction?: Prisma.TransactionClient;
}

export interface EmailSender {
  readonly driver: MessagingDriverName;
  sendEmail(message: EmailMessage, context?: DeliveryContext): Promise<SendResult>;
}

export interface SmsSender {
  readonly driver: MessagingDriverName;
  sendSms(message: SmsMessage, context?: DeliveryContext): Promise<SendResult>;
  /**
   * The provider's record of this message if an earlier attempt delivered it (looked up by recipient, sender, time
   * and body), so a send interrupted after the provider accepted it is not sent again.
   */
  findSent(query: SentSmsQuery): Promise<SendResult | null>;
}

/**
 * A provider refused or failed a delivery. `permanent`: sending again cannot succeed (an invalid or unreachable
 * number, an address that opted out or hard-bounced); otherwise the job retries with backoff. The message is
 * written for the workspace's members and never contains the recipient or the body.
 */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  /** The provider's own error code (Twilio 21211, Postmark 406, …) for logs and support. */
  readonly providerCode?: string;

  constructor(message: string, options: { permanent: boolean; providerCode?: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = "DeliveryError";
    this.permanent = options.permanent;
    this.providerCode = options.providerCode;
  }
}
