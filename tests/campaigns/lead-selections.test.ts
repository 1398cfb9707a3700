import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";

// A queue namespace of this file's own; the worker runs in this process (campaigns here are scheduled in 2030).
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { createUser, createWorkspace, signedInCaller } = await import("../support/factories");
const { fieldErrorsOf } = await import("../leads/helpers");

setUpTestWorker();

async function workspace() {
  const ws = await createWorkspace("Selections");
  await unsafeDb.subAccount.update({ where: { id: ws.id }, data: { settings: { timezone: "America/New_York" } } });
  await unsafeDb.smsNumber.create({ data: { subAccountId: ws.id, phoneNumber: `+1415${200 + (ws.id % 700)}${String(ws.id % 10_000).padStart(4, "0")}` } });
  const admin = await createUser({ subAccountId: ws.id, role: "admin" });
  const manager = await createUser({ subAccountId: ws.id, role: "manager" });
  const member = await createUser({ subAccountId: ws.id, role: "user" });
  const callerOf = async (id: number) => (await signedInCaller({ kind: "user", id })).caller;
  return { ws, admin, manager, member, asAdmin: await callerOf(admin.id), asManager: await callerOf(manager.id), asMember: await callerOf(member.id) };
}

async function codeOf(p: Promise<unknown>) {
  const error = await p.then(() => null, (e: unknown) => e);
  return error instanceof TRPCError ? error.code : String(error);
}

describe("saved lead selections", () => {
  it("keeps the leads list's filters, checked by the same schema; names are unique per workspace and refused in words", async () => {
    const { asMember, manager } = await workspace();
    const created = await asMember.leadSelections.create({ name: "  Hot leads ", filters: { status: "qualified", ownerId: manager.id, search: "" } });
    expect(created).toMatchObject({ name: "Hot leads", filters: { status: "qualified", ownerId: manager.id, archived: false }, canDelete: true });
    expect(created.filters).not.toHaveProperty("search");

    const duplicate = await fieldErrorsOf(asMember.leadSelections.create({ name: "Hot leads", filters: {} }));
    expect(duplicate.name?.[0]).toMatch(/“Hot leads” already exists/);
    // The leads list's own refusals: a status that does not exist, an end before the start, an id out of range.
    expect(await codeOf(asMember.leadSelections.create({ name: "Bad", filters: { status: "nonsense" as never } }))).toBe("BAD_REQUEST");
    expect(
      await codeOf(asMember.leadSelections.create({ name: "Bad", filters: { created: { from: new Date("2026-02-01"), to: new Date("2026-01-01") } } })),
    ).toBe("BAD_REQUEST");
    expect(await codeOf(asMember.leadSelections.create({ name: "Bad", filters: { strategyId: 2 ** 31 } }))).toBe("BAD_REQUEST");
    // A strategy that is not this workspace's is named as such.
    const other = await createWorkspace("Other");
    const foreign = await unsafeDb.strategy.create({ data: { subAccountId: other.id, name: "Theirs" } });
    expect((await fieldErrorsOf(asMember.leadSelections.create({ name: "Bad", filters: { strategyId: foreign.id } }))).filters?.[0]).toMatch(/strategy/);

    const renamed = await asMember.leadSelections.rename({ id: created.id, name: "Qualified" });
    expect(renamed.name).toBe("Qualified");
    await asMember.leadSelections.create({ name: "Another", filters: {} });
    expect((await fieldErrorsOf(asMember.leadSelections.rename({ id: created.id, name: "Another" }))).name?.[0]).toMatch(/already exists/);
    const updated = await asMember.leadSelections.updateFilters({ id: created.id, filters: { status: "won", created: { from: new Date("2026-01-01T05:00:00Z") } } });
    expect(updated.filters).toMatchObject({ status: "won", created: { from: new Date("2026-01-01T05:00:00Z") } });
    expect(updated.filters).not.toHaveProperty("ownerId");
    expect((await asMember.leadSelections.list()).map((s) => s.name)).toEqual(["Another", "Qualified"]);
  });

  it("another workspace's selection is invisible and untouchable", async () => {
    const a = await workspace();
    const b = await workspace();
    const theirs = await b.asMember.leadSelections.create({ name: "B only", filters: { search: "secret" } });
    expect(await a.asAdmin.leadSelections.list()).toEqual([]);
    expect(await codeOf(a.asAdmin.leadSelections.rename({ id: theirs.id, name: "Mine" }))).toBe("NOT_FOUND");
    expect(await codeOf(a.asAdmin.leadSelections.updateFilters({ id: theirs.id, filters: {} }))).toBe("NOT_FOUND");
    expect(await codeOf(a.asAdmin.leadSelections.delete({ id: theirs.id }))).toBe("NOT_FOUND");
    expect(await codeOf(a.asAdmin.campaigns.countRecipients({ audience: { kind: "selection", selectionId: theirs.id } }))).toBe("BAD_REQUEST");
    expect(await codeOf(a.asAdmin.campaigns.preview({ body: "Hi", audience: { kind: "selection", selectionId: theirs.id } }))).toBe("BAD_REQUEST");
    expect(await codeOf(a.asAdmin.campaigns.create({ name: "x", body: "Hi", audience: { kind: "selection", selectionId: theirs.id }, sendAt: "now" }))).toBe("BAD_REQUEST");
    expect(await unsafeDb.leadSelection.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ name: "B only", filters: { search: "secret", archived: false } });
  });

  it("the creator or a workspace admin deletes; another member cannot", async () => {
    const { asMember, asManager, asAdmin } = await workspace();
    const mine = await asMember.leadSelections.create({ name: "Member's", filters: {} });
    expect((await asManager.leadSelections.list()).find((s) => s.id === mine.id)?.canDelete).toBe(false);
    expect(await codeOf(asManager.leadSelections.delete({ id: mine.id }))).toBe("FORBIDDEN");
    await asMember.leadSelections.delete({ id: mine.id });
    const managers = await asManager.leadSelections.create({ name: "Manager's", filters: {} });
    expect((await asAdmin.leadSelections.list())[0]?.canDelete).toBe(true);
    await asAdmin.leadSelections.delete({ id: managers.id });
    expect(await asAdmin.leadSelections.list()).toEqual([]);
  });

  it("a campaign from a selection gets exactly its matching leads; editing or deleting the selection later changes nothing of it", async () => {
    const { ws, asManager, manager } = await workspace();
    // 12 qualified leads of the manager (2 archived, 1 without a phone), and leads that must not be reached.
    await unsafeDb.$executeRaw`INSERT INTO "Lead" ("subAccountId", name, phone, status, "ownerId", "archivedAt", "updatedAt")
      SELECT ${ws.id}, 'Match ' || g, CASE WHEN g = 12 THEN NULL ELSE '+1201' || (3000000 + g)::text END, 'qualified', ${manager.id}::int,
        CASE WHEN g > 10 AND g < 12 THEN now() ELSE NULL END, now()
      FROM generate_series(1, 12) g`;
    await unsafeDb.$executeRaw`INSERT INTO "Lead" ("subAccountId", name, phone, status, "ownerId", "updatedAt")
      SELECT ${ws.id}, 'Other ' || g, '+1201' || (4000000 + g)::text, CASE WHEN g % 2 = 0 THEN 'new' ELSE 'qualified' END::"LeadStatus",
        CASE WHEN g % 2 = 0 THEN ${manager.id}::int ELSE NULL END, now()
      FROM generate_series(1, 8) g`;
    const selection = await asManager.leadSelections.create({ name: "My qualified", filters: { status: "qualified", ownerId: manager.id } });

    const count = await asManager.campaigns.countRecipients({ audience: { kind: "selection", selectionId: selection.id } });
    expect(count).toMatchObject({ total: 11, recipients: 10, skipped: 1, no_phone: 1 });
    const preview = await asManager.campaigns.preview({ body: "Hi {{lead.firstName}}", audience: { kind: "selection", selectionId: selection.id } });
    expect(preview.recipients).toBe(10);

    const campaign = await asManager.campaigns.create({ name: "From a selection", body: "Hi {{lead.firstName}}", audience: { kind: "selection", selectionId: selection.id }, sendAt: "2030-04-01T10:00" });
    const expected = await unsafeDb.lead.findMany({ where: { subAccountId: ws.id, status: "qualified", ownerId: manager.id, archivedAt: null }, select: { id: true }, orderBy: { id: "asc" } });
    const recipients = async () =>
      (await unsafeDb.campaignRecipient.findMany({ where: { campaignId: campaign.id }, select: { leadId: true, status: true, skipReason: true }, orderBy: { leadId: "asc" } }));
    const before = await recipients();
    expect(before.map((r) => r.leadId)).toEqual(expected.map((l) => l.id));
    expect(before.filter((r) => r.status === "pending")).toHaveLength(10);
    const stored = await asManager.campaigns.get({ id: campaign.id });
    expect(stored.audience).toEqual({ kind: "filters", filters: { status: "qualified", ownerId: manager.id }, selection: { id: selection.id, name: "My qualified" } });

    // The selection changes, then goes: the scheduled campaign keeps its recipients and its own copy of the filters.
    await asManager.leadSelections.updateFilters({ id: selection.id, filters: { status: "new" } });
    await asManager.leadSelections.rename({ id: selection.id, name: "Renamed" });
    await asManager.leadSelections.delete({ id: selection.id });
    expect(await recipients()).toEqual(before);
    const after = await asManager.campaigns.get({ id: campaign.id });
    expect(after).toMatchObject({ status: "scheduled", totalRecipients: 11, skippedRecipients: 1, audience: stored.audience });

    // A deleted selection cannot start a new campaign; the refusal says why.
    const gone = await fieldErrorsOf(asManager.campaigns.create({ name: "Again", body: "Hi", audience: { kind: "selection", selectionId: selection.id }, sendAt: "now" }));
    expect(gone.audience?.[0]).toMatch(/no longer exists/);
  });

  it("a selection of archived leads is refused for a campaign, in words", async () => {
    const { asManager } = await workspace();
    const archived = await asManager.leadSelections.create({ name: "Archived", filters: { archived: true } });
    const errors = await fieldErrorsOf(asManager.campaigns.countRecipients({ audience: { kind: "selection", selectionId: archived.id } }));
    expect(errors.audience?.[0]).toMatch(/archived leads are never texted/);
  });
});
