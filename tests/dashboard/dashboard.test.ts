import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { BookingStatus, LeadStatus } from "@/generated/prisma/client";
import { unsafeDb } from "@/server/db/client";
import { tenantDb } from "@/server/db/tenant";
import { getDashboardSummary } from "@/server/services/dashboard/get-dashboard-summary";
import { createUser, createWorkspace, requestContext, signedInCaller } from "../support/factories";

const lead = (subAccountId: number, createdAt: string, status: LeadStatus = "new") =>
  unsafeDb.lead.create({ data: { subAccountId, name: `Lead ${createdAt}`, email: `${randomUUID()}@d.test`, status, createdAt: new Date(createdAt) } });

let slot = 0;
const booking = (subAccountId: number, userId: number, createdAt: string, status: BookingStatus) => {
  const startsAt = new Date(Date.UTC(2027, 0, 1, 0, 0) + slot++ * 3_600_000);
  return unsafeDb.booking.create({
    data: { subAccountId, userId, startsAt, endsAt: new Date(startsAt.getTime() + 1_800_000), timezone: "UTC", status, createdAt: new Date(createdAt) },
  });
};

describe("dashboard.summary", () => {
  it("counts this month vs last month, conversion, recent leads and a 30-day series bucketed by local day across DST", async () => {
    const ws = await createWorkspace("Dashboard");
    const user = await createUser({ subAccountId: ws.id });
    // America/New_York leaves DST on 2026-11-01 at 06:00 UTC (02:00 EDT -> 01:00 EST).
    await lead(ws.id, "2026-09-30T12:00:00Z"); // September: in no month compared
    await lead(ws.id, "2026-10-10T12:00:00Z"); // October, before the 30-day window
    await lead(ws.id, "2026-10-20T12:00:00Z"); // October, before the 30-day window
    await lead(ws.id, "2026-11-01T03:30:00Z", "booked"); // Oct 31 23:30 EDT: October
    await lead(ws.id, "2026-11-01T04:30:00Z", "booked"); // Nov 1 00:30 EDT
    await lead(ws.id, "2026-11-02T04:30:00Z"); // Nov 1 23:30 EST (UTC would say Nov 2)
    await lead(ws.id, "2026-11-02T05:30:00Z", "won"); // Nov 2 00:30 EST
    const newest = await lead(ws.id, "2026-11-20T11:00:00Z"); // Nov 20 06:00 EST
    await booking(ws.id, user.id, "2026-11-02T04:30:00Z", "confirmed"); // Nov 1 local
    await booking(ws.id, user.id, "2026-11-05T15:00:00Z", "cancelled"); // not counted
    await booking(ws.id, user.id, "2026-10-15T15:00:00Z", "pending"); // October, outside the window

    // Another workspace's rows never count.
    const other = await createWorkspace("Other");
    await lead(other.id, "2026-11-01T12:00:00Z", "won");

    const ctx = { ...requestContext(), account: null, workspace: { id: ws.id, name: ws.name }, db: tenantDb(ws.id), actingAsAdmin: false };
    const summary = await getDashboardSummary(ctx, { timezone: "America/New_York" }, new Date("2026-11-20T12:00:00Z"));

    expect(summary.month.start.toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(summary.month.previousStart.toISOString()).toBe("2026-10-01T04:00:00.000Z");
    expect(summary.leads).toEqual({ current: 4, previous: 3, changePercent: 33.3 });
    expect(summary.bookings).toEqual({ current: 1, previous: 1, changePercent: 0 });
    expect(summary.conversion).toEqual({ current: 50, previous: 33.3, convertedCurrent: 2, convertedPrevious: 1, changePercent: 50.2 });
    expect(summary.recentLeads).toHaveLength(5);
    expect(summary.recentLeads[0]!.id).toBe(newest.id);

    expect(summary.series).toHaveLength(30);
    expect(summary.series[0]!.date).toBe("2026-10-22");
    expect(summary.series.at(-1)!.date).toBe("2026-11-20");
    expect(new Set(summary.series.map((d) => d.date)).size).toBe(30);
    const day = (date: string) => summary.series.find((d) => d.date === date);
    expect(day("2026-10-31")).toEqual({ date: "2026-10-31", leads: 1, bookings: 0 });
    expect(day("2026-11-01")).toEqual({ date: "2026-11-01", leads: 2, bookings: 1 });
    expect(day("2026-11-02")).toEqual({ date: "2026-11-02", leads: 1, bookings: 0 });
    expect(day("2026-11-20")).toEqual({ date: "2026-11-20", leads: 1, bookings: 0 });
    expect(summary.series.reduce((n, d) => n + d.leads, 0)).toBe(5);
    expect(summary.series.reduce((n, d) => n + d.bookings, 0)).toBe(1);

    // The same instants read in UTC fall on different days.
    const utc = await getDashboardSummary(ctx, { timezone: "UTC" }, new Date("2026-11-20T12:00:00Z"));
    expect(utc.series.find((d) => d.date === "2026-11-01")).toEqual({ date: "2026-11-01", leads: 2, bookings: 0 });
    expect(utc.series.find((d) => d.date === "2026-11-02")).toEqual({ date: "2026-11-02", leads: 2, bookings: 1 });
  });

  it("is served to workspace members and refuses an unknown time zone", async () => {
    const ws = await createWorkspace("Dashboard caller");
    const member = await createUser({ subAccountId: ws.id });
    const { caller } = await signedInCaller({ kind: "user", id: member.id });
    const summary = await caller.dashboard.summary({ timezone: "Europe/Berlin" });
    expect(summary.leads).toEqual({ current: 0, previous: 0, changePercent: null });
    expect(summary.series).toHaveLength(30);
    const refused = await caller.dashboard.summary({ timezone: "Mars/Olympus" }).then(() => null, (e: unknown) => e);
    expect(refused instanceof TRPCError && refused.code).toBe("BAD_REQUEST");
  });
});
