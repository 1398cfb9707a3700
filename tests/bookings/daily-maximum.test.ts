import { describe, expect, it } from "vitest";
import { unsafeDb } from "@/server/db/client";
import { createUser, signedInCaller } from "../support/factories";
import { memberWithSchedule, rejectionOf, WEEKDAYS_9_TO_5 } from "./world";

const MONDAY_NY = (hour: number) => new Date(Date.UTC(2027, 1, 1, hour + 5)); // 2027-02-01, EST = UTC-5

describe("daily maximum under concurrency", () => {
  it("five simultaneous bookings on different slots of one day, with a maximum of 2 per day: exactly 2 succeed", async () => {
    const { subAccountId, user } = await memberWithSchedule({ timezone: "America/New_York", weeklyHours: WEEKDAYS_9_TO_5, maxPerDay: 2 });
    const managers = await Promise.all(
      Array.from({ length: 5 }, async () => (await signedInCaller({ kind: "user", id: (await createUser({ subAccountId, role: "manager" })).id })).caller),
    );
    const results = await Promise.allSettled(
      managers.map((caller, i) => caller.bookings.create({ userId: user.id, startsAt: MONDAY_NY(10 + i), timezone: "America/New_York" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    for (const r of results.filter((x) => x.status === "rejected")) {
      const e = await rejectionOf(Promise.reject((r as PromiseRejectedResult).reason));
      expect(e.code).toBe("BAD_REQUEST");
      // The times are free slots; what refuses them is the day being full, and the message says so.
      expect(e.fieldErrors.startsAt?.[0]).toBe(`${user.name} already has 2 bookings on 2027-02-01 (America/New_York), the daily maximum. Choose another day.`);
    }
    expect(await unsafeDb.booking.count({ where: { userId: user.id, status: { in: ["pending", "confirmed"] } } })).toBe(2);
  });

  it("a time outside the working hours on a full day is still 'not a free slot', not the maximum", async () => {
    const { subAccountId, user } = await memberWithSchedule({ timezone: "America/New_York", weeklyHours: WEEKDAYS_9_TO_5, maxPerDay: 1 });
    const { caller } = await signedInCaller({ kind: "user", id: (await createUser({ subAccountId, role: "manager" })).id });
    await caller.bookings.create({ userId: user.id, startsAt: MONDAY_NY(10), timezone: "America/New_York" });
    const full = await rejectionOf(caller.bookings.create({ userId: user.id, startsAt: MONDAY_NY(11), timezone: "America/New_York" }));
    expect(full.fieldErrors.startsAt?.[0]).toMatch(/already has 1 booking on 2027-02-01 .*daily maximum/);
    const night = await rejectionOf(caller.bookings.create({ userId: user.id, startsAt: MONDAY_NY(20), timezone: "America/New_York" }));
    expect(night.fieldErrors.startsAt?.[0]).toMatch(/not a free slot/);
  });
});
