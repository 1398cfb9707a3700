import { TRPCError } from "@trpc/server";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { unsafeDb } from "@/server/db/client";
import { createUser, createWorkspace, signedInCaller, uniqueEmail } from "../support/factories";
import { fieldErrorsOf, workspaceWithMember } from "./helpers";

const uniquePhone = () => `+1201${String(Math.floor(2_000_000 + Math.random() * 7_000_000))}`;

describe("leads: create, duplicates, validation", () => {
  it("normalises phones to E.164 in the workspace's region and lowercases emails", async () => {
    const { caller } = await workspaceWithMember();
    const lead = await caller.leads.create({ name: "Ann", email: "  Ann.Lee@Example.COM ", phone: "(201) 555-0123" });
    expect(lead.email).toBe("ann.lee@example.com");
    expect(lead.phone).toBe("+12015550123");
    expect(lead.merged).toBe(false);

    const uk = await workspaceWithMember("user", { defaultRegion: "GB" });
    const gbLead = await uk.caller.leads.create({ name: "Bob", phone: "020 7946 0018" });
    expect(gbLead.phone).toBe("+442079460018");
  });

  it("refuses an unreadable phone with a field error naming the problem, and writes nothing", async () => {
    const { caller, ws } = await workspaceWithMember();
    const errors = await fieldErrorsOf(caller.leads.create({ name: "Bad", phone: "12" }));
    expect(errors.phone?.[0]).toMatch(/"12" .*(short|valid|read)/);
    const notNumber = await fieldErrorsOf(caller.leads.create({ name: "Bad", phone: "call me" }));
    expect(notNumber.phone?.[0]).toContain("is not a phone number");
    expect(await unsafeDb.lead.count({ where: { subAccountId: ws.id } })).toBe(0);
  });

  it("refuses an unknown time zone on the timezone field", async () => {
    const { caller, ws } = await workspaceWithMember();
    const errors = await fieldErrorsOf(caller.leads.create({ name: "Tz", timezone: "Mars/Olympus_Mons" }));
    expect(errors.timezone?.[0]).toMatch(/Unknown time zone/);
    const ok = await caller.leads.create({ name: "Tz", timezone: "America/Chicago" });
    expect(ok.timezone).toBe("America/Chicago");
    expect(await unsafeDb.lead.count({ where: { subAccountId: ws.id } })).toBe(1);
  });

  it("refuses a duplicate email or phone with the existing lead's name and id", async () => {
    const { caller, ws } = await workspaceWithMember();
    const email = uniqueEmail("dup");
    const first = await caller.leads.create({ name: "First Person", email, phone: "201-555-0199" });
    const byEmail = await fieldErrorsOf(caller.leads.create({ name: "Second", email: email.toUpperCase() }));
    expect(byEmail.email).toEqual([`A lead with this email already exists: First Person (#${first.id})`]);
    const byPhone = await fieldErrorsOf(caller.leads.create({ name: "Third", phone: "+1 201 555 0199" }));
    expect(byPhone.phone).toEqual([`A lead with this phone number already exists: First Person (#${first.id})`]);
    // The same facts, structured, for clients that link to the existing lead.
    const refusal = await caller.leads.create({ name: "Fourth", email }).catch((e: TRPCError) => e);
    expect((refusal as TRPCError).cause).toMatchObject({ details: { duplicateOf: { type: "lead", id: first.id, name: "First Person", field: "email" } } });
    // Editing another lead onto the same email is refused the same way.
    const other = await caller.leads.create({ name: "Other" });
    const onUpdate = await fieldErrorsOf(caller.leads.update({ id: other.id, email }));
    expect(onUpdate.email?.[0]).toContain(`(#${first.id})`);
    expect(await unsafeDb.lead.count({ where: { subAccountId: ws.id } })).toBe(2);
  });

  it("merges a duplicate into the existing lead: fills only empty fields, adds a note, returns merged", async () => {
    const { caller, ws, user } = await workspaceWithMember();
    const email = uniqueEmail("merge");
    const first = await caller.leads.create({ name: "Keeper", email, company: "Kept Co" });
    const merged = await caller.leads.create({
      name: "Ignored Name",
      email,
      phone: "2015550142",
      company: "Other Co",
      timezone: "Europe/Paris",
      onDuplicate: "merge",
    });
    expect(merged.merged).toBe(true);
    expect(merged.id).toBe(first.id);
    expect(merged).toMatchObject({ name: "Keeper", company: "Kept Co", phone: "+12015550142", timezone: "Europe/Paris" });
    expect(await unsafeDb.lead.count({ where: { subAccountId: ws.id } })).toBe(1);
    const notes = await caller.leads.notes.list({ leadId: first.id });
    expect(notes.items).toHaveLength(1);
    expect(notes.items[0]!.body).toContain("filled: phone, timezone");
    expect(notes.items[0]!.author).toEqual({ kind: "user", id: user.id, name: "Test User" });
    const audit = await unsafeDb.auditLog.findMany({ where: { subAccountId: ws.id, targetId: String(first.id) }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["lead.created", "lead.merged"]);
  });

  it("concurrent duplicate creates leave one row; the others are refused naming it", async () => {
    const { caller, ws } = await workspaceWithMember();
    const email = uniqueEmail("race");
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => caller.leads.create({ name: `Racer ${i}`, email })));
    const rows = await unsafeDb.lead.findMany({ where: { subAccountId: ws.id, email } });
    expect(rows).toHaveLength(1);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") {
        expect((r.reason as { cause?: { fieldErrors?: object } }).cause?.fieldErrors).toEqual({
          email: [`A lead with this email already exists: ${rows[0]!.name} (#${rows[0]!.id})`],
        });
      }
    }
    // With merge, concurrent duplicates all end in the one lead.
    const phone = uniquePhone();
    const merges = await Promise.all(Array.from({ length: 4 }, () => caller.leads.create({ name: "M", phone, onDuplicate: "merge" })));
    expect(new Set(merges.map((m) => m.id)).size).toBe(1);
    expect(await unsafeDb.lead.count({ where: { subAccountId: ws.id, phone } })).toBe(1);
  });

  it("refuses an owner from another workspace (and a strategy) and writes nothing", async () => {
    const { caller, ws } = await workspaceWithMember();
    const elsewhere = await createWorkspace("Elsewhere");
    const stranger = await createUser({ subAccountId: elsewhere.id });
    const strangeStrategy = await unsafeDb.strategy.create({ data: { subAccountId: elsewhere.id, name: "Theirs" } });
    const onCreate = await fieldErrorsOf(caller.leads.create({ name: "Owned", ownerId: stranger.id }));
    expect(onCreate.ownerId).toEqual([`No member #${stranger.id} in this workspace.`]);
    const strat = await fieldErrorsOf(caller.leads.create({ name: "Owned", strategyId: strangeStrategy.id }));
    expect(strat.strategyId).toEqual([`No strategy #${strangeStrategy.id} in this workspace.`]);
    expect(await unsafeDb.lead.count({ where: { subAccountId: ws.id } })).toBe(0);

    const lead = await caller.leads.create({ name: "Mine" });
    const onAssign = await fieldErrorsOf(caller.leads.assign({ id: lead.id, ownerId: stranger.id }));
    expect(onAssign.ownerId?.[0]).toContain(`#${stranger.id}`);
    expect((await unsafeDb.lead.findUniqueOrThrow({ where: { id: lead.id } })).ownerId).toBeNull();
    expect(await unsafeDb.auditLog.count({ where: { subAccountId: ws.id, action: "lead.assigned" } })).toBe(0);
  });

  it("assigns, archives, updates conversation state, and lets only managers delete", async () => {
    const { caller, ws, user } = await workspaceWithMember("user");
    const colleague = await createUser({ subAccountId: ws.id });
    const strategy = await unsafeDb.strategy.create({ data: { subAccountId: ws.id, name: "Play" } });
    const lead = await caller.leads.create({ name: "Pipeline", strategyId: strategy.id });
    const assigned = await caller.leads.assign({ id: lead.id, ownerId: colleague.id });
    expect(assigned.owner).toEqual({ id: colleague.id, name: "Test User" });
    expect((await caller.leads.assign({ id: lead.id, ownerId: null })).owner).toBeNull();

    expect((await caller.leads.archive({ id: lead.id })).archivedAt).toBeInstanceOf(Date);
    expect((await caller.leads.unarchive({ id: lead.id })).archivedAt).toBeNull();

    const state = { stage: "qualification" as const, budget: "10k", painPoints: ["slow replies"], qualified: true };
    expect((await caller.leads.updateConversationState({ id: lead.id, conversationState: state })).conversationState).toEqual(state);
    const badStage = await fieldErrorsOf(
      caller.leads.updateConversationState({ id: lead.id, conversationState: { stage: "dreaming" } as never }),
    );
    expect(Object.keys(badStage)).toContain("conversationState");

    const updated = await caller.leads.update({ id: lead.id, status: "qualified", company: "" });
    expect(updated).toMatchObject({ status: "qualified", company: null, strategy: { id: strategy.id, name: "Play" } });

    await expect(caller.leads.delete({ id: lead.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const manager = await createUser({ subAccountId: ws.id, role: "manager" });
    const managerCaller = (await signedInCaller({ kind: "user", id: manager.id })).caller;
    expect(await managerCaller.leads.delete({ id: lead.id })).toEqual({ id: lead.id });
    await expect(caller.leads.get({ id: lead.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const actions = (await unsafeDb.auditLog.findMany({ where: { subAccountId: ws.id, targetId: String(lead.id) }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["lead.created", "lead.assigned", "lead.assigned", "lead.deleted"]);
    expect(user.id).toBeGreaterThan(0);
  });

  it("keeps notes as a timeline: newest first, with author and time, paged by cursor; get shows the latest", async () => {
    const { caller, user } = await workspaceWithMember();
    const lead = await caller.leads.create({ name: "Noted", email: `${randomUUID()}@notes.test` });
    for (let i = 1; i <= 7; i++) await caller.leads.notes.add({ leadId: lead.id, body: `note ${i}` });
    await expect(fieldErrorsOf(caller.leads.notes.add({ leadId: lead.id, body: "   " }))).resolves.toHaveProperty("body");
    const page1 = await caller.leads.notes.list({ leadId: lead.id, limit: 3 });
    expect(page1.items.map((n) => n.body)).toEqual(["note 7", "note 6", "note 5"]);
    expect(page1.items[0]!.author).toEqual({ kind: "user", id: user.id, name: "Test User" });
    expect(page1.items[0]!.createdAt).toBeInstanceOf(Date);
    const page2 = await caller.leads.notes.list({ leadId: lead.id, limit: 3, cursor: page1.nextCursor });
    const page3 = await caller.leads.notes.list({ leadId: lead.id, limit: 3, cursor: page2.nextCursor });
    expect([...page2.items, ...page3.items].map((n) => n.body)).toEqual(["note 4", "note 3", "note 2", "note 1"]);
    expect(page3.nextCursor).toBeNull();

    const got = await caller.leads.get({ id: lead.id });
    expect(got.latestNotes.map((n) => n.body)).toEqual(["note 7", "note 6", "note 5", "note 4", "note 3"]);
    expect(got.moreNotes).toBe(true);
    expect(got).toMatchObject({ owner: null, strategy: null, conversationState: null });
  });
});
