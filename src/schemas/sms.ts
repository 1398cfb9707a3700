import { z } from "zod";
import { idSchema, text } from "./common";

/** "HH:MM" on a 24-hour clock. */
const clockTimeSchema = text().max(5, "Use a 24-hour time such as 21:00").regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a 24-hour time such as 21:00");

export const UNKNOWN_SENDER_POLICIES = ["create_lead", "ignore"] as const;

/** A workspace's SMS rules (kept in SubAccount.settings.sms); every field has a default (services/sms/settings.ts). */
export const smsSettingsSchema = z.object({
  unknownSenders: z.enum(UNKNOWN_SENDER_POLICIES, "Choose whether an unknown sender becomes a lead").optional(),
  // The strategy a lead who texts first (an unknown number) follows; none: a person answers.
  newLeadStrategyId: idSchema.nullable().optional(),
  helpText: text().min(1, "Write the help text").max(320, "The help text is longer than 320 characters").optional(),
  quietHours: z
    .object({ enabled: z.boolean(), start: clockTimeSchema, end: clockTimeSchema })
    .refine((q) => q.start !== q.end, { message: "Quiet hours must start and end at different times", path: ["end"] })
    .optional(),
});
export type SmsSettingsInput = z.infer<typeof smsSettingsSchema>;

/** Twilio Account SIDs are "AC" + 32 hex digits; Messaging Service SIDs "MG" + 32. */
export const twilioAccountSidSchema = text().max(34, "An Account SID starts with AC followed by 32 letters and digits").regex(/^AC[0-9a-fA-F]{32}$/, "An Account SID starts with AC followed by 32 letters and digits");
export const messagingServiceSidSchema = text().max(34, "A Messaging Service SID starts with MG followed by 32 letters and digits").regex(/^MG[0-9a-fA-F]{32}$/, "A Messaging Service SID starts with MG followed by 32 letters and digits");

export const setTwilioCredentialsSchema = z.object({
  accountSid: twilioAccountSidSchema,
  authToken: text().max(32, "An auth token is 32 letters and digits").regex(/^[0-9a-fA-F]{32}$/, "An auth token is 32 letters and digits"),
});

const messagesPerSecondSchema = z
  .number("Give the sending rate as a number")
  .min(0.1, "The sending rate must be at least 0.1 message per second")
  .max(100, "The sending rate must be at most 100 messages per second");

export const addSmsNumberSchema = z
  .object({
    phoneNumber: text().min(1).max(40).optional(),
    messagingServiceSid: messagingServiceSidSchema.optional(),
    label: text().max(80, "The label is longer than 80 characters").optional(),
    messagesPerSecond: messagesPerSecondSchema.default(1),
  })
  .refine((n) => n.phoneNumber || n.messagingServiceSid, { message: "Give a phone number or a Messaging Service SID", path: ["phoneNumber"] });

export const updateSmsNumberSchema = z.object({
  id: idSchema,
  label: text().max(80, "The label is longer than 80 characters").nullish(),
  messagesPerSecond: messagesPerSecondSchema.optional(),
});

export const smsNumberIdSchema = z.object({ id: idSchema });

/** The phone simulator: a pretend lead's phone texts one of the workspace's numbers. */
export const simulatorSendSchema = z.object({
  numberId: idSchema,
  from: text().min(1, "Give the phone number you text from").max(40),
  body: text().min(1, "Write a message").max(1600, "An SMS can hold at most 1600 characters"),
});
export const simulatorThreadSchema = z.object({ numberId: idSchema, from: text().min(1).max(40) });
