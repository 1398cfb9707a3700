import { z } from "zod";
import { idSchema, paginationSchema, text } from "./common";

export const SEND_CHANNELS = ["sms", "email"] as const;
export type SendChannel = (typeof SEND_CHANNELS)[number];
/** Twilio's limit for one message body (it splits longer texts into segments up to this size). */
export const SMS_MAX_CHARS = 1600;
export const EMAIL_MAX_CHARS = 20_000;
export const SUBJECT_MAX_CHARS = 200;

/** A message a person writes to a lead; the recipient is the lead's own phone or email. */
export const sendMessageSchema = z
  .object({
    leadId: idSchema,
    channel: z.enum(SEND_CHANNELS, "Choose SMS or email"),
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
    if (input.channel === "email" && !input.subject) {
      ctx.addIssue({ code: "custom", path: ["subject"], message: "An email needs a subject" });
    }
  });
export type SendMessageInput = z.input<typeof sendMessageSchema>;

export const listMessagesSchema = paginationSchema.extend({ leadId: idSchema });
