import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { Prisma, unsafeDb } from "@/server/db/client";
import { tenantDb } from "@/server/db/tenant";
import { WORKSPACE_MODELS } from "@/server/db/workspace-models";
import { createUser, createWorkspace } from "../support/factories";

async function twoWorkspaces() {
  const [a, b] = [await createWorkspace("A"), await createWorkspace("B")];
  const leadA = await unsafeDb.lead.create({ data: { subAccountId: a.id, name: "Lead of A" } });
  const leadB = await unsafeDb.lead.create({ data: { subAccountId: b.id, name: "Lead of B" } });
  const noteB = await unsafeDb.leadNote.create({ data: { subAccountId: b.id, leadId: leadB.id, body: "B's note" } });
  return { a, b, leadA, leadB, noteB };
}

describe("ctx.db, the tenant-scoped client", () => {
  it("never returns another workspace's rows, whatever the query", async () => {
    const { a, leadA, leadB } = await twoWorkspaces();
    const db = tenantDb(a.id);
    expect((await db.lead.findMany()).map((l) => l.id)).toEqual([leadA.id]);
    expect(await db.lead.findUnique({ where: { id: leadB.id } })).toBeNull();
    expect(await db.lead.findFirst({ where: { id: leadB.id, subAccountId: leadB.subAccountId } })).toBeNull();
    expect(await db.lead.count({ where: { id: { in: [leadA.id, leadB.id] } } })).toBe(1);
    expect((await db.lead.aggregate({ _count: { _all: true } }))._count._all).toBe(1);
    const txCount = await db.$transaction(async (tx) => tx.lead.count());
    expect(txCount).toBe(1);
    expect((await db.subAccount.findMany()).map((s) => s.id)).toEqual([a.id]);
  });

  it("refuses to update or delete another workspace's row by id, and changes nothing", async () => {
    const { a, leadB } = await twoWorkspaces();
    const db = tenantDb(a.id);
    await expect(db.lead.update({ where: { id: leadB.id }, data: { name: "hijacked" } })).rejects.toMatchObject({ code: "P2025" });
    await expect(db.lead.delete({ where: { id: leadB.id } })).rejects.toMatchObject({ code: "P2025" });
    expect((await db.lead.updateMany({ where: { id: leadB.id }, data: { name: "hijacked" } })).count).toBe(0);
    expect((await unsafeDb.lead.findUniqueOrThrow({ where: { id: leadB.id } })).name).toBe("Lead of B");
  });

  it("stamps the workspace on every create and refuses to move a row", async () => {
    const { a, b, leadA } = await twoWorkspaces();
    const db = tenantDb(a.id);
    const created = await db.lead.create({ data: { name: "fresh" } as never });
    expect(created.subAccountId).toBe(a.id);
    const many = await db.lead.createManyAndReturn({ data: [{ name: "x" }, { name: "y" }] as never });
    expect(many.every((l) => l.subAccountId === a.id)).toBe(true);
    await expect(db.lead.create({ data: { name: "sneaky", subAccountId: b.id } })).rejects.toThrow(/subAccountId cannot be changed/);
    await expect(db.lead.update({ where: { id: leadA.id }, data: { subAccountId: b.id } })).rejects.toThrow(/cannot be changed/);
    await expect(db.lead.create({ data: { name: "s", subAccount: { connect: { id: b.id } } } as never })).rejects.toThrow(/workspace relation/);
  });

  it("scopes nested connects: another workspace's note cannot be pulled in", async () => {
    const { a, leadA, noteB } = await twoWorkspaces();
    const db = tenantDb(a.id);
    await expect(db.lead.update({ where: { id: leadA.id }, data: { notes: { connect: { id: noteB.id } } } })).rejects.toThrow();
    const note = await unsafeDb.leadNote.findUniqueOrThrow({ where: { id: noteB.id } });
    expect(note.subAccountId).not.toBe(a.id);
  });

  it("refuses raw SQL and platform-private tables", async () => {
    const { a } = await twoWorkspaces();
    const db = tenantDb(a.id);
    await expect(db.$queryRaw`SELECT 1`).rejects.toThrow(/raw SQL is refused/);
    await expect(db.$executeRawUnsafe("DELETE FROM \"Lead\"")).rejects.toThrow(/raw SQL is refused/);
    await expect(db.authSession.findMany()).rejects.toThrow(/not reachable from a workspace/);
    await expect(db.promptTemplate.create({ data: { name: "x", baseSystemPrompt: "y" } })).rejects.toThrow(/read-only/);
  });

  it("runs raw SQL only through $queryWorkspace, bound to its own workspace; a query that ignores it is refused", async () => {
    const { a, leadA, leadB } = await twoWorkspaces();
    const db = tenantDb(a.id);
    const rows = await db.$queryWorkspace<{ id: number }>(
      (workspaceId) => Prisma.sql`SELECT id FROM "Lead" WHERE "subAccountId" = ${workspaceId} AND id IN (${leadA.id}, ${leadB.id})`,
    );
    expect(rows.map((r) => r.id)).toEqual([leadA.id]);
    await expect(db.$queryWorkspace(() => Prisma.sql`SELECT id FROM "Lead" WHERE id = ${leadB.id}`)).rejects.toThrow(
      /must filter by the workspace id/,
    );
  });

  it("is backed by composite foreign keys: the database refuses cross-workspace links", async () => {
    const { a, leadB } = await twoWorkspaces();
    const user = await createUser({ subAccountId: a.id });
    await expect(
      unsafeDb.booking.create({
        data: { subAccountId: a.id, userId: user.id, leadId: leadB.id, startsAt: new Date(), endsAt: new Date(Date.now() + 1), timezone: "UTC" },
      }),
    ).rejects.toMatchObject({ code: "P2003" });
  });

  it("knows every workspace model of the schema", () => {
    const schema = fs.readFileSync("prisma/schema.prisma", "utf8");
    const withWorkspace = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)]
      .filter(([, name, body]) => name !== "SubAccount" && /^\s+subAccountId\s+Int/m.test(body!))
      .map(([, name]) => name)
      .sort();
    expect([...WORKSPACE_MODELS].sort()).toEqual(withWorkspace);
  });
});
