import { z } from "zod";
import { idSchema, INT4_MAX, opaqueCursorSchema, pageLimit, strippedText, text, wholeNumber } from "./common";

export const CHANNELS = ["sms", "email", "voice", "web", "test"] as const;
export const MESSAGE_MAX_CHARS = 10_000;

/** A message a lead sent, as a channel (webhook, web chat, test chat) hands it to the AI receptionist. */
export const inboundMessageSchema = z.object({
  leadId: idSchema,
  channel: z.enum(CHANNELS, "Choose a channel: sms, email, voice, web or test"),
  // A lead's own text from a phone or mail client: an invisible character is removed rather than the message lost.
  content: strippedText().min(1, "The message is empty").max(MESSAGE_MAX_CHARS, `At most ${MESSAGE_MAX_CHARS} characters`),
  /** An email's subject (the reply answers it). */
  subject: strippedText().max(200).optional(),
  /** The provider's id of the message (Twilio SID, Postmark MessageID). */
  externalId: text().max(200).optional(),
});
export type InboundMessageInput = z.infer<typeof inboundMessageSchema>;

/** The inbox: conversations (leads with messages), most recent first; `cursor` is the opaque nextCursor of a page. */
export const inboxSchema = z.object({
  cursor: opaqueCursorSchema,
  limit: pageLimit(50, 25),
  /** Only conversations with messages waiting for a person. */
  waitingOnly: z.boolean().default(false),
});

/** AI on (hand the conversation back) or off (a person takes over) for one lead. */
export const setLeadAiSchema = z.object({ leadId: idSchema, enabled: z.boolean() });

export const startTestChatSchema = z.object({ strategyId: idSchema });
export const testChatMessageSchema = z.object({
  leadId: idSchema,
  content: text().min(1, "The message is empty").max(MESSAGE_MAX_CHARS, `At most ${MESSAGE_MAX_CHARS} characters`),
});
/** The transcript after `afterId` (the last id the page already shows), oldest first. */
export const testTranscriptSchema = z.object({ leadId: idSchema, afterId: wholeNumber(0, INT4_MAX, "afterId").default(0) });
