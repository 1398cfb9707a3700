import { z } from "zod";
import { idSchema, text } from "./common";
import { emailSchema } from "./auth";
import { UNKNOWN_SENDER_POLICIES } from "./sms";

/** A workspace's email rules (kept in SubAccount.settings.email); every field has a default (services/email/settings.ts). */
export const emailRulesSchema = z.object({
  // An email from an address no lead has: a new lead (source "email") or nothing stored.
  unknownSenders: z.enum(UNKNOWN_SENDER_POLICIES, "Choose whether an unknown sender becomes a lead").optional(),
  // The strategy a lead who writes first follows; none: a person answers.
  newLeadStrategyId: idSchema.nullable().optional(),
});

/** Settings › Email: the sender shown to leads and the rules. An empty name or address falls back to the platform's. */
export const updateEmailSettingsSchema = emailRulesSchema.extend({
  fromName: text().max(80, "The sender name is longer than 80 characters").regex(/^[^<>"\r\n]*$/, "The sender name cannot contain < > or quotes").nullish(),
  fromAddress: emailSchema.nullish(),
});

const POSTMARK_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * "Check" on Settings › Email: a workspace on its own Postmark server gives its account's API token for the one check
 * (never stored); on the platform's server the platform's account token is used.
 */
export const checkSenderSchema = z.object({
  accountToken: text().max(36, "A Postmark account token is a UUID such as 1b2c3d4e-…").regex(POSTMARK_UUID, "A Postmark account token is a UUID such as 1b2c3d4e-…").optional(),
});

/** A Postmark server API token (a UUID). */
export const setPostmarkTokenSchema = z.object({
  serverToken: text()
    .max(36, "A Postmark server token is a UUID such as 1b2c3d4e-…")
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "A Postmark server token is a UUID such as 1b2c3d4e-…"),
});

/** Lifting a suppression on a lead's address (a person confirmed the address works again). */
export const leadEmailSuppressionSchema = z.object({ leadId: idSchema });
