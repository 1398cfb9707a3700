import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { Validator } from "@seriousme/openapi-schema-validator";
import createClient from "openapi-fetch";
import { beforeAll, describe, expect, it } from "vitest";
import { API_KEY_SCOPES } from "@/schemas/api-keys";
import { consumeRateLimit, RATE_LIMITS } from "@/server/auth/rate-limit";
import { unsafeDb } from "@/server/db/client";
import { apiKeyRateLimitKey } from "@/server/http/public-api/handle-request";
import { claimIdempotencyKey, requestFingerprint } from "@/server/http/public-api/idempotency";
import { openApiDocument } from "@/server/http/public-api/openapi";
import { PUBLIC_OPERATIONS } from "@/server/http/public-api/operations";
import { generatePublicApiTypes, PUBLIC_API_TYPES_FILE } from "../../scripts/public-api-types";
import { ALL_DAY_EVERY_DAY, memberWithSchedule } from "../bookings/world";
import { createWorkspace } from "../support/factories";
import type { paths } from "../support/public-api-types";
import { ALL_SCOPES, api, API_ORIGIN, apiKeyFor, callApi } from "../support/public-api";

/**
 * The public REST API (/api/v1) over its real route handler: the OpenAPI document (valid OpenAPI 3.1, true to the
 * answers, the committed client types current), a client generated from it doing every operation, problem+json
 * refusals, Idempotency-Key replay and conflicts, and the per-key rate limit with its headers. Scopes and other
 * workspaces' ids: tests/api/cross-workspace.test.ts; hostile inputs: tests/api/hostile-input.routes.test.ts.
 */
const document = openApiDocument();
const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addSchema({ $id: "doc", components: document.components } as object);
const schemaFor = (id: string) => ajv.getSchema(`doc#/components/schemas/${id}`)!;

/** A success body must match the schema the document declares for that operation and status. */
function expectDocumented(operationId: string, status: number, body: unknown) {
  const operation = Object.values(document.paths).flatMap((p) => Object.values(p) as { operationId: string; responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }> }[]).find((o) => o.operationId === operationId)!;
  const ref = operation.responses[String(status)]?.content?.["application/json"]?.schema.$ref;
  expect(ref, `${operationId} documents no ${status}`).toBeDefined();
  const validate = schemaFor(ref!.split("/").at(-1)!);
  const valid = validate(body);
  expect(validate.errors ?? [], `${operationId} ${status} answered what the document does not say`).toEqual([]);
  expect(valid).toBe(true);
}

function expectProblem(body: unknown, status: number) {
  const validate = schemaFor("Problem");
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  expect((body as { status: number }).status).toBe(status);
}

describe("public API: the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document, served at /api/v1/openapi.json", async () => {
    const response = await api("/openapi.json");
    expect(response.status).toBe(200);
    const served = await response.json();
    const result = await new Validator().validate(served as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? [], "OpenAPI validation errors").toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("lists every operation of the table with its scope, and the scopes are exactly those keys can be given", () => {
    const documented = Object.values(document.paths).flatMap((p) => Object.values(p) as { operationId: string; "x-required-scope": string }[]);
    expect(documented.map((o) => o.operationId).sort()).toEqual(PUBLIC_OPERATIONS.map((o) => o.operationId).sort());
    expect([...new Set(PUBLIC_OPERATIONS.map((o) => o.scope))].sort()).toEqual(Object.keys(API_KEY_SCOPES).sort());
  });

  it("the committed client types are what the document generates (npm run api:types)", async () => {
    expect(fs.readFileSync(PUBLIC_API_TYPES_FILE, "utf8"), "run npm run api:types and commit tests/support/public-api-types.ts").toBe(await generatePublicApiTypes());
  });
});

describe("public API: a client generated from the document, doing every operation", () => {
  let key: string;
  let workspace: { id: number; name: string };
  let memberId: number;
  let client: ReturnType<typeof createClient<paths>>;

  beforeAll(async () => {
    const world = await memberWithSchedule({ timezone: "UTC", weeklyHours: ALL_DAY_EVERY_DAY, slotMinutes: 60 });
    workspace = await unsafeDb.subAccount.findUniqueOrThrow({ where: { id: world.subAccountId }, select: { id: true, name: true } });
    memberId = world.user.id;
    key = (await apiKeyFor(workspace, ALL_SCOPES)).key;
    client = createClient<paths>({ baseUrl: `${API_ORIGIN}/api/v1`, fetch: callApi, headers: { "x-api-key": key } });
  });

  it("leads: create, duplicates refused or merged, list with the app's filters and cursors, get, update, delete", async () => {
    const email = `api-${randomUUID()}@test.loctelli.local`;
    const created = await client.POST("/leads", { body: { name: "Ada Lovelace", email, phone: "(202) 555-0142", company: "Analytical" } });
    expect(created.response.status).toBe(201);
    expectDocumented("createLead", 201, created.data);
    expect(created.data).toMatchObject({ name: "Ada Lovelace", email, phone: "+12025550142", merged: false });
    const leadId = created.data!.id;

    const duplicate = await client.POST("/leads", { body: { name: "Ada again", email } });
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.response.headers.get("content-type")).toBe("application/problem+json");
    expectProblem(duplicate.error, 409);
    expect(duplicate.error).toMatchObject({ duplicateOf: { type: "lead", id: leadId, field: "email" } });

    const merged = await client.POST("/leads", { body: { name: "Ada again", email, position: "Countess", onDuplicate: "merge" } });
    expect(merged.response.status).toBe(200);
    expectDocumented("createLead", 200, merged.data);
    expect(merged.data).toMatchObject({ id: leadId, position: "Countess", merged: true });

    for (let i = 0; i < 3; i++) await client.POST("/leads", { body: { name: `Page lead ${i}`, company: "Paging Co", status: "qualified" } });
    const first = await client.GET("/leads", { params: { query: { search: "Paging", status: "qualified", limit: 2, sortBy: "name", sortDir: "asc" } } });
    expect(first.response.status).toBe(200);
    expectDocumented("listLeads", 200, first.data);
    expect(first.data!.items.map((l) => l.name)).toEqual(["Page lead 0", "Page lead 1"]);
    const second = await client.GET("/leads", { params: { query: { search: "Paging", status: "qualified", limit: 2, sortBy: "name", sortDir: "asc", cursor: first.data!.nextCursor! } } });
    expect(second.data!.items.map((l) => l.name)).toEqual(["Page lead 2"]);
    expect(second.data!.nextCursor).toBeNull();
    const unowned = await client.GET("/leads", { params: { query: { ownerId: null, created: { from: new Date(Date.now() - 3_600_000).toISOString() }, archived: false } } });
    expect(unowned.response.status).toBe(200);
    expect(unowned.data!.items.length).toBeGreaterThanOrEqual(4);

    const got = await client.GET("/leads/{id}", { params: { path: { id: leadId } } });
    expectDocumented("getLead", 200, got.data);
    expect(got.data!.latestNotes.length).toBe(1); // the merge's note

    const updated = await client.PATCH("/leads/{id}", { params: { path: { id: leadId } }, body: { status: "engaged", company: null } });
    expect(updated.response.status).toBe(200);
    expectDocumented("updateLead", 200, updated.data);
    expect(updated.data).toMatchObject({ status: "engaged", company: null });

    const note = await client.POST("/leads/{leadId}/notes", { params: { path: { leadId } }, body: { body: "Called from the API" } });
    expect(note.response.status).toBe(201);
    expectDocumented("addLeadNote", 201, note.data);
    const notes = await client.GET("/leads/{leadId}/notes", { params: { path: { leadId }, query: { limit: 1 } } });
    expectDocumented("listLeadNotes", 200, notes.data);
    expect(notes.data!.items.map((n) => n.body)).toEqual(["Called from the API"]);
    expect(notes.data!.nextCursor).not.toBeNull();

    const deleted = await client.DELETE("/leads/{id}", { params: { path: { id: leadId } } });
    expect(deleted.response.status).toBe(200);
    expectDocumented("deleteLead", 200, deleted.data);
    const gone = await client.GET("/leads/{id}", { params: { path: { id: leadId } } });
    expect(gone.response.status).toBe(404);
    expectProblem(gone.error, 404);
  });

  it("bookings: free slots, book, list, cancel (and cancelling twice is refused)", async () => {
    const lead = await client.POST("/leads", { body: { name: "Booked lead" } });
    const from = new Date(Date.UTC(2031, 0, 6, 0, 0));
    const slots = await client.GET("/free-slots", { params: { query: { userId: memberId, from: from.toISOString(), to: new Date(from.getTime() + 86_400_000).toISOString(), timezone: "Europe/Paris" } } });
    expect(slots.response.status).toBe(200);
    expectDocumented("listFreeSlots", 200, slots.data);
    expect(slots.data!.slots.length).toBe(24);
    const slot = slots.data!.slots[10]!;
    const booked = await client.POST("/bookings", { body: { userId: memberId, leadId: lead.data!.id, startsAt: slot.startsAt, timezone: "Europe/Paris", title: "Intro call" } });
    expect(booked.response.status).toBe(201);
    expectDocumented("createBooking", 201, booked.data);
    const taken = await client.POST("/bookings", { body: { userId: memberId, startsAt: slot.startsAt, timezone: "UTC" } });
    expect(taken.response.status).toBe(400);
    expect(taken.error).toMatchObject({ errors: [{ field: "startsAt", in: "body" }] });
    const list = await client.GET("/bookings", { params: { query: { userId: memberId, status: ["pending", "confirmed"], from: from.toISOString() } } });
    expectDocumented("listBookings", 200, list.data);
    expect(list.data!.items.map((b) => b.id)).toContain(booked.data!.id);
    const cancelled = await client.POST("/bookings/{id}/cancel", { params: { path: { id: booked.data!.id } } });
    expect(cancelled.response.status).toBe(200);
    expectDocumented("cancelBooking", 200, cancelled.data);
    expect(cancelled.data!.status).toBe("cancelled");
    const again = await client.POST("/bookings/{id}/cancel", { params: { path: { id: booked.data!.id } } });
    expect(again.response.status).toBe(412);
    expectProblem(again.error, 412);
  });

  it("contacts and form submissions: list and get", async () => {
    const contact = await unsafeDb.contactSubmission.create({ data: { subAccountId: workspace.id, name: "Contact via form", email: `${randomUUID()}@c.test`, message: "Hello" } });
    const contacts = await client.GET("/contacts", { params: { query: { search: "Contact via" } } });
    expectDocumented("listContacts", 200, contacts.data);
    expect(contacts.data!.items.map((c) => c.id)).toEqual([contact.id]);
    const one = await client.GET("/contacts/{id}", { params: { path: { id: contact.id } } });
    expectDocumented("getContact", 200, one.data);
    expect(one.data!.message).toBe("Hello");

    const form = await unsafeDb.formTemplate.create({ data: { subAccountId: workspace.id, name: "Quote request", slug: `q-${randomUUID()}`, schema: { fields: [], rules: [] }, settings: {}, publishedVersion: 1 } });
    const submission = await unsafeDb.formSubmission.create({ data: { subAccountId: workspace.id, formTemplateId: form.id, version: 1, data: { email: "q@x.test", budget: 5000 } } });
    const submissions = await client.GET("/form-submissions", { params: { query: { formId: form.id } } });
    expectDocumented("listFormSubmissions", 200, submissions.data);
    expect(submissions.data!.items).toMatchObject([{ id: submission.id, formName: "Quote request", data: { budget: 5000 } }]);
    const got = await client.GET("/form-submissions/{id}", { params: { path: { id: submission.id } } });
    expectDocumented("getFormSubmission", 200, got.data);
  });
});

describe("public API: refusals are RFC 9457 problem details", () => {
  let key: string;
  beforeAll(async () => {
    key = (await apiKeyFor(await createWorkspace("Problems"), ALL_SCOPES)).key;
  });

  it("a validation problem lists each field with where it came from; never a 5xx for bad input", async () => {
    const bad = await api("/leads", { method: "POST", key, body: { name: "", email: "not-an-email", ownerId: 2 ** 40, nickname: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    const body = (await bad.json()) as { type: string; title: string; detail: string; instance: string; errors: { field: string; in: string }[] };
    expectProblem(body, 400);
    expect(body).toMatchObject({ type: "/developers/api#problem-validation-error", instance: "/api/v1/leads" });
    expect(body.errors).toEqual([{ field: "nickname", in: "body", detail: "Unknown field" }]);
    const fields = (await (await api("/leads", { method: "POST", key, body: { name: "", email: "not-an-email", ownerId: 2 ** 40 } })).json()) as typeof body;
    expect(fields.errors.map((e) => `${e.in}:${e.field}`).sort()).toEqual(["body:email", "body:name", "body:ownerId"]);

    const query = (await (await api("/leads?limit=500&status=nope&colour=red&__proto__=x", { key })).json()) as typeof body;
    expect(query.errors.map((e) => `${e.in}:${e.field}`)).toEqual(["query:colour", "query:__proto__"]);
    const limits = (await (await api("/leads?limit=500&status=nope", { key })).json()) as typeof body;
    expect(limits.errors.map((e) => `${e.in}:${e.field}`).sort()).toEqual(["query:limit", "query:status"]);
    const pathId = (await (await api("/leads/abc", { key })).json()) as typeof body;
    expect(pathId.errors.map((e) => `${e.in}:${e.field}`)).toEqual(["path:id"]);
    const huge = await api("/leads/99999999999", { key });
    expect(huge.status).toBe(400);
  });

  it("malformed JSON, a body that is not JSON, an unknown path and a wrong method", async () => {
    const malformed = await api("/leads", { method: "POST", key, body: '{"name":' });
    expect(malformed.status).toBe(400);
    expectProblem(await malformed.json(), 400);
    const form = await api("/leads", { method: "POST", key, body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
    const unknown = await api("/widgets", { key });
    expect(unknown.status).toBe(404);
    expectProblem(await unknown.json(), 404);
    const method = await api("/leads/1", { method: "POST", key, body: {} });
    expect(method.status).toBe(405);
    expect(method.headers.get("allow")).toBe("GET, PATCH, DELETE");
  });
});

describe("public API: Idempotency-Key on POST", () => {
  let key: string;
  let keyId: number;
  beforeAll(async () => {
    ({ key, id: keyId } = await apiKeyFor(await createWorkspace("Idempotency"), ALL_SCOPES));
  });

  it("the same key and body replays the stored answer; a different body is 422", async () => {
    const idem = randomUUID();
    const body = { name: "Once only", email: `${randomUUID()}@i.test` };
    const first = await api("/leads", { method: "POST", key, body, headers: { "idempotency-key": idem } });
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    const replay = await api("/leads", { method: "POST", key, body, headers: { "idempotency-key": idem } });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.text()).toBe(firstBody);
    expect(await unsafeDb.lead.count({ where: { email: body.email } })).toBe(1);

    const other = await api("/leads", { method: "POST", key, body: { ...body, name: "Another" }, headers: { "idempotency-key": idem } });
    expect(other.status).toBe(422);
    expectProblem(await other.json(), 422);
    // Per API key: another key may use the same Idempotency-Key for its own request.
    const { key: otherKey } = await apiKeyFor(await createWorkspace("Idempotency 2"), ["leads:write"]);
    expect((await api("/leads", { method: "POST", key: otherKey, body, headers: { "idempotency-key": idem } })).status).toBe(201);
  });

  it("a request still in flight with the key is 409; a burst of the same request creates one lead", async () => {
    const idem = randomUUID();
    const body = JSON.stringify({ name: "In flight" });
    // Another process holds the key (claimed through the same store, its request not finished).
    const held = await claimIdempotencyKey(keyId, idem, requestFingerprint("POST", "/api/v1/leads", new TextEncoder().encode(body)));
    expect(held.kind).toBe("claimed");
    const busy = await api("/leads", { method: "POST", key, body, headers: { "idempotency-key": idem } });
    expect(busy.status).toBe(409);
    expect(((await busy.json()) as { type: string }).type).toBe("/developers/api#problem-idempotency-key-in-use");
    if (held.kind === "claimed") await held.release();

    const burstKey = randomUUID();
    const email = `${randomUUID()}@burst.test`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => api("/leads", { method: "POST", key, body: { name: "Burst", email }, headers: { "idempotency-key": burstKey } })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201).length + statuses.filter((s) => s === 409).length).toBe(6);
    expect(answers.filter((a) => a.status === 201 && a.headers.get("idempotent-replayed") !== "true").length).toBe(1);
    expect(await unsafeDb.lead.count({ where: { email } })).toBe(1);
  });

  it("refuses a malformed Idempotency-Key naming the header", async () => {
    const response = await api("/leads", { method: "POST", key, body: { name: "x" }, headers: { "idempotency-key": "x".repeat(300) } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ field: "Idempotency-Key", in: "header" }] });
  });
});

describe("public API: per-key rate limit", () => {
  it("every answer carries RateLimit-Policy and RateLimit; past the quota it is 429 with Retry-After", async () => {
    const { key } = await apiKeyFor(await createWorkspace("Rate limit"), ["leads:read"]);
    const { points, durationSec } = RATE_LIMITS.apiKey;
    const first = await api("/leads", { key });
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toBe(`"per-key";q=${points};w=${durationSec}`);
    expect(first.headers.get("ratelimit")).toMatch(new RegExp(`^"per-key";r=${points - 1};t=\\d+$`));
    const refused = await api("/leads?status=nope", { key });
    expect(refused.headers.get("ratelimit")).toMatch(new RegExp(`^"per-key";r=${points - 2};t=\\d+$`));

    // Use up the rest of this window through the same limiter (as other app processes' requests would).
    await Promise.all(Array.from({ length: points - 2 }, () => consumeRateLimit("apiKey", apiKeyRateLimitKey(key))));
    const limited = await api("/leads", { key });
    expect(limited.status).toBe(429);
    expectProblem(await limited.json(), 429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("ratelimit")).toMatch(/^"per-key";r=0;t=\d+$/);
    // Another key of the same workspace has its own quota.
    const { key: other } = await apiKeyFor(await createWorkspace("Rate limit 2"), ["leads:read"]);
    expect((await api("/leads", { key: other })).status).toBe(200);
  });
});

describe("public API: the reference page", () => {
  it("is rendered on the server from the document: every operation, problem type and schema, nothing loaded from elsewhere", async () => {
    const { renderToStaticMarkup } = await import("react-dom/server");
    const { createElement } = await import("react");
    const { default: ApiReferencePage } = await import("@/app/developers/api/page");
    const html = renderToStaticMarkup(createElement(ApiReferencePage));
    for (const operation of PUBLIC_OPERATIONS) expect(html).toContain(`id="${operation.operationId}"`);
    for (const type of Object.keys(document["x-problem-types"])) expect(html).toContain(`id="problem-${type}"`);
    for (const schema of Object.keys(document.components.schemas)) expect(html).toContain(`id="schema-${schema}"`);
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});
