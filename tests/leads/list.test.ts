import { beforeAll, describe, expect, it } from "vitest";
import { unsafeDb } from "@/server/db/client";
import { LEAD_STATUSES } from "@/schemas/leads";
import { encodeLeadCursor } from "@/server/services/leads/list-leads";
import { createUser } from "../support/factories";
import { fieldErrorsOf, workspaceWithMember } from "./helpers";

type Caller = Awaited<ReturnType<typeof workspaceWithMember>>["caller"];
type ListInput = Parameters<Caller["leads"]["list"]>[0];

/** 53 leads with repeated names, statuses and creation times, so every sort has ties that only the id breaks. */
const NAMES = ["alice Adams", "Bob Brown", "carol Chen", "Dan Diaz", "Eve Evans"];
const SAME_TIME = new Date("2026-03-01T10:00:00.000Z");

describe("leads.list: keyset pages, sorts, filters and search", () => {
  let caller: Caller;
  let subAccountId: number;
  let ownerId: number;
  let strategyId: number;

  beforeAll(async () => {
    const world = await workspaceWithMember();
    caller = world.caller;
    subAccountId = world.ws.id;
    ownerId = (await createUser({ subAccountId })).id;
    strategyId = (await unsafeDb.strategy.create({ data: { subAccountId, name: "S" } })).id;
    await unsafeDb.lead.createMany({
      data: Array.from({ length: 53 }, (_, i) => ({
        subAccountId,
        name: NAMES[i % NAMES.length]!,
        email: `person${i}@List.test`.toLowerCase(),
        phone: `+1201555${String(1000 + i)}`,
        company: i % 7 === 0 ? "Globex Widgets" : `Company ${i}`,
        status: LEAD_STATUSES[i % 3]!,
        ownerId: i % 4 === 0 ? ownerId : null,
        strategyId: i % 5 === 0 ? strategyId : null,
        // Many rows share a creation instant: the id must break the tie.
        createdAt: i % 2 === 0 ? SAME_TIME : new Date(SAME_TIME.getTime() + i * 60_000),
        archivedAt: i % 10 === 9 ? new Date() : null,
      })),
    });
    // Another workspace's lookalikes must never show up.
    const other = await workspaceWithMember();
    await unsafeDb.lead.create({ data: { subAccountId: other.ws.id, name: "alice Adams", company: "Globex Widgets" } });
  });

  async function allPages(input: Omit<ListInput, "cursor">, limit = 7) {
    const ids: number[] = [];
    const rows: Awaited<ReturnType<Caller["leads"]["list"]>>["items"] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const result = await caller.leads.list({ ...input, limit, cursor });
      rows.push(...result.items);
      ids.push(...result.items.map((r) => r.id));
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return { ids, rows };
  }

  /** The expected order, computed from the database rows directly. */
  async function expectedIds(where: object, sortBy: "createdAt" | "name" | "status", dir: "asc" | "desc") {
    const rows = await unsafeDb.lead.findMany({ where: { subAccountId, ...where }, select: { id: true, name: true, status: true, createdAt: true } });
    const key = (r: (typeof rows)[number]) =>
      sortBy === "createdAt" ? r.createdAt.getTime() : sortBy === "status" ? LEAD_STATUSES.indexOf(r.status) : r.name;
    const sign = dir === "asc" ? 1 : -1;
    return rows
      .sort((a, b) => {
        const ka = key(a);
        const kb = key(b);
        const byKey = typeof ka === "number" ? ka - (kb as number) : ka < kb ? -1 : ka > kb ? 1 : 0;
        return sign * (byKey !== 0 ? byKey : a.id - b.id);
      })
      .map((r) => r.id);
  }

  for (const sortBy of ["createdAt", "name", "status"] as const) {
    for (const sortDir of ["asc", "desc"] as const) {
      it(`pages through every active lead once, in order, sorted by ${sortBy} ${sortDir}`, async () => {
        const { ids } = await allPages({ sortBy, sortDir });
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toHaveLength(48);
        if (sortBy === "name") {
          // Database collation decides the name order; check it against the database itself.
          const ordered = await unsafeDb.lead.findMany({
            where: { subAccountId, archivedAt: null },
            orderBy: [{ name: sortDir }, { id: sortDir }],
            select: { id: true },
          });
          expect(ids).toEqual(ordered.map((r) => r.id));
        } else {
          expect(ids).toEqual(await expectedIds({ archivedAt: null }, sortBy, sortDir));
        }
      });
    }
  }

  it("a lead created between pages does not shift the next page", async () => {
    const first = await caller.leads.list({ limit: 10 });
    const inserted = await unsafeDb.lead.create({ data: { subAccountId, name: "Latecomer", createdAt: new Date("2030-01-01") } });
    const rest = await allPages({}, 10);
    const second = await caller.leads.list({ limit: 10, cursor: first.nextCursor });
    expect(second.items[0]!.id).toBe(rest.ids[10 + 1]); // the newcomer now leads the full list; page 2 is unchanged
    await unsafeDb.lead.delete({ where: { id: inserted.id } });
  });

  it("filters by status, owner (and unowned), strategy, creation range and archived", async () => {
    const byStatus = await allPages({ status: "contacted", sortBy: "status" });
    expect(byStatus.ids).toEqual(await expectedIds({ archivedAt: null, status: "contacted" }, "status", "desc"));
    expect(byStatus.rows.every((r) => r.status === "contacted")).toBe(true);

    const owned = await allPages({ ownerId });
    expect(owned.ids.sort()).toEqual((await expectedIds({ archivedAt: null, ownerId }, "createdAt", "desc")).sort());
    expect(owned.rows[0]!.owner).toEqual({ id: ownerId, name: "Test User" });
    const unowned = await allPages({ ownerId: null });
    expect(unowned.ids.length + owned.ids.length).toBe(48);

    const strategy = await allPages({ strategyId });
    expect(strategy.rows.every((r) => r.strategy?.id === strategyId)).toBe(true);
    expect(strategy.ids.length).toBe((await expectedIds({ archivedAt: null, strategyId }, "name", "asc")).length);

    const range = await allPages({ created: { from: new Date(SAME_TIME.getTime() + 1), to: new Date(SAME_TIME.getTime() + 20 * 60_000) } });
    expect(range.rows.map((r) => r.createdAt.getTime() - SAME_TIME.getTime()).every((ms) => ms > 0 && ms <= 20 * 60_000)).toBe(true);
    expect(range.ids).toHaveLength(8); // the ten odd i in 1..19, less i=9 and i=19 (archived)

    const archived = await allPages({ archived: true });
    expect(archived.ids).toHaveLength(5);
    expect(archived.rows.every((r) => r.archivedAt instanceof Date)).toBe(true);
  });

  it("searches name, email, phone and company: partial and case-insensitive, only in this workspace", async () => {
    const byName = await allPages({ search: "ALICE" });
    expect(byName.rows.length).toBeGreaterThan(0);
    expect(byName.rows.every((r) => r.name === "alice Adams")).toBe(true);
    expect(byName.ids).toHaveLength((await expectedIds({ archivedAt: null, name: "alice Adams" }, "createdAt", "desc")).length);

    const byEmail = await allPages({ search: "PERSON12@" });
    expect(byEmail.rows.map((r) => r.email)).toEqual(["person12@list.test"]);

    const byPhone = await allPages({ search: "(201) 555-1013" });
    expect(byPhone.rows.map((r) => r.phone)).toEqual(["+12015551013"]);

    const byCompany = await allPages({ search: "globex widg", sortBy: "name", sortDir: "asc" }, 2);
    expect(byCompany.rows.every((r) => r.company === "Globex Widgets")).toBe(true);
    expect(byCompany.ids).toHaveLength((await unsafeDb.lead.count({ where: { subAccountId, archivedAt: null, company: "Globex Widgets" } })));

    expect((await caller.leads.list({ search: "nobody-has-this" })).items).toEqual([]);
    // LIKE wildcards typed by a person match only themselves.
    expect((await caller.leads.list({ search: "%" })).items).toEqual([]);
    expect((await caller.leads.list({ search: "B_b" })).items).toEqual([]);
    // The fields are searched together but never as one string: the end of a name and the start of an email do not
    // make a match, whatever separator is typed between them.
    expect((await caller.leads.list({ search: "adamsperson" })).items).toEqual([]);
    expect((await caller.leads.list({ search: "adams\u001fperson" })).items).toEqual([]);
    expect((await caller.leads.list({ search: "list.test+1201" })).items).toEqual([]);
  });

  it("never answers another workspace's leads, owners or strategies, whatever the filters, search or cursor", async () => {
    const other = await workspaceWithMember();
    const theirStrategy = await unsafeDb.strategy.create({ data: { subAccountId: other.ws.id, name: "Theirs" } });
    const theirs = await unsafeDb.lead.create({
      data: {
        subAccountId: other.ws.id,
        name: "alice Adams",
        email: "person1@list.test",
        phone: "+12015551001",
        company: "Globex Widgets",
        ownerId: other.user.id,
        strategyId: theirStrategy.id,
        createdAt: SAME_TIME,
      },
    });
    const ours = new Set(await expectedIds({}, "createdAt", "desc"));
    const inputs: Omit<ListInput, "cursor">[] = [
      {},
      { search: "alice" },
      { search: "person1@" },
      { search: "201555100" },
      { archived: true },
      { sortBy: "name", sortDir: "asc" },
      { sortBy: "status", sortDir: "desc" },
    ];
    for (const input of inputs) {
      const { ids, rows } = await allPages(input);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.filter((id) => !ours.has(id))).toEqual([]);
      expect(rows.some((r) => r.owner?.id === other.user.id || r.strategy?.id === theirStrategy.id)).toBe(false);
    }
    expect((await allPages({ ownerId: other.user.id })).ids).toEqual([]);
    expect((await allPages({ strategyId: theirStrategy.id })).ids).toEqual([]);
    // A cursor pointing at their lead still pages through ours only.
    const cursor = encodeLeadCursor({ sortBy: "createdAt", sortDir: "desc", key: SAME_TIME.toISOString(), id: theirs.id });
    const page = await caller.leads.list({ cursor, limit: 50 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.filter((r) => !ours.has(r.id))).toEqual([]);
    // And they see their lead, with their owner and strategy, and none of ours.
    const theirPage = await other.caller.leads.list({ search: "alice" });
    expect(theirPage.items.map((r) => [r.id, r.owner?.id, r.strategy?.name])).toEqual([[theirs.id, other.user.id, "Theirs"]]);
  });

  it("refuses a cursor from another sort, or a forged one, on the cursor field", async () => {
    const page = await caller.leads.list({ limit: 5, sortBy: "name", sortDir: "asc" });
    const wrongSort = await fieldErrorsOf(caller.leads.list({ limit: 5, cursor: page.nextCursor, sortBy: "createdAt" }));
    expect(wrongSort.cursor?.[0]).toContain("another sort order");
    const forged = await fieldErrorsOf(caller.leads.list({ cursor: "not-a-cursor" }));
    expect(forged.cursor?.[0]).toContain("not valid");
  });
});
