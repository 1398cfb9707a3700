import { z } from "zod";
import { dateTimeSchema, idSchema, text } from "./common";

/**
 * What an API key can be allowed to do: exactly the scopes the public API (`/api/v1`, src/server/http/public-api)
 * checks, each with what it opens. The API-keys page offers these and nothing else; tests/api/public-api.test.ts
 * fails when an operation asks for a scope missing here or a scope here opens no operation.
 */
export const API_KEY_SCOPES = {
  "leads:read": "List and read leads and their notes",
  "leads:write": "Create, update and delete leads, and add notes",
  "bookings:read": "List bookings and members' free times",
  "bookings:write": "Book and cancel meetings",
  "contacts:read": "List and read contact-form submissions",
  "forms:read": "List and read form submissions",
} as const;
export type ApiKeyScope = keyof typeof API_KEY_SCOPES;
export const API_KEY_SCOPE_NAMES = Object.keys(API_KEY_SCOPES) as [ApiKeyScope, ...ApiKeyScope[]];

/** The domains a key may be given access to, in the order the page shows them. */
export const API_KEY_DOMAINS = ["leads", "bookings", "contacts", "forms"] as const;
export type ApiKeyDomain = (typeof API_KEY_DOMAINS)[number];

/** The access levels that exist per domain ("write" includes reading). */
export const apiKeyLevelsOf = (domain: ApiKeyDomain): ("read" | "write")[] =>
  (["read", "write"] as const).filter((access) => `${domain}:${access}` in API_KEY_SCOPES);

export const apiKeyScopeSchema = z.enum(API_KEY_SCOPE_NAMES, "Unknown scope");

export const createApiKeySchema = z.object({
  name: text().min(1, "Name is required").max(80, "Name is too long"),
  scopes: z.array(apiKeyScopeSchema).min(1, "Choose at least one scope").max(API_KEY_SCOPE_NAMES.length * 2),
  expiresAt: dateTimeSchema
    .refine((d) => d.getTime() > Date.now(), "The expiry must be in the future")
    .optional(),
});

export const apiKeyIdSchema = z.object({ id: idSchema });
