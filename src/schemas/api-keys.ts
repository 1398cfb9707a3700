import { z } from "zod";
import { dateTimeSchema, idSchema, text } from "./common";

/** What an API key can be allowed to do: read or read-write, per domain. */
export const API_KEY_DOMAINS = ["leads", "strategies", "bookings", "contacts", "forms", "conversations", "integrations"] as const;
export const apiKeyScopeSchema = z.enum(API_KEY_DOMAINS.flatMap((d) => [`${d}:read`, `${d}:write`] as const) as [string, ...string[]]);

export const createApiKeySchema = z.object({
  name: text().min(1, "Name is required").max(80, "Name is too long"),
  scopes: z.array(apiKeyScopeSchema).min(1, "Choose at least one scope").max(API_KEY_DOMAINS.length * 2),
  expiresAt: dateTimeSchema
    .refine((d) => d.getTime() > Date.now(), "The expiry must be in the future")
    .optional(),
});

export const apiKeyIdSchema = z.object({ id: idSchema });
