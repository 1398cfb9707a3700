import { z } from "zod";
import { idSchema } from "./common";

export const CHANNELS = ["sms", "email", "voice", "web", "test"] as const;
export const MESSAGE_MAX_CHARS = 10_000;

/** A message a lead sent, as a channel (webhook, web chat, test chat) hands it to the AI receptionist. */
export const inboundMessageSchema = z.object({
  leadId: idSchema,
  channel: z.enum(CHANNELS, "Choose a channel: sms, email, voice, web or test"),
  content: z.string().trim().min(1, "The message is empty").max(MESSAGE_MAX_CHARS, `At most ${MESSAGE_MAX_CHARS} characters`),
  /** The provider's id of the message (Twilio SID, Postmark MessageID). */
  externalId: z.string().max(200).optional(),
});
export type InboundMessageInput = z.infer<typeof inboundMessageSchema>;
