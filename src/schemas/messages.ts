import { z } from "zod";
import { idSchema, paginationSchema, text, wholeNumber } from "./common";

export const SEND_CHANNELS = ["sms", "email", "web"] as const;
export type SendChannel = (typeof SEND_CHANNELS)[number];
/** Twilio's limit for one message body (it splits longer texts into segments up to this size). */
export const SMS_MAX_CHARS = 1600;
export const EMAIL_MAX_CHARS = 20_000;
export const SUBJECT_MAX_CHARS = 200;
/** What the website chat's window takes from a visitor; a person's answer there has the same bound. */
export const WEB_MAX_CHARS = 10_000;

/**
 * A message a person writes to a lead; the recipient is the lead's own phone or email, or, on `web`, the visitor of
 * the website chat the lead wrote from (delivered on their open chat window).
 */
export const sendMessageSchema = z
  .object({
    leadId: idSchema,
    channel: z.enum(SEND_CHANNELS, "Choose SMS, email or web chat"),
    subject: text().max(SUBJECT_MAX_CHARS, `The subject is longer than ${SUBJECT_MAX_CHARS} characters`).optional(),
    body: text().min(1, "Write a message").max(EMAIL_MAX_CHARS, `The message is longer than ${EMAIL_MAX_CHARS} characters`),
    /** Chosen by the client once per compose: sending the same key again returns the first message. */
    idempotencyKey: z.uuid("The idempotency key must be a UUID").optional(),
    /** SMS inside the lead's quiet hours: the person saw the warning and sends anyway. */
    confirmQuietHours: z.boolean().optional(),
  })
  .superRefine((input, ctx) => {
    if (input.channel === "sms" && input.body.length > SMS_MAX_CHARS) {
      ctx.addIssue({ code: "custom", path: ["body"], message: `An SMS can hold at most ${SMS_MAX_CHARS} characters` });
    }
    if (input.channel === "web" && input.body.length > WEB_MAX_CHARS) {
      ctx.addIssue({ code: "custom", path: ["body"], message: `A web chat message can hold at most ${WEB_MAX_CHARS} characters` });
    }
    if (input.channel === "email" && !input.subject) {
      ctx.addIssue({ code: "custom", path: ["subject"], message: "An email needs a subject" });
    }
  });
export type SendMessageInput = z.input<typeof sendMessageSchema>;

export const listMessagesSchema = paginationSchema.extend({ leadId: idSchema });

/** At most this many attachments of one inbound email are kept (services/email/process-inbound-email.ts). */
export const MAX_EMAIL_ATTACHMENTS = 10;

/** One stored attachment of a message, by its place in the message's list (the storage key never leaves the server). */
export const attachmentDownloadSchema = z.object({
  messageId: idSchema,
  index: wholeNumber(0, MAX_EMAIL_ATTACHMENTS - 1, "The attachment's number"),
});
