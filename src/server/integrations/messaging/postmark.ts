import * as postmark from "postmark";
import { logger as rootLogger, type Logger } from "@/server/logger";
import { maskEmail } from "./mask";
import { DeliveryError, type EmailMessage, type EmailSender, type SendResult } from "./types";

export interface PostmarkOptions {
  /** Another base URL for Postmark's API (a local server that speaks it, in tests): becomes requestHost/useHttps. */
  apiBaseUrl?: string;
  streams: { transactional: string; broadcast: string };
  log?: Logger;
}

/**
 * Postmark's API error codes that no retry can change, with the text members see
 * (https://postmarkapp.com/developer/api/overview#error-codes). Other refusals (rate, outage) are retried.
 */
const PERMANENT_ERRORS: Readonly<Record<number, string>> = {
  10: "Postmark refused the server token; check the workspace's email settings.",
  300: "The email address is not valid.",
  400: "The sender address is not a verified sender signature or domain in Postmark.",
  401: "The sender signature has not been confirmed in Postmark yet.",
  406: "The address is inactive at Postmark (it bounced, complained or unsubscribed); no email can be sent to it.",
  412: "The Postmark account is pending approval and may only send to its own domain.",
  1235: "The message stream does not exist on the Postmark server.",
};

/**
 * Email through the official postmark SDK (ServerClient). The message stream, Reply-To and headers (threading,
 * List-Unsubscribe) are the caller's; our reference travels as metadata, so a delivery can be found in Postmark's log.
 */
export class PostmarkEmailDriver implements EmailSender {
  readonly driver = "postmark" as const;
  private readonly client: postmark.ServerClient;

  constructor(serverToken: string, private readonly options: PostmarkOptions) {
    const base = options.apiBaseUrl ? new URL(options.apiBaseUrl) : null;
    this.client = new postmark.ServerClient(serverToken, {
      timeout: 15,
      ...(base ? { requestHost: base.host, useHttps: base.protocol === "https:" } : {}),
    });
  }

  private get log(): Logger {
    return this.options.log ?? rootLogger;
  }

  async sendEmail(message: EmailMessage): Promise<SendResult> {
    const stream = message.stream === "broadcast" ? this.options.streams.broadcast : this.options.streams.transactional;
    try {
      const sent = await this.client.sendEmail({
        From: message.from,
        To: message.to,
        Subject: message.subject,
        TextBody: message.text,
        ...(message.html ? { HtmlBody: message.html } : {}),
        ...(message.replyTo ? { ReplyTo: message.replyTo } : {}),
        ...(message.tag ? { Tag: message.tag } : {}),
        MessageStream: stream,
        Headers: (message.headers ?? []).map((h) => ({ Name: h.name, Value: h.value })),
        ...(message.attachments?.length
          ? { Attachments: message.attachments.map((a) => ({ Name: a.name, ContentType: a.contentType, Content: Buffer.from(a.content).toString("base64"), ContentID: null })) }
          : {}),
        Metadata: { reference: message.reference, workspace: String(message.workspaceId) },
        TrackOpens: false,
      });
      this.log.info({ driver: "postmark", to: maskEmail(message.to), reference: message.reference, externalId: sent.MessageID, stream }, "email handed to postmark");
      return { externalId: sent.MessageID };
    } catch (e) {
      throw toDeliveryError(e);
    }
  }
}

function toDeliveryError(e: unknown): DeliveryError {
  const err = e as { code?: number; statusCode?: number };
  const providerCode = err.code === undefined ? undefined : String(err.code);
  const known = err.code !== undefined ? PERMANENT_ERRORS[err.code] : undefined;
  if (known) return new DeliveryError(known, { permanent: true, providerCode, cause: e });
  if (err.statusCode === 401) return new DeliveryError(PERMANENT_ERRORS[10]!, { permanent: true, providerCode, cause: e });
  if (err.statusCode === 422) return new DeliveryError("Postmark refused the message.", { permanent: true, providerCode, cause: e });
  return new DeliveryError("Postmark could not be reached or is busy.", { permanent: false, providerCode, cause: e });
}
