import { GHL_REFUSED_TO, GhlClient, GhlError } from "@/server/integrations/gohighlevel/client";
import { UnsafeEndpointError, assertSafeEndpoint } from "@/server/integrations/outbound/address-guard";
import { DEFAULT_FIELD_MAPPING, GHL_DEFAULT_BASE_URL, type GhlContactField, type PushedLeadField } from "@/server/integrations/gohighlevel/template";
import { AppError } from "@/server/errors";
import type { ConfigValues } from "../config-schema";
import { openSecrets } from "../credentials";

export interface GhlSettings {
  locationId: string;
  calendarId: string | null;
  /** GoHighLevel reminds the leads of the appointments in its calendar: the bookings linked to them get none from here. */
  remindersFromGoHighLevel: boolean;
  pushLeads: boolean;
  baseUrl: string;
  fieldMapping: Record<PushedLeadField, GhlContactField>;
}

export function ghlSettingsOf(config: unknown): GhlSettings {
  const values = (config && typeof config === "object" ? config : {}) as ConfigValues;
  const mapping = (values.fieldMapping && typeof values.fieldMapping === "object" ? values.fieldMapping : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
  return {
    locationId: str(values.locationId) ?? "",
    calendarId: str(values.calendarId),
    remindersFromGoHighLevel: values.remindersFromGoHighLevel === true,
    pushLeads: values.pushLeads !== false,
    baseUrl: str(values.baseUrl) ?? GHL_DEFAULT_BASE_URL,
    fieldMapping: Object.fromEntries(
      Object.entries(DEFAULT_FIELD_MAPPING).map(([field, fallback]) => [field, (str(mapping[field]) as GhlContactField | null) ?? fallback]),
    ) as GhlSettings["fieldMapping"],
  };
}

export interface StoredIntegration {
  id: number;
  subAccountId: number;
  templateId: number;
  config: unknown;
  encryptedCredentials: string | null;
}

/** A client for the integration's location with its decrypted token (which never leaves this process). */
export function ghlClientFor(integration: StoredIntegration): { client: GhlClient; settings: GhlSettings } {
  const settings = ghlSettingsOf(integration.config);
  const token = openSecrets(integration.subAccountId, integration.templateId, integration.encryptedCredentials).privateToken;
  if (!token) throw new AppError("PRECONDITION_FAILED", "The GoHighLevel Private Integration token is not set.");
  return { client: new GhlClient({ baseUrl: settings.baseUrl, token, locationId: settings.locationId }), settings };
}

/**
 * The SSRF check of an API address being saved, as a field error in words (nothing is stored): https, a host that
 * resolves to public addresses only (WEBHOOK_ALLOWED_HOSTS aside). GoHighLevel's own address, the default, is not
 * resolved here; like any address it is checked again at every request (client.ts).
 */
export async function assertSafeGhlBaseUrl(raw: unknown) {
  const address = typeof raw === "string" ? raw.trim() : "";
  if (!address || address.replace(/\/+$/, "") === GHL_DEFAULT_BASE_URL) return;
  try {
    await assertSafeEndpoint(address, { refusedTo: GHL_REFUSED_TO, httpsOnly: true });
  } catch (e) {
    if (e instanceof UnsafeEndpointError) throw AppError.field("values.baseUrl", e.message);
    throw e;
  }
}

/** A GoHighLevel failure as an AppError (worker: credentials and refusals are not retried; outages and 429s are). */
export function ghlAppError(e: unknown): unknown {
  if (!(e instanceof GhlError)) return e;
  const code = e.kind === "credentials" || e.kind === "refused" || e.kind === "not_found" || e.kind === "unsafe_address" ? "PRECONDITION_FAILED" : e.kind === "rate_limited" ? "TOO_MANY_REQUESTS" : "SERVICE_UNAVAILABLE";
  return new AppError(code, e.message, { cause: e });
}
