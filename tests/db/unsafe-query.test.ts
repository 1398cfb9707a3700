import { afterEach, describe, expect, it } from "vitest";
import { Prisma, unsafeDb, unsafeQuery } from "@/server/db/client";
import { createWorkspace } from "../support/factories";

const zoneAtStart = process.env.TZ;

describe("unsafeQuery, raw SQL on the pool without Prisma's query layer", () => {
  afterEach(() => {
    if (zoneAtStart === undefined) delete process.env.TZ;
    else process.env.TZ = zoneAtStart;
  });

  it("reads and compares Prisma's UTC timestamps whatever the process's time zone", async () => {
    const ws = await createWorkspace("Zones");
    const at = new Date("2026-03-08T06:30:00.123Z"); // the New York DST night, where a local-time reading shifts
    const lead = await unsafeDb.lead.create({ data: { subAccountId: ws.id, name: "Zoned", createdAt: at } });
    for (const zone of ["America/New_York", "Asia/Kolkata", "UTC"]) {
      process.env.TZ = zone;
      const rows = await unsafeQuery<{ createdAt: Date; same: boolean }>(
        Prisma.sql`SELECT "createdAt", "createdAt" = ${at} AS same FROM "Lead" WHERE id = ${lead.id}`,
      );
      expect(rows.map((r) => [r.createdAt.toISOString(), r.same])).toEqual([[at.toISOString(), true]]);
    }
  });

  it("runs a named statement again and again on the pooled connections", async () => {
    const ws = await createWorkspace("Named");
    const query = Prisma.sql`SELECT id, name FROM "SubAccount" WHERE id = ${ws.id}`;
    const answers = await Promise.all(Array.from({ length: 12 }, () => unsafeQuery<{ id: number; name: string }>(query, { name: "test_workspace_by_id" })));
    expect(new Set(answers.map((rows) => JSON.stringify(rows)))).toEqual(new Set([JSON.stringify([{ id: ws.id, name: ws.name }])]));
  });
});
