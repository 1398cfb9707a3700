import { setTimeout as delay } from "node:timers/promises";
import { UnsafeEndpointError } from "@/server/integrations/outbound/address-guard";
import { guardedFetch, unsafeAddressRefusal } from "@/server/integrations/outbound/guarded-agent";

/**
 * GoHighLevel API v2 over fetch (Private Integration token). The official SDK (@gohighlevel/api-client 3.1.0) was
 * looked at: its base URL is a static class constant (no per-client address, so tests could not point one client at a
 * local server) and it brings axios and the MongoDB driver into the app; the few calls we need are written here with
 * the documented headers instead. 429 answers are retried after Retry-After (or the X-RateLimit interval), with
 * exponential backoff when neither is given.
 *
 * The API address is a workspace's setting, and every request carries the workspace's token: each one goes through
 * the SSRF guard of outbound requests (integrations/outbound/): https only (plain http only to an allow-listed host),
 * the host resolved and checked at every new connection, and the connection made to the very address that was checked;
 * redirects are never followed.
 */
export const GHL_API_VERSION = "2021-07-28";

export interface GhlContact {
  id: string;
  locationId?: string;
  firstName?: string | null;
  lastName?: string | null;
  contactName?: string | null;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  companyName?: string | null;
  source?: string | null;
  tags?: string[];
  dateAdded?: string;
  dateUpdated?: string;
  searchAfter?: unknown[];
}

export interface GhlAppointment {
  id: string;
  calendarId?: string;
  contactId?: string;
  title?: string | null;
  startTime?: string;
  endTime?: string;
  appointmentStatus?: string;
  dateUpdated?: string;
}

export type GhlErrorKind = "credentials" | "not_found" | "rate_limited" | "unreachable" | "refused" | "unsafe_address";

/** A GoHighLevel call that did not succeed; `message` is written for people and never contains the token. */
export class GhlError extends Error {
  constructor(
    readonly kind: GhlErrorKind,
    message: string,
    readonly status?: number,
    /** On a refused create: the contact GoHighLevel already has with this email or phone. */
    readonly duplicateContactId?: string,
  ) {
    super(message);
    this.name = "GhlError";
  }
}

export interface GhlClientOptions {
  baseUrl: string;
  token: string;
  locationId: string;
  /** How many 429 answers in a row are waited out before giving up (default 5). */
  maxRateLimitRetries?: number;
  /** Longest single wait on a 429, in ms (default 60 s). */
  maxWaitMs?: number;
}

export const GHL_REFUSED_TO = "GoHighLevel requests cannot be sent to";
const REQUEST_TIMEOUT_MS = 30_000;

/** One guarded connection pool for every workspace's GoHighLevel requests (keep-alive per origin). */
const ghlFetch = guardedFetch({ refusedTo: GHL_REFUSED_TO, connectTimeoutMs: REQUEST_TIMEOUT_MS });

/** Closes the pool (tests). */
export const closeGhlAgent = ghlFetch.close;

/** The wait a 429 asks for: Retry-After (seconds or a date), else X-RateLimit-Interval-Milliseconds, else exponential. */
export function rateLimitWaitMs(headers: { get(name: string): string | null }, attempt: number): number {
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - Date.now());
  }
  if (headers.get("x-ratelimit-remaining") === "0") {
    const interval = Number(headers.get("x-ratelimit-interval-milliseconds"));
    if (Number.isFinite(interval) && interval > 0) return interval;
  }
  return 500 * 2 ** attempt;
}

export class GhlClient {
  private readonly base: string;
  /** How many times this client waited on a 429 (shown in tests and logs). */
  rateLimitWaits = 0;

  constructor(private readonly options: GhlClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "");
  }

  get locationId() {
    return this.options.locationId;
  }

  private async request<T>(method: string, path: string, body?: unknown, query?: Record<string, string>): Promise<T> {
    let url: URL;
    try {
      url = new URL(this.base + path);
    } catch {
      throw unsafeAddress(new UnsafeEndpointError("This is not a valid web address."));
    }
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    const maxRetries = this.options.maxRateLimitRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await ghlFetch.fetch(url, {
          method,
          headers: {
            Authorization: `Bearer ${this.options.token}`,
            Version: GHL_API_VERSION,
            Accept: "application/json",
            ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (e) {
        const refusal = unsafeAddressRefusal(e);
        if (refusal) throw unsafeAddress(refusal);
        throw new GhlError("unreachable", "GoHighLevel could not be reached. Check the API address, or try again in a moment.");
      }
      if (response.status === 429) {
        await response.body?.cancel();
        if (attempt >= maxRetries) throw new GhlError("rate_limited", "GoHighLevel is limiting requests (too many in a short time). The sync will try again later.", 429);
        this.rateLimitWaits++;
        await delay(Math.min(rateLimitWaitMs(response.headers, attempt), this.options.maxWaitMs ?? 60_000));
        continue;
      }
      const text = await response.text();
      if (response.ok) return (text ? JSON.parse(text) : {}) as T;
      throw errorFor(response.status, text);
    }
  }

  /** The location the token is for: what "test connection" asks. */
  getLocation() {
    return this.request<{ location: { id: string; name?: string; timezone?: string } }>("GET", `/locations/${encodeURIComponent(this.locationId)}`);
  }

  /** Contacts in update-time order, after `updatedAfter` when given; `searchAfter` is the previous page's last cursor. */
  searchContacts(input: { pageLimit: number; searchAfter?: unknown[]; updatedAfter?: Date | null }) {
    return this.request<{ contacts: GhlContact[]; total?: number }>("POST", "/contacts/search", {
      locationId: this.locationId,
      pageLimit: input.pageLimit,
      ...(input.searchAfter ? { searchAfter: input.searchAfter } : {}),
      sort: [{ field: "dateUpdated", direction: "asc" }],
      filters: input.updatedAfter ? [{ field: "dateUpdated", operator: "range", value: { gt: input.updatedAfter.toISOString() } }] : [],
    });
  }

  getContact(id: string) {
    return this.request<{ contact: GhlContact }>("GET", `/contacts/${encodeURIComponent(id)}`);
  }

  createContact(fields: Partial<GhlContact>) {
    return this.request<{ contact: GhlContact }>("POST", "/contacts/", { ...fields, locationId: this.locationId });
  }

  updateContact(id: string, fields: Partial<GhlContact>) {
    return this.request<{ contact: GhlContact }>("PUT", `/contacts/${encodeURIComponent(id)}`, fields);
  }

  listCalendars() {
    return this.request<{ calendars: { id: string; name: string }[] }>("GET", "/calendars/", undefined, { locationId: this.locationId });
  }

  createAppointment(input: { calendarId: string; contactId: string; startTime: string; endTime: string; title?: string; appointmentStatus: string }) {
    return this.request<GhlAppointment>("POST", "/calendars/events/appointments", { ...input, locationId: this.locationId, ignoreFreeSlotValidation: true });
  }

  updateAppointment(id: string, input: { startTime?: string; endTime?: string; title?: string; appointmentStatus?: string }) {
    return this.request<GhlAppointment>("PUT", `/calendars/events/appointments/${encodeURIComponent(id)}`, input);
  }
}

/** The API address refused by the SSRF guard: in words, nothing sent (the token never left this process). */
function unsafeAddress(e: UnsafeEndpointError): GhlError {
  return new GhlError("unsafe_address", `${e.message} Check the API address in the connection's settings.`);
}

function errorFor(status: number, body: string): GhlError {
  let detail = "";
  let duplicateContactId: string | undefined;
  try {
    const parsed = JSON.parse(body) as { message?: unknown; meta?: { contactId?: unknown } };
    if (typeof parsed.meta?.contactId === "string") duplicateContactId = parsed.meta.contactId;
    const message = Array.isArray(parsed.message) ? parsed.message.join("; ") : parsed.message;
    if (typeof message === "string") detail = message.slice(0, 200);
  } catch {
    // not JSON: no detail
  }
  if (status === 401 || status === 403) return new GhlError("credentials", "GoHighLevel refused the Private Integration token (wrong token, or it lacks access to this location).", status);
  if (status === 404) return new GhlError("not_found", `GoHighLevel did not find it${detail ? `: ${detail}` : ""}.`, status);
  if (status >= 500) return new GhlError("unreachable", "GoHighLevel had a problem answering. Try again in a moment.", status);
  return new GhlError("refused", `GoHighLevel refused the request${detail ? `: ${detail}` : ""}.`, status, duplicateContactId);
}
