import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { unsafeDb } from "@/server/db/client";
import { createUser, createWorkspace, signedInCaller } from "../support/factories";
import { ALL_DAY_EVERY_DAY, bookingCount, iso, memberWithSchedule, rejectionOf, WEEKDAYS_9_TO_5 } from "./world";

const MONDAY_10AM_NY = new Date("2027-02-01T15:00:00Z"); // 10:00 EST

async function newYorker() {
  return memberWithSchedule({ timezone: "America/New_York", weeklyHours: WEEKDAYS_9_TO_5, slotMinutes: 30 });
}

describe("bookings.create", () => {
  it("books a free slot, with a lead of the workspace; the slot is no longer offered", async () => {
    const { subAccountId, user, caller } = await newYorker();
    const lead = await unsafeDb.lead.create({ data: { subAccountId, name: "Lead", email: `${randomUUID()}@lead.test`, timezone: "Europe/Berlin" } });
    const booking = await caller.bookings.create({
      userId: user.id,
      leadId: lead.id,
      startsAt: MONDAY_10AM_NY,
      timezone: "Europe/London",
      title: "Intro call",
    });
    expect(booking).toMatchObject({ userId: user.id, leadId: lead.id, status: "pending", timezone: "Europe/London", title: "Intro call" });
    expect(iso(booking.endsAt)).toBe("2027-02-01T15:30:00Z");
    // The lead's zone comes along: screens show the lead's clock beside the viewer's.
    expect(booking.lead).toEqual({ id: lead.id, name: "Lead", timezone: "Europe/Berlin" });
    const { slots } = await caller.availability.slots({ userId: user.id, from: MONDAY_10AM_NY, to: new Date("2027-02-01T16:00:00Z"), timezone: "UTC" });
    expect(slots.map((s) => iso(s.startsAt))).toEqual(["2027-02-01T15:30:00Z"]);
  });

  it("accepts several consecutive slots, refuses a length that is not whole slots", async () => {
    const { user, caller } = await newYorker();
    const twoSlots = await caller.bookings.create({ userId: user.id, startsAt: MONDAY_10AM_NY, endsAt: new Date("2027-02-01T16:00:00Z"), timezone: "UTC" });
    expect(iso(twoSlots.endsAt)).toBe("2027-02-01T16:00:00Z");
    const odd = await rejectionOf(
      caller.bookings.create({ userId: user.id, startsAt: new Date("2027-02-01T17:00:00Z"), endsAt: new Date("2027-02-01T17:20:00Z"), timezone: "UTC" }),
    );
    expect(odd.code).toBe("BAD_REQUEST");
    expect(odd.fieldErrors.endsAt?.[0]).toMatch(/whole number of 30-minute slots/);
  });

  it("refuses bad input with a field error naming the problem, and writes nothing", async () => {
    const { user, caller } = await newYorker();
    const other = await createWorkspace("Other");
    const foreignLead = await unsafeDb.lead.create({ data: { subAccountId: other.id, name: "Not yours", email: `${randomUUID()}@x.test` } });
    const foreignUser = await createUser({ subAccountId: other.id });
    const ok = { userId: user.id, startsAt: MONDAY_10AM_NY, timezone: "America/New_York" };

    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ["outside working hours (08:00 New York)", { ...ok, startsAt: new Date("2027-02-01T13:00:00Z") }, "startsAt", /not a free slot/],
      ["on a weekend", { ...ok, startsAt: new Date("2027-02-06T15:00:00Z") }, "startsAt", /not a free slot/],
      ["off the slot grid", { ...ok, startsAt: new Date("2027-02-01T15:10:00Z") }, "startsAt", /not a free slot/],
      ["running past the working day", { ...ok, startsAt: new Date("2027-02-01T21:30:00Z"), endsAt: new Date("2027-02-01T22:30:00Z") }, "startsAt", /not a free slot/],
      ["in the past", { ...ok, startsAt: new Date("2020-01-06T15:00:00Z") }, "startsAt", /already passed/],
      ["an unknown timezone", { ...ok, timezone: "Europe/Atlantis" }, "timezone", /Unknown time zone/],
      ["a lead of another workspace", { ...ok, leadId: foreignLead.id }, "leadId", /No such lead in this workspace/],
      ["a member of another workspace", { ...ok, userId: foreignUser.id }, "userId", /No such member in this workspace/],
      ["an end before the start", { ...ok, endsAt: new Date("2027-02-01T14:00:00Z") }, "endsAt", /after the start/],
    ];
    for (const [label, input, field, message] of cases) {
      const error = await rejectionOf(caller.bookings.create(input as never));
      expect(error.code, label).toBe("BAD_REQUEST");
      expect(error.fieldErrors[field]?.[0], label).toMatch(message);
    }
    expect(await bookingCount(user.id)).toBe(0);
    expect(await unsafeDb.booking.count({ where: { leadId: foreignLead.id } })).toBe(0);
  });

  it("a plain member books only into their own calendar; a manager books for others", async () => {
    const { subAccountId, user: host } = await newYorker();
    const colleague = await createUser({ subAccountId, role: "user" });
    const manager = await createUser({ subAccountId, role: "manager" });
    const asColleague = (await signedInCaller({ kind: "user", id: colleague.id })).caller;
    const refused = await rejectionOf(asColleague.bookings.create({ userId: host.id, startsAt: MONDAY_10AM_NY, timezone: "UTC" }));
    expect(refused.fieldErrors.userId?.[0]).toMatch(/own calendar/);
    const asManager = (await signedInCaller({ kind: "user", id: manager.id })).caller;
    const booked = await asManager.bookings.create({ userId: host.id, startsAt: MONDAY_10AM_NY, timezone: "UTC" });
    expect(booked.userId).toBe(host.id);
    const cannotCancel = await rejectionOf(asColleague.bookings.cancel({ id: booked.id }));
    expect(cannotCancel.code).toBe("FORBIDDEN");
  });
});

describe("50 concurrent bookings of one slot", () => {
  it("exactly one succeeds; the others get CONFLICT 'That time was just booked' on startsAt (or find the slot gone)", async () => {
    const { subAccountId, user } = await newYorker();
    const callers = await Promise.all(
      Array.from({ length: 5 }, async () => (await signedInCaller({ kind: "user", id: (await createUser({ subAccountId, role: "manager" })).id })).caller),
    );
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => callers[i % callers.length]!.bookings.create({ userId: user.id, startsAt: MONDAY_10AM_NY, timezone: "UTC" })),
    );
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    expect(fulfilled).toHaveLength(1);
    const errors = await Promise.all(results.filter((r) => r.status === "rejected").map((r) => rejectionOf(Promise.reject(r.reason))));
    const conflicts = errors.filter((e) => e.code === "CONFLICT");
    for (const e of conflicts) {
      expect(e.message).toBe("That time was just booked");
      expect(e.fieldErrors.startsAt?.[0]).toMatch(/That time was just booked/);
    }
    for (const e of errors.filter((x) => x.code !== "CONFLICT")) {
      expect(e.code).toBe("BAD_REQUEST");
      expect(e.fieldErrors.startsAt?.[0]).toMatch(/not a free slot/);
    }
    // With 50 in flight, many pass the availability check before the winner commits: the database refuses them.
    expect(conflicts.length).toBeGreaterThan(0);
    expect(await bookingCount(user.id)).toBe(1);
  });

  it("the database itself refuses an overlapping active booking, but not beside a cancelled one", async () => {
    const { subAccountId, user } = await newYorker();
    const base = { subAccountId, userId: user.id, timezone: "UTC" };
    await unsafeDb.booking.create({ data: { ...base, startsAt: new Date("2027-03-01T15:00:00Z"), endsAt: new Date("2027-03-01T16:00:00Z") } });
    const overlap = unsafeDb.booking.create({ data: { ...base, startsAt: new Date("2027-03-01T15:30:00Z"), endsAt: new Date("2027-03-01T16:30:00Z") } });
    await expect(overlap).rejects.toMatchObject({ code: "P2039" });
    await unsafeDb.booking.create({ data: { ...base, status: "cancelled", startsAt: new Date("2027-03-01T15:30:00Z"), endsAt: new Date("2027-03-01T16:30:00Z") } });
    await unsafeDb.booking.create({ data: { ...base, startsAt: new Date("2027-03-01T16:00:00Z"), endsAt: new Date("2027-03-01T16:30:00Z") } });
    expect(await bookingCount(user.id)).toBe(3);
  });
});

describe("booking status transitions", () => {
  it("pending -> confirmed -> cancelled; a cancelled booking cannot be confirmed or completed, and frees its slot", async () => {
    const { user, caller } = await newYorker();
    const booking = await caller.bookings.create({ userId: user.id, startsAt: MONDAY_10AM_NY, timezone: "UTC" });
    expect((await caller.bookings.confirm({ id: booking.id })).status).toBe("confirmed");
    const again = await rejectionOf(caller.bookings.confirm({ id: booking.id }));
    expect([again.code, again.message]).toEqual(["PRECONDITION_FAILED", "A confirmed booking cannot be confirmed."]);
    const early = await rejectionOf(caller.bookings.complete({ id: booking.id }));
    expect(early.message).toBe("A booking cannot be completed before it starts.");
    expect((await caller.bookings.cancel({ id: booking.id })).status).toBe("cancelled");
    for (const action of ["confirm", "complete", "noShow", "cancel"] as const) {
      const refused = await rejectionOf(caller.bookings[action]({ id: booking.id }));
      expect(refused.code, action).toBe("PRECONDITION_FAILED");
    }
    const rescheduled = await rejectionOf(caller.bookings.reschedule({ id: booking.id, startsAt: new Date("2027-02-01T16:00:00Z") }));
    expect(rescheduled.message).toBe("A cancelled booking cannot be rescheduled.");
    const rebooked = await caller.bookings.create({ userId: user.id, startsAt: MONDAY_10AM_NY, timezone: "UTC" });
    expect(rebooked.status).toBe("pending");
  });

  it("a booking that has started can be completed or marked no-show, and then nothing more", async () => {
    const { subAccountId, user, caller } = await newYorker();
    const past = (h: number) => ({ subAccountId, userId: user.id, timezone: "UTC", startsAt: new Date(Date.now() - h * 3_600_000), endsAt: new Date(Date.now() - (h - 1) * 3_600_000) });
    const attended = await unsafeDb.booking.create({ data: { ...past(5), status: "confirmed" } });
    const missed = await unsafeDb.booking.create({ data: past(3) });
    expect((await caller.bookings.complete({ id: attended.id })).status).toBe("completed");
    expect((await caller.bookings.noShow({ id: missed.id })).status).toBe("no_show");
    expect((await rejectionOf(caller.bookings.cancel({ id: attended.id }))).message).toBe("A completed booking cannot be cancelled.");
    expect((await rejectionOf(caller.bookings.complete({ id: missed.id }))).message).toBe("A no-show booking cannot be completed.");
  });

  it("reschedule moves a booking to another free slot (its own old time does not block it) and refuses a taken one", async () => {
    const { user, caller } = await newYorker();
    const first = await caller.bookings.create({ userId: user.id, startsAt: MONDAY_10AM_NY, timezone: "UTC" });
    const second = await caller.bookings.create({ userId: user.id, startsAt: new Date("2027-02-01T16:00:00Z"), timezone: "UTC" });
    const overlapping = await caller.bookings.reschedule({ id: first.id, startsAt: new Date("2027-02-01T15:30:00Z"), endsAt: new Date("2027-02-01T16:00:00Z") });
    expect(iso(overlapping.startsAt)).toBe("2027-02-01T15:30:00Z");
    const taken = await rejectionOf(caller.bookings.reschedule({ id: first.id, startsAt: second.startsAt }));
    expect(taken.fieldErrors.startsAt?.[0]).toMatch(/not a free slot/);
    const unchanged = await unsafeDb.booking.findUniqueOrThrow({ where: { id: first.id } });
    expect(iso(unchanged.startsAt)).toBe("2027-02-01T15:30:00Z");
  });
});

describe("bookings.list and bookings.week", () => {
  it("lists by start time with a cursor and filters; the week groups bookings by local day of the requested zone", async () => {
    const { subAccountId, user, caller } = await memberWithSchedule({ timezone: "UTC", weeklyHours: ALL_DAY_EVERY_DAY, slotMinutes: 60 });
    const lead = await unsafeDb.lead.create({ data: { subAccountId, name: "Lead", email: `${randomUUID()}@lead.test` } });
    const starts = ["2027-01-05T23:00:00Z", "2027-01-04T09:00:00Z", "2027-01-06T12:00:00Z", "2027-01-12T09:00:00Z"];
    const made = [];
    for (const s of starts) made.push(await caller.bookings.create({ userId: user.id, leadId: lead.id, startsAt: new Date(s), timezone: "UTC" }));
    await caller.bookings.cancel({ id: made[2]!.id });

    const page1 = await caller.bookings.list({ userId: user.id, limit: 2 });
    expect(page1.items.map((b) => iso(b.startsAt))).toEqual(["2027-01-04T09:00:00Z", "2027-01-05T23:00:00Z"]);
    const page2 = await caller.bookings.list({ userId: user.id, limit: 2, cursor: page1.nextCursor });
    expect(page2.items.map((b) => iso(b.startsAt))).toEqual(["2027-01-06T12:00:00Z", "2027-01-12T09:00:00Z"]);
    expect(page2.nextCursor).toBeNull();
    const active = await caller.bookings.list({ userId: user.id, status: ["pending", "confirmed"], from: new Date("2027-01-05T00:00:00Z"), to: new Date("2027-01-10T00:00:00Z") });
    expect(active.items.map((b) => iso(b.startsAt))).toEqual(["2027-01-05T23:00:00Z"]);
    expect((await caller.bookings.list({ leadId: lead.id })).items).toHaveLength(4);

    const week = await caller.bookings.week({ weekStart: "2027-01-04", timezone: "Asia/Tokyo", userId: user.id });
    expect(iso(week.from)).toBe("2027-01-03T15:00:00Z");
    expect(iso(week.to)).toBe("2027-01-10T15:00:00Z");
    expect(week.days.map((d) => d.date)).toEqual(["2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08", "2027-01-09", "2027-01-10"]);
    const byDay = Object.fromEntries(week.days.map((d) => [d.date, d.bookings.map((b) => `${b.localStart}/${b.status}`)]));
    expect(byDay["2027-01-04"]).toEqual(["2027-01-04T18:00/pending"]);
    expect(byDay["2027-01-05"]).toEqual([]);
    expect(byDay["2027-01-06"]).toEqual(["2027-01-06T08:00/pending", "2027-01-06T21:00/cancelled"]);
  });
});

describe("availability.getSchedule / updateSchedule", () => {
  it("returns the default for a member without a schedule, and validates hours with messages naming the day", async () => {
    const ws = await createWorkspace("Schedules");
    const member = await createUser({ subAccountId: ws.id });
    const { caller } = await signedInCaller({ kind: "user", id: member.id });
    const initial = await caller.availability.getSchedule();
    expect(initial).toMatchObject({ userId: member.id, isDefault: true, timezone: "UTC", slotMinutes: 30 });
    expect(initial.weeklyHours.mon).toEqual([["09:00", "17:00"]]);
    expect(initial.weeklyHours.sat).toEqual([]);

    const bad = await rejectionOf(
      caller.availability.updateSchedule({
        timezone: "America/Chicago",
        weeklyHours: { mon: [["09:00", "12:00"], ["11:00", "13:00"]], tue: [["25:00", "26:00"]], wed: [["17:00", "09:00"]] },
      }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.fieldErrors.weeklyHours).toEqual([
      "Monday: 09:00–12:00 overlaps 11:00–13:00",
      'Tuesday: "25:00" is not a start time (use HH:MM, e.g. 09:00)',
      "Wednesday: 17:00–09:00 must start before it ends",
    ]);
    const badZone = await rejectionOf(caller.availability.updateSchedule({ timezone: "Nowhere/City", weeklyHours: {} }));
    expect(badZone.fieldErrors.timezone?.[0]).toMatch(/Unknown time zone/);
    expect(await unsafeDb.availabilitySchedule.count({ where: { userId: member.id } })).toBe(0);

    const saved = await caller.availability.updateSchedule({ timezone: "America/Chicago", weeklyHours: { sat: [["13:00", "15:00"], ["09:00", "12:00"]] }, maxPerDay: 3 });
    expect(saved).toMatchObject({ isDefault: false, timezone: "America/Chicago", maxPerDay: 3, slotMinutes: 30 });
    expect(saved.weeklyHours.sat).toEqual([["09:00", "12:00"], ["13:00", "15:00"]]);
    expect(saved.weeklyHours.mon).toEqual([]);
    // users.updateMyBookingSettings edits the same rules and keeps the hours.
    await caller.users.updateMyBookingSettings({ slotMinutes: 45, bufferBeforeMin: 5, bufferAfterMin: 10, minNoticeMinutes: 0, maxPerDay: null });
    expect(await caller.availability.getSchedule({})).toMatchObject({ slotMinutes: 45, bufferAfterMin: 10, maxPerDay: null, weeklyHours: { sat: [["09:00", "12:00"], ["13:00", "15:00"]] } });
  });

  it("managers read others' schedules; only admins change them", async () => {
    const ws = await createWorkspace("Roles");
    const member = await createUser({ subAccountId: ws.id });
    const other = await createUser({ subAccountId: ws.id });
    const manager = await createUser({ subAccountId: ws.id, role: "manager" });
    const admin = await createUser({ subAccountId: ws.id, role: "admin" });
    const asMember = (await signedInCaller({ kind: "user", id: member.id })).caller;
    const asManager = (await signedInCaller({ kind: "user", id: manager.id })).caller;
    const asAdmin = (await signedInCaller({ kind: "user", id: admin.id })).caller;
    expect((await rejectionOf(asMember.availability.getSchedule({ userId: other.id }))).code).toBe("FORBIDDEN");
    expect((await asManager.availability.getSchedule({ userId: other.id })).userId).toBe(other.id);
    const week = { timezone: "UTC", weeklyHours: { mon: [["08:00", "09:00"]] as [string, string][] } };
    expect((await rejectionOf(asManager.availability.updateSchedule({ ...week, userId: other.id }))).code).toBe("FORBIDDEN");
    expect((await rejectionOf(asManager.availability.overrides.set({ userId: other.id, date: "2027-01-01", isDayOff: true }))).code).toBe("FORBIDDEN");
    expect((await asAdmin.availability.updateSchedule({ ...week, userId: other.id })).weeklyHours.mon).toEqual([["08:00", "09:00"]]);
    const override = await asAdmin.availability.overrides.set({ userId: other.id, date: "2027-01-01", isDayOff: true });
    expect((await rejectionOf(asMember.availability.overrides.remove({ id: override.id }))).code).toBe("FORBIDDEN");
    const badOverride = await rejectionOf(asAdmin.availability.overrides.set({ userId: other.id, date: "2027-02-30", isDayOff: false }));
    expect(Object.keys(badOverride.fieldErrors).sort()).toEqual(["date", "intervals"]);
  });
});
