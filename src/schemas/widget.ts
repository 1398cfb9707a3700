import { z } from "zod";
import { idSchema, INT4_MAX, strippedText, text, wholeNumber } from "./common";
import { emailSchema, timeZoneSchema } from "./auth";
import { MESSAGE_MAX_CHARS } from "./chat";

export const WIDGET_MAX_ORIGINS = 20;
const ORIGIN_MESSAGE = "Write a site address such as https://www.example.com (scheme and host, no path)";

/** "https://www.example.com" (a port is allowed); stored as the browser sends it in Origin: lower case, no trailing slash. */
export const widgetOriginSchema = text()
  .min(1, ORIGIN_MESSAGE)
  .max(200, ORIGIN_MESSAGE)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && url.origin !== "null" && /^https?:\/\/[^/]+\/?$/i.test(value) && !url.username && !url.password;
    } catch {
      return false;
    }
  }, ORIGIN_MESSAGE)
  .transform((value) => new URL(value).origin);

/** A workspace's website chat (kept in SubAccount.settings.widget); every field has a default (services/widget/settings.ts). */
export const widgetSettingsSchema = z.object({
  /** The sites that may show the chat (CORS and frame-ancestors); none: the chat shows nowhere. */
  allowedOrigins: z.array(widgetOriginSchema).max(WIDGET_MAX_ORIGINS, `At most ${WIDGET_MAX_ORIGINS} sites`).optional(),
  /** The strategy a new website visitor follows; none: a person answers. */
  newLeadStrategyId: idSchema.nullable().optional(),
});
export type WidgetSettingsInput = z.infer<typeof widgetSettingsSchema>;

/** The public key of a workspace (a UUID), as the snippet carries it. */
export const widgetKeySchema = text().min(1, "Say which workspace this chat is for").max(64, "Unknown workspace key");

/** A visitor's message from the chat window. */
export const widgetMessageSchema = z.object({
  key: widgetKeySchema,
  content: strippedText().min(1, "The message is empty").max(MESSAGE_MAX_CHARS, `At most ${MESSAGE_MAX_CHARS} characters`),
  /** Chosen by the chat window once per message: sending it again (a retry) stores one message. */
  clientMessageId: z.uuid("The message id must be a UUID"),
  /** The visitor's browser zone: replies state times on the visitor's clock. */
  timezone: timeZoneSchema.optional(),
});

const optional = (max: number, label: string) =>
  strippedText()
    .max(max, `${label} is too long`)
    .optional()
    .transform((v) => (v ? v : undefined));

/** What a visitor leaves about themselves; it fills the lead. */
export const widgetDetailsSchema = z
  .object({
    key: widgetKeySchema,
    name: optional(120, "Name"),
    email: strippedText()
      .max(254, "Email is too long")
      .optional()
      .transform((v) => (v ? v : undefined))
      .pipe(emailSchema.optional()),
    phone: optional(40, "Phone"),
  })
  .refine((v) => v.name || v.email || v.phone, { message: "Give your name, email or phone", path: ["name"] });

/** The visitor's conversation after `after` (the last message id the window shows). */
export const widgetTranscriptSchema = z.object({
  key: widgetKeySchema,
  after: wholeNumber(0, INT4_MAX, "after").default(0),
});
