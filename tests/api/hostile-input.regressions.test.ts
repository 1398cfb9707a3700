import { beforeAll, describe, expect, it } from "vitest";
import { unsafeDb } from "@/server/db/client";
import { toAppError } from "@/server/errors";
import { createUser, createWorkspace, uniqueEmail, uniqueIp } from "../support/factories";
import { callBatch, sessionCookie } from "../support/hostile";

/**
 * Each failure of issue #12 ("Found"), as it was reproduced: over the tRPC route handler and the contact route.
 * Each answered 500 before; each is now a 400 naming the field (or, for the contact form, the character is removed).
 */
describe("hostile input: the failures found in issue #12", () => {
  let admin: string;
  let workspace: { id: number; slug: string };
  let leadId: number;

  beforeAll(async () => {
    workspace = await createWorkspace("Regressions");
    const user = await createUser({ subAccountId: workspace.id, role: "admin" });
    admin = await sessionCookie({ kind: "user", id: user.id });
    leadId = (await unsafeDb.lead.create({ data: { subAccountId: workspace.id, name: "Existing lead" } })).id;
  });

  const call = async (path: string, input: unknown, cookie: string | null = admin) => (await callBatch(path, [input], cookie))[0]!;

  it.each([
    ["leads.create", () => ({ name: "a\u0000b" }), "name"],
    ["leads.notes.add", () => ({ leadId, body: "a\u0000b" }), "body"],
    ["strategies.create", () => ({ name: "a\u0000b" }), "name"],
  ])("a NUL byte in %s is a 400 naming the field", async (path, input, field) => {
    const outcome = await call(path, input());
    expect(outcome.status).toBe(400);
    expect(outcome.fieldErrors?.[field]?.[0]).toMatch(/cannot be saved/);
  });

  it("a NUL byte in auth.register (signed out) is a 400 naming the field", async () => {
    const outcome = await call("auth.register", { name: "a\u0000b", email: uniqueEmail("nul"), password: "long-enough-1" }, null);
    expect(outcome.status).toBe(400);
    expect(outcome.fieldErrors?.name?.[0]).toMatch(/cannot be saved/);
  });

  it("a NUL byte in the public contact form is removed, and the contact saved", async () => {
    const { POST } = await import("@/app/api/public/contact/route");
    const email = uniqueEmail("visitor");
    const response = await POST(
      new Request("http://localhost:8000/api/public/contact", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": uniqueIp() },
        body: JSON.stringify({ workspaceSlug: workspace.slug, name: "Ann\u0000 Lee", email, message: "Hi\u0000 there \uD800" }),
      }),
    );
    expect(response.status).toBe(201);
    const saved = await unsafeDb.contactSubmission.findFirstOrThrow({ where: { subAccountId: workspace.id, email } });
    expect(saved).toMatchObject({ name: "Ann Lee", message: "Hi there" });
  });

  it.each([
    ["leads.get", "id", () => ({ id: 2147483648 })],
    ["leads.get", "id", () => ({ id: 1e15 })],
    ["leads.notes.list", "cursor", () => ({ leadId, cursor: 2147483648 })],
    ["leads.list", "ownerId", () => ({ ownerId: 2147483648 })],
    ["audit.list", "cursor", () => ({ cursor: 10n ** 20n - 1n })],
  ])("%s with %s beyond its column is a 400 naming it", async (path, field, input) => {
    const outcome = await call(path, input());
    expect(outcome.status).toBe(400);
    expect(outcome.fieldErrors?.[field]?.length).toBeGreaterThan(0);
  });

  it("a leads.list cursor carrying an id beyond int4 is a 400 naming the cursor", async () => {
    const cursor = Buffer.from(JSON.stringify(["createdAt", "desc", new Date().toISOString(), 2147483648])).toString("base64url");
    const outcome = await call("leads.list", { cursor });
    expect(outcome.status).toBe(400);
    expect(outcome.fieldErrors?.cursor?.[0]).toMatch(/not valid/);
  });

  it("bookings.create at +275760-09-13 is a 400 naming startsAt", async () => {
    const outcome = await call("bookings.create", { userId: 1, startsAt: new Date("+275760-09-13T00:00:00.000Z"), timezone: "UTC" });
    expect(outcome.status).toBe(400);
    expect(outcome.fieldErrors?.startsAt?.[0]).toMatch(/before 2201/);
  });

  it("the database's own refusals (a NUL, an int beyond int4) map to a 400 naming the field, if anything gets past the schemas", async () => {
    const nul = await unsafeDb.lead.create({ data: { subAccountId: workspace.id, name: "a\u0000b" } }).catch((e: unknown) => e);
    const asNul = toAppError(nul, { lead: { name: "a\u0000b" } });
    expect(asNul?.code).toBe("BAD_REQUEST");
    expect(asNul?.fieldErrors).toEqual({ "lead.name": [expect.stringMatching(/cannot be saved/)] });

    const big = await unsafeDb.lead.findUnique({ where: { id: 2 ** 31 } }).catch((e: unknown) => e);
    const asBig = toAppError(big, { id: 2 ** 31 });
    expect(asBig?.code).toBe("BAD_REQUEST");
    expect(asBig?.fieldErrors).toEqual({ id: ["This number is out of range."] });

    const date = await unsafeDb.$queryRaw`SELECT ${"294277-01-01T00:00:00Z"}::timestamptz`.catch((e: unknown) => e);
    expect(toAppError(date, {})?.code).toBe("BAD_REQUEST");
  });
});
