import { generateKeyPairSync, randomUUID, sign as cryptoSign } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { publicContactSchema } from "@/schemas/contacts";
import { widgetDetailsSchema, widgetMessageSchema } from "@/schemas/widget";
import { publicFormConfirmUploadSchema, publicFormEventSchema, publicFormSaveSchema, publicFormSubmitSchema, publicFormUploadSchema } from "@/schemas/forms";
import { encodeRenderToken } from "@/server/services/forms/visitor-tokens";
import { manageBookingRescheduleSchema } from "@/schemas/bookings";
import { proxy } from "@/proxy";
import { unsafeDb } from "@/server/db/client";
import { getStorage } from "@/server/integrations/storage";
import { WEBHOOK_BODY_LIMIT_BYTES } from "@/server/http/body-limit";
import { TRPC_MAX_BATCH_CALLS } from "@/lib/trpc-batch";
import { PUBLIC_OPERATIONS, pathParamsOf, type HttpMethod, type PublicOperation } from "@/server/http/public-api/operations";
import { createUser, createWorkspace, uniqueIp } from "../support/factories";
import { explainsItself, hostileValuesFor, leavesOf, ROOT_HOSTILES, sessionCookie, setAt, validValue } from "../support/hostile";
import { ALL_SCOPES, apiKeyFor } from "../support/public-api";

/**
 * The hostile-input test over every route handler outside tRPC: src/app/api/** and src/app/status/**, read from the
 * file system, so a new route file fails here until ROUTES says how to call it. Everything goes over a real HTTP
 * server (node:http, then src/proxy.ts, then the route module's exported handler), so body limits are real.
 *
 * Adding a route (e.g. a webhook at src/app/api/webhooks/twilio/route.ts exporting POST):
 *   1. Add an entry to ROUTES keyed by the file path: `url` (a request path that reaches it, dynamic segments filled
 *      in) and one entry per exported method.
 *   2. A method entry lists `requests`: hostile requests (RequestInit plus an optional `path` to append or replace
 *      the url) that must never get a 5xx; use `jsonBodiesFrom(schema, valid)` when the route parses a zod schema, so
 *      its inputs are derived like the procedures'. A 400 must say what is wrong.
 *   3. A method that takes a body says which limit holds: "api" (BODY_LIMIT_BYTES, 1 MB), "webhook" (5 MB: wrap the
 *      handler in withWebhookBodyLimit from src/server/http/body-limit.ts) or "signed" (the file route's own). The
 *      test posts a chunked body (no Content-Length) past that limit and expects 413.
 * Pass: never a 5xx; a 400 explains itself; every exported method of every route file has an entry.
 */

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
const METHODS: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

interface HostileRequest {
  label: string;
  /** Appended to the route's url (starting with "?" or "/"), or replacing it (starting with "/" and `replace`). */
  path?: string;
  replace?: boolean;
  init?: { headers?: Record<string, string>; body?: string };
}

interface MethodCase {
  requests: (world: World) => HostileRequest[] | Promise<HostileRequest[]>;
  /** The body limit that holds for this method (only for methods that take a body). */
  limit?: "api" | "webhook" | "signed";
}

interface RouteCase {
  url: string;
  methods: Partial<Record<Method, MethodCase>>;
  /**
   * Why the handler cannot finish outside `next start` (it reads Next's request scope, e.g. cookies()). What runs
   * before that (body limit, guards) is still checked; only that one refusal is not counted as a 5xx.
   */
  needsNextRequestScope?: string;
}

const OUTSIDE_NEXT = /was called outside a request scope/;

interface World {
  workspace: { id: number; name: string };
  /** A lead of the workspace, for the public API's paths that name one. */
  leadId: number;
  workspaceSlug: string;
  /** The workspace's public key (the website chat's snippet carries it). */
  workspaceKey: string;
  adminCookie: string;
  /** A published form of the workspace (the public form routes), and a render token of its page. */
  form: { id: number; slug: string; renderToken: string };
}

const json = (body: unknown) => ({ headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** Hostile JSON bodies derived from a zod schema, as the procedures' are: every leaf, and the body as a whole. */
function jsonBodiesFrom(schema: z.ZodType, valid: unknown): HostileRequest[] {
  const requests: HostileRequest[] = [{ label: "a valid body", init: json(valid) }];
  for (const leaf of leavesOf(schema)) {
    for (const hostile of hostileValuesFor(leaf, 7)) {
      if (hostile.value instanceof Date) continue;
      requests.push({ label: `${leaf.path.join(".")} = ${hostile.label}`, init: json(setAt(valid, leaf.path, hostile.value)) });
    }
  }
  for (const root of ROOT_HOSTILES) requests.push({ label: `body = ${root.label}`, init: json(root.value ?? null) });
  requests.push(
    { label: "malformed JSON", init: { headers: { "content-type": "application/json" }, body: '{"name":' } },
    { label: "no body", init: {} },
    { label: "a form instead of JSON", init: { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "name=a%00b" } },
    { label: "a __proto__ key", init: { headers: { "content-type": "application/json" }, body: '{"__proto__":{"polluted":true},"name":"x"}' } },
  );
  return requests;
}

function twilioForms(): HostileRequest[] {
  const form = (fields: Record<string, string>, signature?: string) => ({
    headers: { "content-type": "application/x-www-form-urlencoded", ...(signature === undefined ? {} : { "x-twilio-signature": signature }) },
    body: new URLSearchParams(fields).toString(),
  });
  return [
    { label: "unsigned, NUL in the body", init: form({ MessageSid: "SM\u0000", From: "+15550001111", To: "+15550002222", Body: "a\u0000b" }) },
    { label: "a forged signature", init: form({ MessageSid: "SM1", AccountSid: "AC\uD800", Body: "x".repeat(200_000) }, "forged") },
    { label: "an empty signature", init: form({}, "") },
    { label: "JSON instead of a form", init: { headers: { "content-type": "application/json", "x-twilio-signature": "x" }, body: '{"Body":1}' } },
    { label: "no body", init: {} },
  ];
}

/** The GoHighLevel webhook: unsigned, forged and legacy-signed (401), then correctly signed hostile JSON (never a 5xx). */
const GHL_KEYS = generateKeyPairSync("ed25519");
process.env.GHL_WEBHOOK_PUBLIC_KEY = GHL_KEYS.publicKey.export({ type: "spki", format: "pem" }).toString();
function ghlBodies(): HostileRequest[] {
  const signed = (body: string) => ({ headers: { "content-type": "application/json", "x-ghl-signature": cryptoSign(null, Buffer.from(body), GHL_KEYS.privateKey).toString("base64") }, body });
  return [
    { label: "unsigned", init: json({ type: "ContactCreate", webhookId: randomUUID(), locationId: "loc" }) },
    { label: "a forged signature", init: { headers: { "content-type": "application/json", "x-ghl-signature": Buffer.alloc(64).toString("base64") }, body: "{}" } },
    { label: "only the retired RSA signature", init: { headers: { "content-type": "application/json", "x-wh-signature": "abc" }, body: "{}" } },
    { label: "a huge signature header", init: { headers: { "x-ghl-signature": "A".repeat(8000) }, body: "{}" } },
    { label: "signed, malformed JSON", init: signed('{"type":') },
    { label: "signed, not an object", init: signed("[1,2]") },
    { label: "signed, null", init: signed("null") },
    { label: "signed, no webhookId", init: signed(JSON.stringify({ type: "ContactCreate", locationId: "loc" })) },
    { label: "signed, fields of the wrong type", init: signed(JSON.stringify({ type: { $ne: 1 }, webhookId: [1], locationId: 5 })) },
    { label: "signed, NUL and lone surrogates", init: signed(JSON.stringify({ type: "ContactCreate\u0000", webhookId: `${randomUUID()}\uD800`, locationId: "loc\u0000", email: "\uD800@x" })) },
    { label: "signed, an unknown location", init: signed(JSON.stringify({ type: "ContactCreate", webhookId: randomUUID(), locationId: `nobody-${randomUUID()}`, id: "c1" })) },
  ];
}

/** The Postmark webhooks: without credentials (401), then with them and hostile JSON (never a 5xx). */
const POSTMARK = { username: "hostile-postmark", password: `pw-${randomUUID()}` };
process.env.POSTMARK_WEBHOOK_USERNAME = POSTMARK.username;
process.env.POSTMARK_WEBHOOK_PASSWORD = POSTMARK.password;
(await import("@/env")).resetEnvCache();
function postmarkBodies(): HostileRequest[] {
  const auth = `Basic ${Buffer.from(`${POSTMARK.username}:${POSTMARK.password}`).toString("base64")}`;
  const authed = (body: string) => ({ headers: { "content-type": "application/json", authorization: auth }, body });
  const id = randomUUID();
  return [
    { label: "no credentials", init: json({ MessageID: id }) },
    { label: "wrong credentials", init: { headers: { "content-type": "application/json", authorization: "Basic !!not-base64!!" }, body: "{}" } },
    { label: "a huge authorization header", init: { headers: { authorization: `Basic ${"A".repeat(8000)}` }, body: "{}" } },
    { label: "malformed JSON", init: authed('{"MessageID":') },
    { label: "JSON that is not an object", init: authed("[1,2,3]") },
    { label: "null", init: authed("null") },
    { label: "no MessageID", init: authed("{}") },
    { label: "MessageID of the wrong type", init: authed(JSON.stringify({ MessageID: { $ne: 1 }, RecordType: "Bounce" })) },
    { label: "NUL and lone surrogates", init: authed(JSON.stringify({ MessageID: `${id}\u0000`, MailboxHash: "\uD800", To: "inbox+\u0000@x", RecordType: "Bounce\u0000", Email: "\uD800@x" })) },
    { label: "a mailbox hash nobody owns", init: authed(JSON.stringify({ MessageID: id, MailboxHash: "a".repeat(20), Subject: 5, Attachments: "x", Headers: { a: 1 } })) },
    { label: "an event for a message we never sent", init: authed(JSON.stringify({ RecordType: "SpamComplaint", MessageID: id, ID: 1e308, Email: "x".repeat(10_000) })) },
    { label: "a __proto__ key", init: authed('{"__proto__":{"polluted":true},"MessageID":"' + id + '"}') },
  ];
}

/**
 * The public API (/api/v1, one catch-all route): for each operation of the method, hostile JSON bodies derived from its
 * input schema (as the procedures'), hostile values of each query parameter, and hostile path parameters; each operation
 * with a key of its own (all scopes), so the per-key rate limit does not end the run early. Plus no key and bad keys.
 */
const NASTY_IDS = ["0", "-1", "1.5", "99999999999", "abc", "%00", "%ED%A0%80", "1e308", "a".repeat(3000)];

function queryText(value: unknown): string {
  if (typeof value === "string") return value.length > 5000 ? value.slice(0, 5000) : value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  return JSON.stringify(value) ?? "undefined";
}

/** encodeURIComponent, except that a lone surrogate (which it refuses) is sent as its raw UTF-8-like bytes. */
const encode = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return text.split("").map((c) => (/[\uD800-\uDFFF]/.test(c) ? "%ED%A0%80" : encodeURIComponent(c))).join("");
  }
};

async function publicApiRequests(world: World, method: HttpMethod): Promise<HostileRequest[]> {
  const requests: HostileRequest[] = [];
  for (const operation of PUBLIC_OPERATIONS.filter((o) => o.method === method)) {
    const { key } = await apiKeyFor(world.workspace, ALL_SCOPES);
    const auth = { "x-api-key": key };
    const inPath = pathParamsOf(operation.path);
    const pathWith = (values: Record<string, string>) => `/api/v1${operation.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? "1")}`;
    const realIds = Object.fromEntries(inPath.map((name) => [name, operation.path.startsWith("/leads") ? String(world.leadId) : "2147483647"]));
    const base = pathWith(realIds);
    const tag = (r: HostileRequest): HostileRequest => ({ ...r, label: `${operation.operationId}: ${r.label}`, replace: true, path: `${base}${r.path ?? ""}`, init: { ...r.init, headers: { ...auth, ...r.init?.headers } } });
    for (const name of inPath) for (const nasty of NASTY_IDS) requests.push({ label: `${operation.operationId}: ${name} = ${nasty.slice(0, 12)}`, replace: true, path: pathWith({ ...realIds, [name]: nasty }), init: { headers: auth, ...(method === "POST" || method === "PATCH" ? json({}) : {}) } });
    if (method === "POST" || method === "PATCH") {
      const bodySchema = inPath.length ? (operation.input.omit(Object.fromEntries(inPath.map((n) => [n, true]))) as PublicOperation["input"]) : operation.input;
      const valid = validValue(bodySchema as never) as Record<string, unknown>;
      if (operation.operationId === "createBooking") Object.assign(valid, { endsAt: undefined });
      requests.push(...jsonBodiesFrom(bodySchema, valid).map(tag));
      requests.push(tag({ label: "a path parameter in the body", init: json({ ...valid, id: 1, leadId: 1 }) }));
      requests.push(tag({ label: "a query string on a POST", path: "?limit=5", init: json(valid) }));
      requests.push(tag({ label: "an Idempotency-Key with spaces and Latin-1", init: { ...json(valid), headers: { "content-type": "application/json", "idempotency-key": "a b\u00e9" } } }));
      requests.push(tag({ label: "a huge Idempotency-Key", init: { ...json(valid), headers: { "content-type": "application/json", "idempotency-key": "k".repeat(5000) } } }));
    } else {
      requests.push(tag({ label: "no parameters" }));
      for (const leaf of leavesOf(operation.input as never)) {
        const [field, sub] = leaf.path;
        if (typeof field !== "string" || inPath.includes(field)) continue;
        const name = typeof sub === "string" ? `${field}[${sub}]` : field;
        for (const hostile of hostileValuesFor(leaf, 7)) requests.push(tag({ label: `${name} = ${hostile.label}`, path: `?${encode(name)}=${encode(queryText(hostile.value))}` }));
        requests.push(tag({ label: `${name} twice`, path: `?${encode(name)}=1&${encode(name)}=2` }));
      }
      requests.push(tag({ label: "an unknown parameter", path: "?%00=%ED%A0%80&__proto__=x" }));
      requests.push(tag({ label: "a deep object where a scalar goes", path: "?limit[x]=1&cursor[a][b]=2" }));
    }
    requests.push({ label: `${operation.operationId}: no key`, replace: true, path: base, init: method === "POST" || method === "PATCH" ? json({}) : {} });
    requests.push({ label: `${operation.operationId}: a Latin-1 key`, replace: true, path: base, init: { headers: { "x-api-key": "lk_\u00ff\u00e9" } } });
    requests.push({ label: `${operation.operationId}: a huge key`, replace: true, path: base, init: { headers: { "x-api-key": `lk_${"a".repeat(8000)}` } } });
  }
  requests.push(...NASTY_PATHS.map((p) => ({ label: `unknown path ${p.slice(0, 12)}`, replace: true, path: `/api/v1${p}`, init: { headers: { "x-api-key": "lk_x" } } })));
  return requests;
}

/** The manage page's form posts (and the same fields as JSON), with tokens that must all be refused in words. */
function manageBookingBodies(withTime: boolean): HostileRequest[] {
  const form = (fields: Record<string, string>) => ({ headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
  const time: Record<string, string> = withTime ? { startsAt: "2030-01-01T10:00:00Z" } : {};
  const forged = "1.1.zzzzzz.AAAAAAAAAAAAAAAAAAAAAA";
  return [
    ...jsonBodiesFrom(manageBookingRescheduleSchema, { token: forged, startsAt: "2030-01-01T10:00:00Z" }),
    { label: "a forged token from the page", init: form({ token: forged, from: "page", ...time }) },
    { label: "ids past int4", init: form({ token: "99999999999.99999999999.zzzzzz.AAAAAAAAAAAAAAAAAAAAAA", ...time }) },
    { label: "an expired-looking token", init: form({ token: "1.1.1.AAAAAAAAAAAAAAAAAAAAAA", from: "page", ...time }) },
    { label: "NUL and a lone surrogate", init: form({ token: "a\u0000\uD800", from: "page", startsAt: "\u0000" }) },
    { label: "a huge token", init: form({ token: "a".repeat(100_000), from: "page" }) },
    { label: "a year past any date", init: form({ token: forged, startsAt: "+275760-09-13T00:00:00Z" }) },
    { label: "no body", init: {} },
  ];
}

const NASTY_PATHS = ["/%00", "/..%2F..%2Fetc%2Fpasswd", `/${"a".repeat(4000)}`, "/%F0%9F%91%A9%E2%80%8D%F0%9F%92%BB", "/%ED%A0%80"];

const ROUTES: Record<string, RouteCase> = {
  "src/app/api/trpc/[trpc]/route.ts": {
    url: "/api/trpc",
    methods: {
      // Every procedure's inputs: tests/api/hostile-input.procedures-*.test.ts. Here, what is the route's own.
      GET: {
        requests: () => [
          { label: "an unknown procedure", path: "/no.such.procedure?input=%7B%7D" },
          { label: "no procedure", path: "/" },
          { label: "a batch over the cap", path: `/${Array(50).fill("auth.me").join(",")}?batch=1&input=%7B%7D` },
          { label: "input that is not JSON", path: "/auth.me?input=%7B%00" },
          { label: "a huge path", path: `/${"auth.me,".repeat(2000)}auth.me?batch=1` },
        ],
      },
      POST: {
        limit: "api",
        requests: () => [
          { label: "a batch over the cap", path: `/${Array(50).fill("leads.create").join(",")}?batch=1`, init: json({}) },
          { label: "malformed JSON", path: "/leads.create", init: { headers: { "content-type": "application/json" }, body: "{" } },
          { label: "a query sent as POST", path: "/auth.me", init: json({}) },
          { label: "multipart", path: "/leads.create", init: { headers: { "content-type": "multipart/form-data; boundary=x" }, body: "--x--" } },
        ],
      },
    },
  },
  "src/app/api/public/contact/route.ts": {
    url: "/api/public/contact",
    methods: {
      POST: {
        limit: "api",
        requests: (w) => jsonBodiesFrom(publicContactSchema, { workspaceSlug: w.workspaceSlug, name: "Visitor", email: "visitor@test.loctelli.local" }),
      },
      OPTIONS: { requests: () => [{ label: "a preflight", init: { headers: { origin: "https://evil.example", "access-control-request-method": "POST" } } }] },
    },
  },
  // The website chat: the loader's configuration (CORS per workspace), the framed window, and the window's own calls.
  "src/app/api/public/widget/config/route.ts": {
    url: "/api/public/widget/config",
    methods: {
      GET: {
        requests: (w) => [
          { label: "an allowed-looking site", path: `?key=${w.workspaceKey}`, init: { headers: { origin: "https://evil.example" } } },
          { label: "no key", path: "" },
          { label: "a NUL key", path: "?key=%00" },
          { label: "a lone surrogate key", path: "?key=%ED%A0%80" },
          { label: "a huge key", path: `?key=${"a".repeat(5000)}` },
          { label: "two keys", path: `?key=${w.workspaceKey}&key=x`, init: { headers: { origin: "null" } } },
        ],
      },
      OPTIONS: {
        requests: (w) => [
          { label: "a preflight from another site", path: `?key=${w.workspaceKey}`, init: { headers: { origin: "https://evil.example", "access-control-request-method": "GET" } } },
          { label: "a preflight without a key", init: { headers: { origin: "https://evil.example", "access-control-request-method": "GET" } } },
        ],
      },
    },
  },
  "src/app/api/public/widget/frame/route.ts": {
    url: "/api/public/widget/frame",
    methods: {
      GET: {
        requests: (w) => [
          { label: "a valid key", path: `?key=${w.workspaceKey}` },
          { label: "no key", path: "" },
          { label: "a NUL key", path: "?key=%00" },
          { label: "a key with markup", path: `?key=${encodeURIComponent('"><script>alert(1)</script>')}` },
          { label: "a huge key", path: `?key=${"a".repeat(5000)}` },
        ],
      },
    },
  },
  "src/app/api/public/widget/messages/route.ts": {
    url: "/api/public/widget/messages",
    methods: {
      GET: {
        requests: (w) => [
          { label: "a valid key", path: `?key=${w.workspaceKey}` },
          { label: "after beyond int4", path: `?key=${w.workspaceKey}&after=99999999999999999999` },
          { label: "after negative", path: `?key=${w.workspaceKey}&after=-1` },
          { label: "after not a number", path: `?key=${w.workspaceKey}&after=%00` },
          { label: "a forged cookie", path: `?key=${w.workspaceKey}`, init: { headers: { cookie: "__Host-lk_widget=v1.%00.%FF; lk_widget=%ED%A0%80" } } },
          { label: "no key", path: "" },
        ],
      },
      POST: {
        limit: "api",
        requests: (w) => [
          ...jsonBodiesFrom(widgetMessageSchema, { key: w.workspaceKey, content: "Hello there", clientMessageId: randomUUID(), timezone: "Europe/Paris" }),
          { label: "from a site that is not allowed", init: { headers: { "content-type": "application/json", origin: "https://evil.example" }, body: JSON.stringify({ key: w.workspaceKey, content: "x", clientMessageId: randomUUID() }) } },
        ],
      },
    },
  },
  "src/app/api/public/widget/details/route.ts": {
    url: "/api/public/widget/details",
    methods: {
      POST: { limit: "api", requests: (w) => jsonBodiesFrom(widgetDetailsSchema, { key: w.workspaceKey, name: "Visitor", email: "visitor@test.loctelli.local", phone: "+12025550123" }) },
    },
  },
  "src/app/api/public/widget/events/route.ts": {
    url: "/api/public/widget/events",
    methods: {
      GET: {
        requests: (w) => [
          { label: "no visitor yet", path: `?key=${w.workspaceKey}` },
          { label: "a huge Last-Event-ID", path: `?key=${w.workspaceKey}`, init: { headers: { "last-event-id": "9".repeat(400) } } },
          { label: "after not a number", path: `?key=${w.workspaceKey}&after=abc` },
          { label: "no key", path: "" },
        ],
      },
    },
  },
  // Public forms (/f/<slug>): the page's saves, events, uploads and submission, and the emailed resume link.
  ...Object.fromEntries(
    (
      [
        ["session", publicFormSaveSchema, (w: World) => ({ answers: { email: "a@b.example" }, currentField: "email", renderToken: w.form.renderToken })],
        ["events", publicFormEventSchema, (w: World) => ({ type: "step", stepIndex: 0, fieldKey: "email", renderToken: w.form.renderToken })],
        ["submit", publicFormSubmitSchema, (w: World) => ({ answers: { email: "a@b.example" }, renderToken: w.form.renderToken, clientSubmissionId: randomUUID() })],
        ["uploads", publicFormUploadSchema, (w: World) => ({ renderToken: w.form.renderToken, fieldKey: "photo", fileName: "a.png", contentType: "image/png", size: 10 })],
        ["uploads/confirm", publicFormConfirmUploadSchema, (w: World) => ({ renderToken: w.form.renderToken, uploadId: 2_147_483_647 })],
      ] as const
    ).map(([route, schema, valid]) => [
      `src/app/api/public/forms/[slug]/${route}/route.ts`,
      {
        url: `/api/public/forms/hostile-form-slug/${route}`,
        methods: {
          POST: {
            limit: "api",
            requests: (w: World) => [
              ...jsonBodiesFrom(schema, valid(w)).map((r) => ({ ...r, path: `/api/public/forms/${w.form.slug}/${route}`, replace: true })),
              { label: "an unknown form", init: json(valid(w)) },
              { label: "a NUL slug", path: `/api/public/forms/%00/${route}`, replace: true, init: json(valid(w)) },
              { label: "a forged cookie", path: `/api/public/forms/${w.form.slug}/${route}`, replace: true, init: { headers: { "content-type": "application/json", cookie: `lk_form_${w.form.id}=%00%FF; __Host-lk_form_${w.form.id}=${"a".repeat(5000)}` }, body: JSON.stringify(valid(w)) } },
            ],
          },
        },
      } satisfies RouteCase,
    ]),
  ),
  "src/app/api/public/forms/[slug]/resume/route.ts": {
    url: "/api/public/forms/hostile-form-slug/resume",
    methods: {
      GET: {
        requests: (w) => [
          { label: "no token" },
          { label: "a forged token", path: `/api/public/forms/${w.form.slug}/resume?token=1.99999999999.forged`, replace: true },
          { label: "an id past int4", path: `/api/public/forms/${w.form.slug}/resume?token=99999999999.1.x`, replace: true },
          { label: "NUL and a lone surrogate", path: `/api/public/forms/${w.form.slug}/resume?token=%00%ED%A0%80`, replace: true },
          { label: "a huge token", path: `/api/public/forms/${w.form.slug}/resume?token=${"a".repeat(20_000)}`, replace: true },
        ],
      },
    },
  },
  "src/app/widget.js/route.ts": { url: "/widget.js", methods: { GET: { requests: () => [{ label: "plain" }, { label: "odd query", path: "?key=%00" }] } } },
  "src/app/api/auth/[...nextauth]/route.ts": {
    url: "/api/auth",
    needsNextRequestScope: "next-auth v4 sets its cookies through next/headers",
    methods: {
      GET: {
        requests: () => [
          { label: "session", path: "/session" },
          { label: "csrf", path: "/csrf" },
          { label: "providers", path: "/providers" },
          { label: "sign-in page with a NUL callback", path: "/signin?callbackUrl=%00" },
          { label: "an unknown action", path: "/%00" },
          { label: "a broken session cookie", path: "/session", init: { headers: { cookie: "next-auth.session-token=%00%FF" } } },
        ],
      },
      POST: {
        limit: "api",
        requests: () => {
          const form = (fields: Record<string, string>) => ({
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams(fields).toString(),
          });
          return [
            { label: "NUL in the email", path: "/callback/credentials", init: form({ email: "a\u0000@b.c", password: "x" }) },
            { label: "NUL in the password", path: "/callback/credentials", init: form({ email: "a@b.c", password: "a\u0000b" }) },
            { label: "a lone surrogate", path: "/callback/credentials", init: form({ email: "a@b.c", password: "\uD800" }) },
            { label: "a 200 KB password", path: "/callback/credentials", init: form({ email: "a@b.c", password: "x".repeat(200_000) }) },
            { label: "JSON instead of a form", path: "/callback/credentials", init: json({ email: ["a"], password: { x: 1 } }) },
            { label: "sign-out without a token", path: "/signout", init: form({}) },
            { label: "an unknown provider", path: "/callback/%00", init: form({}) },
          ];
        },
      },
    },
  },
  "src/app/api/files/[...key]/route.ts": {
    url: "/api/files",
    methods: {
      GET: { requests: () => [...NASTY_PATHS.map((p) => ({ label: `key ${p.slice(0, 20)}`, path: p })), { label: "a forged signature", path: "/ws/1/imports/x.csv?expires=99999999999&sig=00" }] },
      PUT: {
        limit: "signed",
        requests: () => [
          ...NASTY_PATHS.map((p) => ({ label: `key ${p.slice(0, 20)}`, path: p, init: { body: "x" } })),
          { label: "expires beyond any date", path: "/ws/1/imports/x.csv?expires=1e308&max=1e308&ct=text%2Fcsv&sig=00", init: { body: "x" } },
        ],
      },
    },
  },
  "src/app/api/bench/echo/route.ts": {
    url: "/api/bench/echo",
    methods: {
      GET: { requests: () => [{ label: "disabled outside benches", path: "" }] },
      POST: { limit: "api", requests: () => [{ label: "disabled outside benches", init: json({ a: "\u0000" }) }] },
    },
  },
  // Twilio's webhooks: unsigned requests are refused (403) before the form is used; signed ones are in tests/sms.
  "src/app/api/webhooks/twilio/sms/route.ts": { url: "/api/webhooks/twilio/sms", methods: { POST: { limit: "webhook", requests: () => twilioForms() } } },
  "src/app/api/webhooks/twilio/status/route.ts": { url: "/api/webhooks/twilio/status", methods: { POST: { limit: "webhook", requests: () => twilioForms() } } },
  "src/app/api/webhooks/postmark/inbound/route.ts": { url: "/api/webhooks/postmark/inbound", methods: { POST: { limit: "webhook", requests: () => postmarkBodies() } } },
  "src/app/api/webhooks/gohighlevel/route.ts": { url: "/api/webhooks/gohighlevel", methods: { POST: { limit: "webhook", requests: () => ghlBodies() } } },
  "src/app/api/webhooks/postmark/events/route.ts": { url: "/api/webhooks/postmark/events", methods: { POST: { limit: "webhook", requests: () => postmarkBodies() } } },
  "src/app/api/public/unsubscribe/route.ts": {
    url: "/api/public/unsubscribe",
    methods: {
      GET: { requests: () => [{ label: "no token" }, { label: "a NUL token", path: "?token=%00" }, { label: "a huge token", path: `?token=${"a".repeat(20_000)}` }] },
      POST: {
        limit: "api",
        requests: () => [
          { label: "no token", init: { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" } },
          { label: "a forged token", path: "?token=1.YUBiLmM.AAAAAAAAAAAAAAAAAAAAAA", init: { body: "List-Unsubscribe=One-Click" } },
          { label: "a workspace id past int4", path: "?token=99999999999.YUBiLmM.AAAAAAAAAAAAAAAAAAAAAA", init: { body: "" } },
          { label: "NUL and a lone surrogate", path: "?token=%00%ED%A0%80&from=page", init: { body: "a\u0000" } },
        ],
      },
    },
  },
  "src/app/api/v1/[...path]/route.ts": {
    url: "/api/v1/leads",
    methods: {
      GET: { requests: async (w) => [{ label: "the OpenAPI document", replace: true, path: "/api/v1/openapi.json" }, ...(await publicApiRequests(w, "GET"))] },
      POST: { limit: "api", requests: (w) => publicApiRequests(w, "POST") },
      PATCH: { requests: (w) => publicApiRequests(w, "PATCH") },
      DELETE: { requests: (w) => publicApiRequests(w, "DELETE") },
    },
  },
  // The booking manage page's forms: a forged, malformed, expired or foreign token is refused in words (403/404/400).
  "src/app/api/public/booking/cancel/route.ts": {
    url: "/api/public/booking/cancel",
    methods: { POST: { limit: "api", requests: () => manageBookingBodies(false) } },
  },
  "src/app/api/public/booking/reschedule/route.ts": {
    url: "/api/public/booking/reschedule",
    methods: { POST: { limit: "api", requests: () => manageBookingBodies(true) } },
  },
  "src/app/status/route.ts": { url: "/status", methods: { GET: { requests: () => [{ label: "plain" }, { label: "odd query", path: "?%00=%ED%A0%80" }] } } },
  "src/app/status/version/route.ts": { url: "/status/version", methods: { GET: { requests: () => [{ label: "plain" }] } } },
  "src/app/status/health/route.ts": { url: "/status/health", methods: { GET: { requests: () => [{ label: "plain" }] } } },
};

// ───────────────────────── the route files and a real server ─────────────────────────

const ROOT = path.resolve(import.meta.dirname, "../..");

function routeFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/^route\.(ts|tsx|js)$/.test(entry.name)) found.push(rel);
    }
  };
  walk("src/app/api");
  walk("src/app/status");
  walk("src/app/widget.js");
  return found.sort();
}

type Handler = (req: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> | Response;
interface LoadedRoute {
  file: string;
  pattern: RegExp;
  names: { name: string; catchAll: boolean }[];
  module: Partial<Record<Method, Handler>>;
}

/** src/app/api/files/[...key]/route.ts -> /^\/api\/files\/(.+)$/ with the param names, as Next's router matches. */
function patternOf(file: string) {
  const segments = path.dirname(file).replace(/^src\/app/, "").split("/").filter(Boolean).filter((s) => !/^\(.*\)$/.test(s));
  const names: { name: string; catchAll: boolean }[] = [];
  const source = segments
    .map((s) => {
      const catchAll = /^\[\.\.\.(\w+)\]$/.exec(s);
      if (catchAll) return names.push({ name: catchAll[1]!, catchAll: true }), "/(.+)";
      const dynamic = /^\[(\w+)\]$/.exec(s);
      if (dynamic) return names.push({ name: dynamic[1]!, catchAll: false }), "/([^/]+)";
      return `/${s}`;
    })
    .join("");
  return { pattern: new RegExp(`^${source}/?$`), names };
}

async function startServer(routes: LoadedRoute[]) {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost:8000");
      const hasBody = !["GET", "HEAD"].includes(req.method ?? "GET");
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const body = hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined;
      const init = { method: req.method, headers, body, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1];
      const request = new NextRequest(url, init);
      const early = proxy(request);
      let response: Response = early;
      if (early.headers.get("x-middleware-next") === "1") {
        const route = routes.find((r) => r.pattern.test(url.pathname));
        const handler = route?.module[(req.method ?? "GET") as Method];
        if (!route || !handler) response = new Response(null, { status: 404 });
        else {
          const match = route.pattern.exec(url.pathname)!;
          const params = Object.fromEntries(route.names.map((n, i) => [n.name, n.catchAll ? match[i + 1]!.split("/") : match[i + 1]!]));
          response = await handler(request, { params: Promise.resolve(params) });
        }
      }
      const responseHeaders = Object.fromEntries(response.headers);
      // A refused body may still be arriving: the connection is not reused (as node:http does for unread bodies).
      if (response.status === 413) responseHeaders.connection = "close";
      res.writeHead(response.status, responseHeaders);
      if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
      res.end();
    } catch (e) {
      res.writeHead(599, { "content-type": "text/plain" });
      res.end(`the handler threw: ${String(e)}`);
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  return { server, base: `http://127.0.0.1:${port}` };
}

/** A body of `bytes` sent as a stream: chunked transfer encoding, no Content-Length. */
function chunkedBody(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const size = Math.min(chunk.byteLength, bytes - sent);
      controller.enqueue(chunk.subarray(0, size));
      sent += size;
    },
  });
}

describe("hostile input: route handlers outside tRPC, over HTTP", () => {
  let routes: LoadedRoute[];
  let base: string;
  let server: http.Server;
  let world: World;

  beforeAll(async () => {
    routes = await Promise.all(
      routeFiles().map(async (file) => ({ file, ...patternOf(file), module: (await import(path.join(ROOT, file))) as LoadedRoute["module"] })),
    );
    ({ server, base } = await startServer(routes));
    const workspace = await createWorkspace("Hostile routes");
    const admin = await createUser({ subAccountId: workspace.id, role: "admin" });
    const { publicKey } = await unsafeDb.subAccount.findUniqueOrThrow({ where: { id: workspace.id }, select: { publicKey: true } });
    const lead = await unsafeDb.lead.create({ data: { subAccountId: workspace.id, name: "Hostile API lead" } });
    const slug = `hostile-${randomUUID()}`;
    const definition = {
      fields: [
        { key: "email", type: "email", label: "Email", required: true, mapsTo: { kind: "lead", field: "email" } },
        { key: "photo", type: "file", label: "Photo", required: false, fileKinds: ["image"], maxFileMb: 1 },
      ],
      rules: [],
    };
    const form = await unsafeDb.formTemplate.create({ data: { subAccountId: workspace.id, name: "Hostile form", slug, schema: definition, settings: {}, publishedVersion: 1 } });
    await unsafeDb.formVersion.create({ data: { subAccountId: workspace.id, formTemplateId: form.id, version: 1, kind: "card", schema: definition, settings: {} } });
    world = {
      workspace,
      leadId: lead.id,
      workspaceSlug: workspace.slug,
      workspaceKey: publicKey,
      adminCookie: await sessionCookie({ kind: "user", id: admin.id }),
      form: { id: form.id, slug, renderToken: encodeRenderToken({ formId: form.id, version: 1, issuedAtMs: Date.now() - 60_000 }) },
    };
  });

  afterAll(async () => {
    server?.close();
  });

  it("has an entry for every method of every route file", () => {
    const missing = routes.flatMap((r) =>
      METHODS.filter((m) => typeof r.module[m] === "function" && !ROUTES[r.file]?.methods[m]).map((m) => `${m} ${r.file}`),
    );
    expect(missing, "add these to ROUTES in tests/api/hostile-input.routes.test.ts (see its header)").toEqual([]);
    const stale = Object.keys(ROUTES).filter((file) => !routes.some((r) => r.file === file));
    expect(stale, "ROUTES entries for route files that no longer exist").toEqual([]);
    const webhooksWithoutTheirLimit = routes.filter((r) => r.file.startsWith("src/app/api/webhooks/") && Object.values(ROUTES[r.file]?.methods ?? {}).some((m) => m.limit && m.limit !== "webhook"));
    expect(webhooksWithoutTheirLimit.map((r) => r.file), "webhook routes take the webhook limit").toEqual([]);
  });

  it("never answers 5xx to hostile requests, and a 400 says what is wrong", { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    for (const route of routes) {
      const entry = ROUTES[route.file];
      if (!entry) continue;
      for (const [method, methodCase] of Object.entries(entry.methods) as [Method, MethodCase][]) {
        for (const request of await methodCase.requests(world)) {
          const target = request.replace ? request.path! : `${entry.url}${request.path ?? ""}`;
          const response = await fetch(`${base}${target}`, {
            method,
            headers: { "x-forwarded-for": uniqueIp(), ...request.init?.headers },
            body: method === "GET" || method === "OPTIONS" ? undefined : request.init?.body,
          });
          const text = await response.text();
          const where = `${method} ${route.file} (${request.label}): ${response.status} ${text.slice(0, 200)}`;
          const needsNext = entry.needsNextRequestScope && response.status === 599 && OUTSIDE_NEXT.test(text);
          if (response.status >= 500 && !needsNext) problems.push(`5xx: ${where}`);
          if (response.status === 400 && response.headers.get("content-type")?.includes("json")) {
            const body = JSON.parse(text) as {
              error?: string | { message?: string; json?: { message?: string } };
              fieldErrors?: Record<string, string[]>;
              formErrors?: string[];
              // RFC 9457 problem details (the public API)
              detail?: string;
              errors?: { field: string; detail: string }[];
            };
            const message = typeof body.error === "string" ? body.error : (body.error?.message ?? body.error?.json?.message ?? body.detail);
            const fieldErrors = body.fieldErrors ?? (body.errors ? Object.fromEntries(body.errors.map((e) => [e.field, [e.detail]])) : undefined);
            if (!explainsItself({ status: 400, message, fieldErrors, formErrors: body.formErrors })) {
              problems.push(`400 without saying what is wrong: ${where}`);
            }
          }
        }
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it("counts the bytes of a chunked body: past the limit is 413 on every route that takes a body", { timeout: 120_000 }, async () => {
    const apiLimit = 1_048_576;
    const checked: string[] = [];
    for (const route of routes) {
      for (const [method, methodCase] of Object.entries(ROUTES[route.file]?.methods ?? {}) as [Method, MethodCase][]) {
        if (!methodCase.limit) continue;
        let target = route.file.includes("[trpc]") ? `${ROUTES[route.file]!.url}/leads.create` : ROUTES[route.file]!.url;
        let headers: Record<string, string> = { "content-type": "application/json", cookie: world.adminCookie };
        let limit = methodCase.limit === "webhook" ? WEBHOOK_BODY_LIMIT_BYTES : apiLimit;
        if (methodCase.limit === "signed") {
          const upload = await getStorage().presignUpload(`ws/1/imports/${randomUUID()}.csv`, { contentType: "text/csv", maxBytes: apiLimit, expiresInSeconds: 300 });
          const url = new URL(upload.url);
          target = `${url.pathname}${url.search}`;
          headers = { ...upload.headers };
          limit = apiLimit;
        }
        if (route.file.includes("[...nextauth]")) target = `${ROUTES[route.file]!.url}/callback/credentials`;
        if (route.file.startsWith("src/app/api/v1/")) headers["x-api-key"] = (await apiKeyFor(world.workspace, ALL_SCOPES)).key;
        const response = await fetch(`${base}${target}`, {
          method,
          headers: { "x-forwarded-for": uniqueIp(), ...headers },
          body: chunkedBody(limit + 1024 * 1024),
          duplex: "half",
        } as RequestInit).catch((e: unknown) => {
          throw new Error(`${method} ${route.file}: ${String((e as Error).cause ?? e)}`);
        });
        await response.arrayBuffer().catch(() => undefined);
        expect(response.status, `${method} ${route.file}: a chunked body of ${limit + 1024 * 1024} bytes`).toBe(413);
        checked.push(`${method} ${route.file}`);
      }
    }
    expect(checked).toContain("POST src/app/api/trpc/[trpc]/route.ts");
    expect(checked).toContain("POST src/app/api/public/contact/route.ts");
    expect(checked).toContain("POST src/app/api/auth/[...nextauth]/route.ts");
    expect(checked).toContain("POST src/app/api/v1/[...path]/route.ts");
  });

  it("a 2 MB chunked leads.create is refused before it is parsed: no lead is written", async () => {
    const name = `Chunked ${randomUUID()}`;
    const payload = new TextEncoder().encode(JSON.stringify({ 0: { json: { name, company: "x".repeat(2 * 1024 * 1024) } } }));
    const response = await fetch(`${base}/api/trpc/leads.create?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: world.adminCookie, "x-forwarded-for": uniqueIp() },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < payload.byteLength; i += 65_536) controller.enqueue(payload.subarray(i, i + 65_536));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: "PAYLOAD_TOO_LARGE", message: "Request body must not exceed 1048576 bytes" } });
    expect(await unsafeDb.lead.count({ where: { name } })).toBe(0);
  });

  it(`a tRPC batch over ${TRPC_MAX_BATCH_CALLS} calls is refused with a clear 400; ${TRPC_MAX_BATCH_CALLS} go through`, async () => {
    const batch = (n: number) =>
      fetch(`${base}/api/trpc/${Array(n).fill("auth.me").join(",")}?batch=1&input=%7B%7D`, { headers: { cookie: world.adminCookie, "x-forwarded-for": uniqueIp() } });
    const refused = await batch(50);
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { json: { message: string; data: { code: string } } } };
    expect(body.error.json.message).toBe(`A batch may hold at most ${TRPC_MAX_BATCH_CALLS} calls; this one has 50.`);
    expect(body.error.json.data.code).toBe("BAD_REQUEST");
    const allowed = await batch(TRPC_MAX_BATCH_CALLS);
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as unknown[]).length).toBe(TRPC_MAX_BATCH_CALLS);
  });
});
