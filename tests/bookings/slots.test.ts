import { describe, expect, it } from "vitest";
import { ALL_DAY_EVERY_DAY, iso, memberWithSchedule, rejectionOf, WEEKDAYS_9_TO_5 } from "./world";

const HOUR = 3_600_000;

describe("availability.slots across DST changes (2027; New York and London change on different dates)", () => {
  it("a New York 09:00–17:00 user, seen from London, through both March changes", async () => {
    const { user, caller } = await memberWithSchedule({ timezone: "America/New_York", weeklyHours: WEEKDAYS_9_TO_5 });
    // New York springs forward on Sun 14 March 2027, London on Sun 28 March 2027.
    const { slots, userTimezone } = await caller.availability.slots({
      userId: user.id,
      from: new Date("2027-03-12T00:00:00Z"),
      to: new Date("2027-03-30T00:00:00Z"),
      timezone: "Europe/London",
    });
    expect(userTimezone).toBe("America/New_York");
    const byDay = (prefix: string) => slots.filter((s) => iso(s.startsAt).startsWith(prefix));
    // Friday 12 March: New York on EST (UTC-5), London on GMT: 09:00 NY = 14:00Z = 14:00 London.
    expect(byDay("2027-03-12").map((s) => iso(s.startsAt))).toEqual(
      Array.from({ length: 8 }, (_, i) => `2027-03-12T${String(14 + i).padStart(2, "0")}:00:00Z`),
    );
    expect(byDay("2027-03-12")[0]!.localStart).toBe("2027-03-12T14:00");
    // Monday 15 March: New York on EDT (UTC-4), London still GMT: 09:00 NY = 13:00Z = 13:00 London.
    expect(iso(byDay("2027-03-15")[0]!.startsAt)).toBe("2027-03-15T13:00:00Z");
    expect(byDay("2027-03-15")[0]!.localStart).toBe("2027-03-15T13:00");
    expect(iso(byDay("2027-03-15").at(-1)!.endsAt)).toBe("2027-03-15T21:00:00Z");
    // Monday 29 March: both on summer time: 09:00 NY = 13:00Z = 14:00 London (BST).
    expect(iso(byDay("2027-03-29")[0]!.startsAt)).toBe("2027-03-29T13:00:00Z");
    expect(byDay("2027-03-29")[0]!.localStart).toBe("2027-03-29T14:00");
    // No weekend slots; 12 working days x 8 one-hour slots.
    expect(slots).toHaveLength(12 * 8);
    for (const s of slots) expect(s.endsAt.getTime() - s.startsAt.getTime()).toBe(HOUR);
  });

  it("the same user through both autumn changes (London 31 Oct, New York 7 Nov 2027)", async () => {
    const { user, caller } = await memberWithSchedule({ timezone: "America/New_York", weeklyHours: WEEKDAYS_9_TO_5 });
    const { slots } = await caller.availability.slots({
      userId: user.id,
      from: new Date("2027-10-29T00:00:00Z"),
      to: new Date("2027-11-09T00:00:00Z"),
      timezone: "Europe/London",
    });
    const first = (prefix: string) => slots.find((s) => iso(s.startsAt).startsWith(prefix))!;
    expect([iso(first("2027-10-29").startsAt), first("2027-10-29").localStart]).toEqual(["2027-10-29T13:00:00Z", "2027-10-29T14:00"]);
    expect([iso(first("2027-11-01").startsAt), first("2027-11-01").localStart]).toEqual(["2027-11-01T13:00:00Z", "2027-11-01T13:00"]);
    expect([iso(first("2027-11-08").startsAt), first("2027-11-08").localStart]).toEqual(["2027-11-08T14:00:00Z", "2027-11-08T14:00"]);
    expect(slots).toHaveLength(7 * 8); // Fri 29 Oct, Mon 1 – Fri 5 Nov, Mon 8 Nov
  });

  it("skips wall-clock times that do not exist on spring-forward day (New York and London)", async () => {
    const ny = await memberWithSchedule({ timezone: "America/New_York", weeklyHours: {}, slotMinutes: 30 });
    await ny.caller.availability.overrides.set({ date: "2027-03-14", isDayOff: false, intervals: [["01:00", "04:00"]] });
    const nySlots = await ny.caller.availability.slots({
      userId: ny.user.id,
      from: new Date("2027-03-14T00:00:00Z"),
      to: new Date("2027-03-15T12:00:00Z"),
      timezone: "America/New_York",
    });
    // 01:00, 01:30 EST, then 03:00, 03:30 EDT: 02:00 and 02:30 never happen.
    expect(nySlots.slots.map((s) => iso(s.startsAt))).toEqual([
      "2027-03-14T06:00:00Z",
      "2027-03-14T06:30:00Z",
      "2027-03-14T07:00:00Z",
      "2027-03-14T07:30:00Z",
    ]);
    expect(nySlots.slots.map((s) => s.localStart)).toEqual(["2027-03-14T01:00", "2027-03-14T01:30", "2027-03-14T03:00", "2027-03-14T03:30"]);

    const london = await memberWithSchedule({ timezone: "Europe/London", weeklyHours: {}, slotMinutes: 30 });
    await london.caller.availability.overrides.set({ date: "2027-03-28", isDayOff: false, intervals: [["00:00", "03:00"]] });
    const londonSlots = await london.caller.availability.slots({
      userId: london.user.id,
      from: new Date("2027-03-27T12:00:00Z"),
      to: new Date("2027-03-29T00:00:00Z"),
      timezone: "Europe/London",
    });
    expect(londonSlots.slots.map((s) => s.localStart)).toEqual(["2027-03-28T00:00", "2027-03-28T00:30", "2027-03-28T02:00", "2027-03-28T02:30"]);
    expect(londonSlots.slots.map((s) => iso(s.startsAt))).toEqual([
      "2027-03-28T00:00:00Z",
      "2027-03-28T00:30:00Z",
      "2027-03-28T01:00:00Z",
      "2027-03-28T01:30:00Z",
    ]);
  });

  it("offers the repeated fall-back hour once (its first occurrence), in New York and London", async () => {
    const ny = await memberWithSchedule({ timezone: "America/New_York", weeklyHours: {}, slotMinutes: 30 });
    await ny.caller.availability.overrides.set({ date: "2027-11-07", isDayOff: false, intervals: [["00:00", "03:00"]] });
    const { slots } = await ny.caller.availability.slots({
      userId: ny.user.id,
      from: new Date("2027-11-06T12:00:00Z"),
      to: new Date("2027-11-08T00:00:00Z"),
      timezone: "America/New_York",
    });
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      "2027-11-07T04:00:00Z", // 00:00 EDT
      "2027-11-07T04:30:00Z",
      "2027-11-07T05:00:00Z", // 01:00 EDT (the first 01:00)
      "2027-11-07T05:30:00Z",
      "2027-11-07T07:00:00Z", // 02:00 EST
      "2027-11-07T07:30:00Z",
    ]);
    expect(new Set(slots.map((s) => s.localStart)).size).toBe(slots.length);

    const london = await memberWithSchedule({ timezone: "Europe/London", weeklyHours: {}, slotMinutes: 30 });
    await london.caller.availability.overrides.set({ date: "2027-10-31", isDayOff: false, intervals: [["00:00", "03:00"]] });
    const ldn = await london.caller.availability.slots({
      userId: london.user.id,
      from: new Date("2027-10-30T12:00:00Z"),
      to: new Date("2027-11-01T00:00:00Z"),
      timezone: "Europe/London",
    });
    expect(ldn.slots.map((s) => iso(s.startsAt))).toEqual([
      "2027-10-30T23:00:00Z", // 00:00 BST
      "2027-10-30T23:30:00Z",
      "2027-10-31T00:00:00Z", // 01:00 BST (the first 01:00)
      "2027-10-31T00:30:00Z",
      "2027-10-31T02:00:00Z", // 02:00 GMT
      "2027-10-31T02:30:00Z",
    ]);
    expect(ldn.slots.map((s) => s.localStart)).toEqual([
      "2027-10-31T00:00",
      "2027-10-31T00:30",
      "2027-10-31T01:00",
      "2027-10-31T01:30",
      "2027-10-31T02:00",
      "2027-10-31T02:30",
    ]);
  });

  it("a Buenos Aires user (UTC-3 all year) is unaffected by the March changes elsewhere", async () => {
    const { user, caller } = await memberWithSchedule({
      timezone: "America/Argentina/Buenos_Aires",
      weeklyHours: { mon: [["10:00", "12:00"]] },
      slotMinutes: 30,
    });
    const { slots } = await caller.availability.slots({
      userId: user.id,
      from: new Date("2027-03-08T00:00:00Z"),
      to: new Date("2027-04-05T00:00:00Z"),
      timezone: "America/New_York",
    });
    // Mondays 8, 15, 22, 29 March: always 13:00Z–15:00Z; New York shows 08:00 before its change, 09:00 after.
    expect(slots).toHaveLength(16);
    for (const monday of ["08", "15", "22", "29"]) {
      expect(slots.filter((s) => iso(s.startsAt).startsWith(`2027-03-${monday}`)).map((s) => iso(s.startsAt).slice(11, 16))).toEqual([
        "13:00",
        "13:30",
        "14:00",
        "14:30",
      ]);
    }
    expect(slots[0]!.localStart).toBe("2027-03-08T08:00");
    expect(slots[4]!.localStart).toBe("2027-03-15T09:00");
  });
});

describe("availability.slots rules", () => {
  it("a day off removes the day; replacement hours replace it; removing the override restores the week", async () => {
    const { user, caller } = await memberWithSchedule({ timezone: "UTC", weeklyHours: WEEKDAYS_9_TO_5 });
    const range = { userId: user.id, from: new Date("2027-02-01T00:00:00Z"), to: new Date("2027-02-04T00:00:00Z"), timezone: "UTC" };
    const dayOff = await caller.availability.overrides.set({ date: "2027-02-01", isDayOff: true });
    await caller.availability.overrides.set({ date: "2027-02-02", isDayOff: false, intervals: [["13:00", "15:00"]] });
    await caller.availability.overrides.set({ date: "2027-02-06", isDayOff: false, intervals: [["10:00", "11:00"]] }); // a Saturday
    const { slots } = await caller.availability.slots(range);
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      "2027-02-02T13:00:00Z",
      "2027-02-02T14:00:00Z",
      ...Array.from({ length: 8 }, (_, i) => `2027-02-03T${String(9 + i).padStart(2, "0")}:00:00Z`),
    ]);
    const saturday = await caller.availability.slots({ ...range, from: new Date("2027-02-06T00:00:00Z"), to: new Date("2027-02-07T00:00:00Z") });
    expect(saturday.slots.map((s) => iso(s.startsAt))).toEqual(["2027-02-06T10:00:00Z"]);

    const listed = await caller.availability.overrides.list({});
    expect(listed.items.map((o) => [o.date, o.isDayOff, o.intervals])).toEqual([
      ["2027-02-01", true, []],
      ["2027-02-02", false, [["13:00", "15:00"]]],
      ["2027-02-06", false, [["10:00", "11:00"]]],
    ]);
    await caller.availability.overrides.remove({ id: dayOff.id });
    const restored = await caller.availability.slots(range);
    expect(restored.slots.filter((s) => iso(s.startsAt).startsWith("2027-02-01"))).toHaveLength(8);
  });

  it("buffers keep the time before and after each booking free", async () => {
    const { user, caller } = await memberWithSchedule({
      timezone: "UTC",
      weeklyHours: WEEKDAYS_9_TO_5,
      slotMinutes: 30,
      bufferBeforeMin: 15,
      bufferAfterMin: 15,
    });
    await caller.bookings.create({ userId: user.id, startsAt: new Date("2027-02-03T12:00:00Z"), timezone: "UTC" });
    const { slots } = await caller.availability.slots({
      userId: user.id,
      from: new Date("2027-02-03T10:30:00Z"),
      to: new Date("2027-02-03T14:00:00Z"),
      timezone: "UTC",
    });
    // 11:30 would need 11:15–12:15 free and 12:30 would need 12:15–13:15 free: both touch the 12:00–12:30 booking.
    expect(slots.map((s) => iso(s.startsAt).slice(11, 16))).toEqual(["10:30", "11:00", "13:00", "13:30"]);
  });

  it("minimum notice: nothing starts sooner than now + notice, and nothing in the past", async () => {
    const { user, caller } = await memberWithSchedule({ timezone: "UTC", weeklyHours: ALL_DAY_EVERY_DAY, minNoticeMinutes: 180 });
    const now = Date.now();
    const { slots } = await caller.availability.slots({ userId: user.id, from: new Date(now - 2 * 86_400_000), to: new Date(now + 86_400_000), timezone: "UTC" });
    const first = slots[0]!.startsAt.getTime();
    expect(first).toBeGreaterThanOrEqual(now + 3 * HOUR);
    expect(first).toBeLessThan(now + 4 * HOUR + 60_000);
    expect(new Date(first).getUTCMinutes()).toBe(0);
  });

  it("maximum per day counts bookings per the user's local day", async () => {
    // Tokyo (UTC+9): the local day of 2027-02-03 runs 2027-02-02T15:00Z–2027-02-03T15:00Z.
    const { user, caller } = await memberWithSchedule({ timezone: "Asia/Tokyo", weeklyHours: WEEKDAYS_9_TO_5, maxPerDay: 2 });
    const range = { userId: user.id, from: new Date("2027-02-02T15:00:00Z"), to: new Date("2027-02-04T15:00:00Z"), timezone: "Asia/Tokyo" };
    const before = await caller.availability.slots(range);
    expect(before.slots.filter((s) => s.localStart.startsWith("2027-02-03"))).toHaveLength(8);
    await caller.bookings.create({ userId: user.id, startsAt: new Date("2027-02-03T00:00:00Z"), timezone: "Asia/Tokyo" }); // 09:00 Tokyo
    const afterOne = await caller.availability.slots(range);
    expect(afterOne.slots.filter((s) => s.localStart.startsWith("2027-02-03"))).toHaveLength(7);
    await caller.bookings.create({ userId: user.id, startsAt: new Date("2027-02-03T07:00:00Z"), timezone: "Asia/Tokyo" }); // 16:00 Tokyo
    const full = await caller.availability.slots(range);
    expect(full.slots.filter((s) => s.localStart.startsWith("2027-02-03"))).toHaveLength(0);
    expect(full.slots.filter((s) => s.localStart.startsWith("2027-02-04"))).toHaveLength(8);
    const third = await rejectionOf(caller.bookings.create({ userId: user.id, startsAt: new Date("2027-02-03T03:00:00Z"), timezone: "UTC" }));
    expect(third.fieldErrors.startsAt?.[0]).toMatch(/already has 2 bookings on 2027-02-03 \(Asia\/Tokyo\), the daily maximum/);
  });

  it("refuses ranges over 62 days, reversed ranges and unknown zones with field errors", async () => {
    const { user, caller } = await memberWithSchedule({ timezone: "UTC", weeklyHours: WEEKDAYS_9_TO_5 });
    const from = new Date("2027-01-01T00:00:00Z");
    const tooLong = await rejectionOf(caller.availability.slots({ userId: user.id, from, to: new Date("2027-03-05T00:00:00Z"), timezone: "UTC" }));
    expect(tooLong.fieldErrors.to).toEqual(["At most 62 days at a time"]);
    const reversed = await rejectionOf(caller.availability.slots({ userId: user.id, from, to: from, timezone: "UTC" }));
    expect(reversed.fieldErrors.to).toEqual(["The end must be after the start"]);
    const zone = await rejectionOf(caller.availability.slots({ userId: user.id, from, to: new Date("2027-01-02"), timezone: "Mars/Olympus" }));
    expect(zone.fieldErrors.timezone?.[0]).toMatch(/Unknown time zone/);
  });
});
