import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local server that speaks the part of GoHighLevel's API v2 we use (https://highlevel.stoplight.io): locations, contacts
 * (search with update-time order and searchAfter cursors, get, create, update), calendars, appointments (create,
 * update). Every request must carry `Authorization: Bearer <token>` and `Version: 2021-07-28`. `rateLimitNext(n)` makes
 * the next n requests answer 429 with Retry-After, as GoHighLevel does past its burst limit. It also signs webhooks
 * with its own Ed25519 key pair, as GoHighLevel signs X-GHL-Signature (the public key goes in GHL_WEBHOOK_PUBLIC_KEY).
 */
export interface FakeContact {
  id: string;
  locationId: string;
  firstName?: string | null;
  lastName?: string | null;
  contactName?: string | null;
  email?: string | null;
  phone?: string | null;
  companyName?: string | null;
  source?: string | null;
  tags?: string[];
  dateAdded: string;
  dateUpdated: string;
}

export interface FakeAppointment {
  id: string;
  calendarId: string;
  locationId: string;
  contactId: string;
  title?: string;
  startTime: string;
  endTime: string;
  appointmentStatus: string;
  dateUpdated: string;
}

export interface GhlServer {
  url: string;
  token: string;
  locationId: string;
  calendarId: string;
  contacts: Map<string, FakeContact>;
  appointments: Map<string, FakeAppointment>;
  requests: { method: string; path: string; status: number; body: unknown }[];
  /** The next `count` requests answer 429 with `Retry-After: retryAfter` seconds. */
  rateLimitNext(count: number, retryAfter?: string): void;
  addContact(fields: Partial<FakeContact> & { dateUpdated?: string }): FakeContact;
  publicKeyPem: string;
  /** A webhook body as GoHighLevel posts it, with its X-GHL-Signature. */
  signedWebhook(payload: Record<string, unknown>): { body: string; headers: Record<string, string> };
  close(): Promise<void>;
}

let sequence = 0;
const nextId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(sequence++).toString(36).padStart(4, "0")}`;

/**
 * `privateKeyPem`: sign webhooks with this Ed25519 key (the Playwright server's, whose public half it trusts) instead of a
 * new one; `port`: listen there (the one the Playwright server allow-lists) instead of a free one.
 */
export async function startGhlServer(opts: { token?: string; locationId?: string; privateKeyPem?: string; port?: number } = {}): Promise<GhlServer> {
  const token = opts.token ?? `pit-${randomUUID()}`;
  const locationId = opts.locationId ?? `loc${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const calendarId = `cal${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const contacts = new Map<string, FakeContact>();
  const appointments = new Map<string, FakeAppointment>();
  const requests: GhlServer["requests"] = [];
  let limited = 0;
  let limitedRetryAfter = "0";
  const privateKey = opts.privateKeyPem ? createPrivateKey(opts.privateKeyPem) : generateKeyPairSync("ed25519").privateKey;
  const publicKey = createPublicKey(privateKey);

  function addContact(fields: Partial<FakeContact>): FakeContact {
    const now = new Date().toISOString();
    const contact: FakeContact = { id: nextId("c"), locationId, dateAdded: now, dateUpdated: now, tags: [], ...fields };
    contacts.set(contact.id, contact);
    return contact;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://ghl.local");
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        body = {};
      }
      const answer = (status: number, data: unknown, headers: Record<string, string> = {}) => {
        requests.push({ method: req.method ?? "", path: url.pathname, status, body });
        res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(data));
      };
      if (req.headers.authorization !== `Bearer ${token}`) return answer(401, { statusCode: 401, message: "Invalid JWT" });
      if (req.headers.version !== "2021-07-28") return answer(400, { statusCode: 400, message: "Version header was not found" });
      if (limited > 0) {
        limited--;
        return answer(429, { statusCode: 429, message: "Too many requests" }, { "retry-after": limitedRetryAfter, "x-ratelimit-remaining": "0", "x-ratelimit-max": "100", "x-ratelimit-interval-milliseconds": "10000" });
      }
      const path = url.pathname.replace(/\/+$/, "");
      const parts = path.split("/").filter(Boolean);
      const m = req.method;

      if (m === "GET" && parts[0] === "locations" && parts.length === 2) {
        if (parts[1] !== locationId) return answer(404, { statusCode: 404, message: "Location not found" });
        return answer(200, { location: { id: locationId, name: "Test Location", timezone: "America/New_York" } });
      }
      if (m === "POST" && path === "/contacts/search") {
        if (body.locationId !== locationId) return answer(403, { statusCode: 403, message: "The token does not have access to this location" });
        const pageLimit = Math.min(Number(body.pageLimit ?? 20), 500);
        const filters = (body.filters ?? []) as { field: string; operator: string; value: { gt?: string } }[];
        const after = filters.find((f) => f.field === "dateUpdated")?.value.gt;
        const cursor = body.searchAfter as [number, string] | undefined;
        const sorted = [...contacts.values()]
          .filter((c) => !after || Date.parse(c.dateUpdated) > Date.parse(after))
          .sort((a, b) => Date.parse(a.dateUpdated) - Date.parse(b.dateUpdated) || a.id.localeCompare(b.id))
          .filter((c) => !cursor || Date.parse(c.dateUpdated) > cursor[0] || (Date.parse(c.dateUpdated) === cursor[0] && c.id > cursor[1]));
        const page = sorted.slice(0, pageLimit).map((c) => ({ ...c, searchAfter: [Date.parse(c.dateUpdated), c.id] }));
        return answer(200, { contacts: page, total: sorted.length });
      }
      if (parts[0] === "contacts" && parts.length === 2) {
        const contact = contacts.get(parts[1]!);
        if (m === "GET") return contact ? answer(200, { contact }) : answer(404, { statusCode: 404, message: "Contact not found" });
        if (m === "PUT") {
          if (!contact) return answer(404, { statusCode: 404, message: "Contact not found" });
          Object.assign(contact, body, { id: contact.id, locationId, dateUpdated: new Date().toISOString() });
          return answer(200, { succeded: true, contact });
        }
      }
      if (m === "POST" && path === "/contacts") {
        if (body.locationId !== locationId) return answer(403, { statusCode: 403, message: "The token does not have access to this location" });
        const duplicate = [...contacts.values()].find((c) => (body.email && c.email === body.email) || (body.phone && c.phone === body.phone));
        if (duplicate) return answer(400, { statusCode: 400, message: "This location does not allow duplicated contacts.", meta: { contactId: duplicate.id } });
        const fields = { ...body };
        delete fields.locationId;
        return answer(201, { contact: addContact(fields as Partial<FakeContact>) });
      }
      if (m === "GET" && path === "/calendars") {
        if (url.searchParams.get("locationId") !== locationId) return answer(403, { statusCode: 403, message: "The token does not have access to this location" });
        return answer(200, { calendars: [{ id: calendarId, name: "Consultations" }] });
      }
      if (m === "POST" && path === "/calendars/events/appointments") {
        if (body.calendarId !== calendarId) return answer(400, { statusCode: 400, message: "Calendar not found" });
        if (!contacts.has(String(body.contactId))) return answer(400, { statusCode: 400, message: "Contact not found" });
        const appointment: FakeAppointment = {
          id: nextId("a"),
          calendarId,
          locationId,
          contactId: String(body.contactId),
          title: body.title as string | undefined,
          startTime: String(body.startTime),
          endTime: String(body.endTime),
          appointmentStatus: String(body.appointmentStatus ?? "confirmed"),
          dateUpdated: new Date().toISOString(),
        };
        appointments.set(appointment.id, appointment);
        return answer(201, appointment);
      }
      if (m === "PUT" && parts[0] === "calendars" && parts[1] === "events" && parts[2] === "appointments" && parts.length === 4) {
        const appointment = appointments.get(parts[3]!);
        if (!appointment) return answer(404, { statusCode: 404, message: "Appointment not found" });
        Object.assign(appointment, body, { id: appointment.id, dateUpdated: new Date().toISOString() });
        return answer(200, appointment);
      }
      return answer(404, { statusCode: 404, message: `No route ${m} ${path}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    locationId,
    calendarId,
    contacts,
    appointments,
    requests,
    rateLimitNext(count, retryAfter = "0") {
      limited = count;
      limitedRetryAfter = retryAfter;
    },
    addContact,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    signedWebhook(payload) {
      const body = JSON.stringify({ webhookId: randomUUID(), locationId, timestamp: new Date().toISOString(), ...payload });
      return { body, headers: { "content-type": "application/json", "x-ghl-signature": sign(null, Buffer.from(body), privateKey).toString("base64") } };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
