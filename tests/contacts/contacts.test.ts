import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import { POST } from "@/app/api/public/contact/route";
import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { createUser, createWorkspace, signedInCaller, uniqueEmail, uniqueIp } from "../support/factories";

const codeOf = (e: unknown) => (e instanceof TRPCError ? e.code : String(e));
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e as TRPCError,
  );
const fieldErrorsOf = (e: TRPCError) =>
  e.cause instanceof ZodError ? z.flattenError(e.cause).fieldErrors : e.cause instanceof AppError ? e.cause.fieldErrors : undefined;

function post(body: unknown, ip = uniqueIp()) {
  return POST(
    new Request("http://localhost:8000/api/public/contact", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": ip, "user-agent": "vitest" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

async function workspaceWithAdmin(settings: object = {}) {
  const ws = await unsafeDb.subAccount.update({ where: { id: (await createWorkspace("Contacts")).id }, data: { settings } });
  const admin = await createUser({ subAccountId: ws.id, role: "admin" });
  const { caller } = await signedInCaller({ kind: "user", id: admin.id });
  return { ws, admin, caller };
}

const contactIn = (subAccountId: number, data: Partial<{ name: string; email: string; phone: string; status: "NEW" | "CLOSED_WON" | "PROPOSAL_SENT" }> = {}) =>
  unsafeDb.contactSubmission.create({ data: { subAccountId, name: "Ada Lovelace", email: uniqueEmail("ada"), ...data } });

describe("public contact endpoint", () => {
  it("stores a submission in the addressed workspace only, by public key or slug, with the phone as E.164", async () => {
    const { ws } = await workspaceWithAdmin({ defaultRegion: "GB" });
    const other = await createWorkspace("Other");
    const email = uniqueEmail("form");
    const byKey = await post({ workspaceKey: ws.publicKey, name: "  Grace  ", email, phone: "020 7946 0958", message: "Call me" });
    expect(byKey.status).toBe(201);
    expect(await byKey.json()).toEqual({ ok: true });
    const bySlug = await post({ workspaceSlug: ws.slug, name: "Linus", phone: "+1 212 555 0100" });
    expect(bySlug.status).toBe(201);

    const stored = await unsafeDb.contactSubmission.findMany({ where: { subAccountId: ws.id }, orderBy: { id: "asc" } });
    expect(stored.map((c) => [c.name, c.email, c.phone, c.status])).toEqual([
      ["Grace", email, "+442079460958", "NEW"],
      ["Linus", null, "+12125550100", "NEW"],
    ]);
    expect(await unsafeDb.contactSubmission.count({ where: { subAccountId: other.id } })).toBe(0);
  });

  it("unknown or inactive workspace -> 404; invalid input -> 400 with field errors and nothing stored", async () => {
    const { ws } = await workspaceWithAdmin();
    const unknown = await post({ workspaceKey: "00000000-0000-0000-0000-000000000000", name: "A", email: uniqueEmail() });
    expect(unknown.status).toBe(404);

    const invalid = await post({ workspaceKey: ws.publicKey, name: "", email: "not-an-email" });
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { fieldErrors: Record<string, string[]> };
    expect(Object.keys(body.fieldErrors).sort()).toEqual(["email", "name"]);

    const noWay = await post({ workspaceKey: ws.publicKey, name: "Someone" });
    expect(noWay.status).toBe(400);
    expect(((await noWay.json()) as { fieldErrors: object }).fieldErrors).toHaveProperty("email");

    const badPhone = await post({ workspaceKey: ws.publicKey, name: "Someone", phone: "12" });
    expect(badPhone.status).toBe(400);
    expect(((await badPhone.json()) as { fieldErrors: object }).fieldErrors).toHaveProperty("phone");

    expect((await post("{not json")).status).toBe(400);

    await unsafeDb.subAccount.update({ where: { id: ws.id }, data: { isActive: false } });
    expect((await post({ workspaceKey: ws.publicKey, name: "Late", email: uniqueEmail() })).status).toBe(404);
    expect(await unsafeDb.contactSubmission.count({ where: { subAccountId: ws.id } })).toBe(0);
  });

  it("is rate limited per client address (5 per 10 minutes), with Retry-After", async () => {
    const { ws } = await workspaceWithAdmin();
    const ip = uniqueIp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await post({ workspaceKey: ws.publicKey, name: `Spam ${i}`, email: uniqueEmail("spam") }, ip);
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    expect(await unsafeDb.contactSubmission.count({ where: { subAccountId: ws.id } })).toBe(5);
    expect((await post({ workspaceKey: ws.publicKey, name: "Other person", email: uniqueEmail() })).status).toBe(201);
  });
});

describe("contacts in the workspace", () => {
  it("status follows the pipeline; invalid moves are refused with the allowed next steps", async () => {
    const { ws, caller } = await workspaceWithAdmin();
    const c = await contactIn(ws.id);
    const skip = await failure(caller.contacts.updateStatus({ id: c.id, status: "PROPOSAL_SENT" }));
    expect(codeOf(skip)).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(skip)).toHaveProperty("status");
    expect(skip.message).toContain("cannot move from NEW to PROPOSAL_SENT");

    for (const status of ["CONTACTED", "QUALIFIED", "PROPOSAL_SENT", "CLOSED_WON"] as const) {
      expect((await caller.contacts.updateStatus({ id: c.id, status })).status).toBe(status);
    }
    const final = await failure(caller.contacts.updateStatus({ id: c.id, status: "CONTACTED" }));
    expect(final.message).toContain("CLOSED_WON is final");

    const lost = await contactIn(ws.id);
    await caller.contacts.updateStatus({ id: lost.id, status: "CLOSED_LOST" });
    expect((await caller.contacts.updateStatus({ id: lost.id, status: "CONTACTED" })).status).toBe("CONTACTED");
    expect((await caller.contacts.updateStatus({ id: lost.id, status: "NEW" })).status).toBe("NEW");
    expect((await caller.contacts.get({ id: lost.id })).allowedNextStatuses).toEqual(["CONTACTED", "QUALIFIED", "UNRESPONSIVE", "CLOSED_LOST"]);
  });

  it("filters by status, priority, assignee and search; assigns members only; notes carry their author", async () => {
    const { ws, admin, caller } = await workspaceWithAdmin();
    const other = await createWorkspace("Elsewhere");
    const outsider = await createUser({ subAccountId: other.id });
    const a = await contactIn(ws.id, { name: "Zed Urgent" });
    const b = await contactIn(ws.id, { name: "Quiet Person" });
    await caller.contacts.updatePriority({ id: a.id, priority: "URGENT" });
    await caller.contacts.assign({ id: b.id, userId: admin.id });
    const notMember = await failure(caller.contacts.assign({ id: a.id, userId: outsider.id }));
    expect(fieldErrorsOf(notMember)).toHaveProperty("userId");

    expect((await caller.contacts.list({ priority: "URGENT" })).items.map((c) => c.id)).toEqual([a.id]);
    expect((await caller.contacts.list({ assignedToUserId: admin.id })).items.map((c) => c.id)).toEqual([b.id]);
    expect((await caller.contacts.list({ assignedToUserId: null })).items.map((c) => c.id)).toEqual([a.id]);
    expect((await caller.contacts.list({ search: "zed" })).items.map((c) => c.id)).toEqual([a.id]);
    expect((await caller.contacts.list({ status: "NEW", limit: 1 })).nextCursor).toBe(b.id);

    await caller.contacts.addNote({ id: b.id, body: "Left a voicemail" });
    const detail = await caller.contacts.get({ id: b.id });
    expect(detail.notes).toMatchObject([{ body: "Left a voicemail", authorUser: { id: admin.id } }]);
    expect(detail.assignedTo?.id).toBe(admin.id);
  });

  it("stats count every status and priority and what is new this week", async () => {
    const { ws, caller } = await workspaceWithAdmin();
    await contactIn(ws.id);
    await contactIn(ws.id, { status: "CLOSED_WON" });
    const old = await contactIn(ws.id);
    await unsafeDb.contactSubmission.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 30 * 86_400_000), priority: "HIGH" } });
    const stats = await caller.contacts.stats();
    expect(stats.total).toBe(3);
    expect(stats.byStatus).toEqual({ NEW: 2, CONTACTED: 0, QUALIFIED: 0, PROPOSAL_SENT: 0, CLOSED_WON: 1, CLOSED_LOST: 0, UNRESPONSIVE: 0 });
    expect(stats.byPriority).toEqual({ LOW: 0, MEDIUM: 2, HIGH: 1, URGENT: 0 });
    expect(stats.newThisWeek).toBe(2);
  });

  it("converts into a lead (E.164 phone, owner = assignee), marks it QUALIFIED, and refuses duplicates naming the lead", async () => {
    const { ws, admin, caller } = await workspaceWithAdmin();
    const c = await unsafeDb.contactSubmission.create({
      data: { subAccountId: ws.id, name: "Mary", email: "Mary@Example.test", phone: "(212) 555-0142", company: "Acme", assignedToUserId: admin.id },
    });
    const result = await caller.contacts.convertToLead({ id: c.id });
    expect(result.status).toBe("QUALIFIED");
    expect(result.lead).toMatchObject({ name: "Mary", email: "mary@example.test", phone: "+12125550142", company: "Acme" });
    const lead = await unsafeDb.lead.findUniqueOrThrow({ where: { id: result.lead.id } });
    expect(lead).toMatchObject({ subAccountId: ws.id, ownerId: admin.id });
    expect(await unsafeDb.contactSubmission.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ convertedLeadId: lead.id, status: "QUALIFIED" });

    expect((await failure(caller.contacts.convertToLead({ id: c.id }))).message).toContain(`already converted to lead #${lead.id}`);

    const twin = await contactIn(ws.id, { name: "Mary again", email: "other@example.test", phone: "+1 212 555 0142" });
    const dup = await failure(caller.contacts.convertToLead({ id: twin.id }));
    expect(codeOf(dup)).toBe("CONFLICT");
    expect(dup.message).toContain(`A lead with this phone already exists: Mary (lead #${lead.id})`);
    expect(await unsafeDb.lead.count({ where: { subAccountId: ws.id } })).toBe(1);
    expect((await unsafeDb.contactSubmission.findUniqueOrThrow({ where: { id: twin.id } })).convertedLeadId).toBeNull();

    const won = await contactIn(ws.id, { status: "CLOSED_WON" });
    expect((await caller.contacts.convertToLead({ id: won.id })).status).toBe("CLOSED_WON");
  });
});
