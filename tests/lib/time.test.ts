// The host runs in yet another zone: nothing below may depend on the process's (or a browser's) own clock.
process.env.TZ = "Asia/Kathmandu";

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  dayKey,
  formatDate,
  formatDateTime,
  formatSlot,
  formatTime,
  formatTimeRange,
  isoWithOffset,
  leadLocalTime,
  parseZonedInput,
  toZonedInputValue,
  zoneAbbreviation,
  zonedFormValue,
  zonesDiffer,
} from "@/lib/time";

/** ICU separates "10:00" and "AM" with a narrow no-break space and a range's dash with thin spaces. */
const plain = (text: string | null) => text?.replace(/[\u2009\u202f]/g, " ") ?? text;

const NY = "America/New_York";

describe("times shown to a person", () => {
  it("formats one instant in the zone it is given, with the zone named", () => {
    const instant = new Date("2026-12-03T15:00:00Z");
    expect(plain(formatDateTime(instant, NY))).toBe("Dec 3, 2026, 10:00 AM EST");
    expect(plain(formatDateTime(instant, "Europe/Berlin"))).toBe("Dec 3, 2026, 4:00 PM GMT+1");
    // Tokyo's calendar is already on the next day.
    expect(plain(formatDateTime(instant, "Asia/Tokyo"))).toBe("Dec 4, 2026, 12:00 AM GMT+9");
    expect(plain(formatSlot(instant, NY))).toBe("Thu, Dec 3, 10:00 AM EST");
    expect(plain(formatTime(instant, NY))).toBe("10:00 AM EST");
    expect(plain(formatTime(instant, NY, { withZone: false }))).toBe("10:00 AM");
    expect(formatDate(instant, "Asia/Tokyo")).toBe("Dec 4, 2026");
    expect(formatDate(instant, NY)).toBe("Dec 3, 2026");
  });

  it("reads strings and numbers, and shows the fallback for no date or an unreadable one", () => {
    expect(plain(formatDateTime("2026-12-03T15:00:00.000Z", NY))).toBe("Dec 3, 2026, 10:00 AM EST");
    expect(plain(formatDateTime(Date.UTC(2026, 11, 3, 15), NY))).toBe("Dec 3, 2026, 10:00 AM EST");
    expect(formatDateTime(null, NY)).toBe("—");
    expect(formatDateTime(undefined, NY, "Never")).toBe("Never");
    expect(formatDateTime("not a date", NY, "Never")).toBe("Never");
  });

  it("names standard and daylight time on each side of the spring-forward change", () => {
    // New York jumps from 2:00 EST to 3:00 EDT at 07:00 UTC on 8 March 2026.
    expect(plain(formatTime(new Date("2026-03-08T06:59:00Z"), NY))).toBe("1:59 AM EST");
    expect(plain(formatTime(new Date("2026-03-08T07:00:00Z"), NY))).toBe("3:00 AM EDT");
    expect(zoneAbbreviation(new Date("2026-03-08T06:59:00Z"), NY)).toBe("EST");
    expect(zoneAbbreviation(new Date("2026-03-08T07:00:00Z"), NY)).toBe("EDT");
  });

  it("tells the two 1:30 AMs of the fall-back night apart by their zone", () => {
    expect(plain(formatTime(new Date("2026-11-01T05:30:00Z"), NY))).toBe("1:30 AM EDT");
    expect(plain(formatTime(new Date("2026-11-01T06:30:00Z"), NY))).toBe("1:30 AM EST");
  });

  it("formats ranges, naming both zones when the range crosses a DST change", () => {
    expect(plain(formatTimeRange(new Date("2026-12-03T15:00:00Z"), new Date("2026-12-03T15:30:00Z"), NY))).toBe(
      "Thu, Dec 3, 10:00 – 10:30 AM EST",
    );
    expect(plain(formatTimeRange(new Date("2026-03-08T06:30:00Z"), new Date("2026-03-08T07:30:00Z"), NY))).toBe(
      "Sun, Mar 8, 1:30 AM EST – 3:30 AM EDT",
    );
    expect(plain(formatTimeRange(new Date("2026-10-31T23:30:00Z"), new Date("2026-11-02T00:30:00Z"), NY))).toBe(
      "Sat, Oct 31, 7:30 PM EDT – Sun, Nov 1, 7:30 PM EST",
    );
  });
});

describe("the lead's clock beside the viewer's", () => {
  const instant = new Date("2026-12-03T15:00:00Z");

  it("is shown when the lead's zone shows another wall clock", () => {
    expect(plain(leadLocalTime(instant, NY, "Europe/Berlin"))).toBe("4:00 PM GMT+1");
    expect(plain(leadLocalTime(instant, NY, "America/Los_Angeles"))).toBe("7:00 AM PST");
  });

  it("names the lead's day when it is another calendar day there", () => {
    expect(plain(leadLocalTime(instant, NY, "Asia/Tokyo"))).toBe("Fri, Dec 4, 12:00 AM GMT+9");
  });

  it("is left out for no zone, the same zone, or a zone on the same clock at that instant", () => {
    expect(leadLocalTime(instant, NY, null)).toBeNull();
    expect(leadLocalTime(instant, NY, NY)).toBeNull();
    expect(leadLocalTime(instant, NY, "America/Detroit")).toBeNull();
    expect(leadLocalTime(null, NY, "Europe/Berlin")).toBeNull();
  });

  it("compares the zones at that instant: London and Lisbon agree in winter, Phoenix and Denver only in summer", () => {
    expect(zonesDiffer(instant, "Europe/London", "Europe/Lisbon")).toBe(false);
    expect(zonesDiffer(new Date("2026-12-03T15:00:00Z"), "America/Phoenix", "America/Denver")).toBe(false);
    expect(zonesDiffer(new Date("2026-07-03T15:00:00Z"), "America/Phoenix", "America/Denver")).toBe(true);
  });
});

describe("ISO 8601 with the zone's offset (exports)", () => {
  it("writes the offset the zone had at each instant", () => {
    expect(isoWithOffset(new Date("2026-12-02T15:00:00Z"), NY)).toBe("2026-12-02T10:00:00-05:00");
    expect(isoWithOffset(new Date("2026-07-02T14:00:00Z"), NY)).toBe("2026-07-02T10:00:00-04:00");
    expect(isoWithOffset(new Date("2026-12-02T15:00:00Z"), "Asia/Kolkata")).toBe("2026-12-02T20:30:00+05:30");
    expect(isoWithOffset(new Date("2026-12-02T15:00:00Z"), "UTC")).toBe("2026-12-02T15:00:00+00:00");
    expect(isoWithOffset(null, NY)).toBeNull();
  });

  it("keeps the two 1:30 AMs of the fall-back night apart by their offsets", () => {
    expect(isoWithOffset(new Date("2026-11-01T05:30:00Z"), NY)).toBe("2026-11-01T01:30:00-04:00");
    expect(isoWithOffset(new Date("2026-11-01T06:30:00Z"), NY)).toBe("2026-11-01T01:30:00-05:00");
  });

  it("reads back as the same instant (to the second) for any instant and zone", () => {
    const zones = ["UTC", NY, "Europe/London", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"];
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }),
        fc.constantFrom(...zones),
        (date, zone) => {
          const iso = isoWithOffset(date, zone)!;
          expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
          expect(new Date(iso).getTime()).toBe(Math.floor(date.getTime() / 1000) * 1000);
        },
      ),
    );
  });
});

describe("date and time inputs read on the viewer's clock", () => {
  it("reads a day as that day's start or end in the zone", () => {
    expect(parseZonedInput("2026-12-01", "Asia/Tokyo")?.toISOString()).toBe("2026-11-30T15:00:00.000Z");
    expect(parseZonedInput("2026-12-01", "Asia/Tokyo", { endOfDay: true })?.toISOString()).toBe("2026-12-01T14:59:59.999Z");
    expect(parseZonedInput("2026-12-01", NY)?.toISOString()).toBe("2026-12-01T05:00:00.000Z");
  });

  it("reads a datetime-local value, moving a skipped spring-forward time forward by the gap", () => {
    expect(parseZonedInput("2026-12-03T10:00", NY)?.toISOString()).toBe("2026-12-03T15:00:00.000Z");
    expect(parseZonedInput("2026-03-08T02:30", NY)?.toISOString()).toBe("2026-03-08T07:30:00.000Z");
    // The fall-back night's 1:30 happens twice; the first (daylight time) is taken.
    expect(parseZonedInput("2026-11-01T01:30", NY)?.toISOString()).toBe("2026-11-01T05:30:00.000Z");
  });

  it("refuses days and times that do not exist instead of rolling them over", () => {
    for (const value of ["2027-02-30", "2027-13-05", "2027-00-10", "2026-12-32", "2026-12-01T24:00", "2026-12-01T10:60", "12/01/2026", "", null, undefined]) {
      expect(parseZonedInput(value, NY)).toBeUndefined();
    }
    expect(parseZonedInput("2028-02-29", NY)).toBeInstanceOf(Date);
  });

  it("shows a stored instant in a datetime-local input on the zone's clock, and reads it back", () => {
    const instant = new Date("2026-12-03T15:00:00Z");
    expect(toZonedInputValue(instant, NY)).toBe("2026-12-03T10:00");
    expect(toZonedInputValue(instant, "Asia/Tokyo")).toBe("2026-12-04T00:00");
    expect(parseZonedInput(toZonedInputValue(instant, "Asia/Tokyo"), "Asia/Tokyo")).toEqual(instant);
    expect(dayKey(instant, "Asia/Tokyo")).toBe("2026-12-04");
  });

  it("gives forms a Date, undefined for empty, and leaves an unreadable value for the schema to refuse", () => {
    expect(zonedFormValue("2026-12-03T10:00", NY)).toEqual(new Date("2026-12-03T15:00:00Z"));
    expect(zonedFormValue("", NY)).toBeUndefined();
    expect(zonedFormValue(null, NY)).toBeUndefined();
    expect(zonedFormValue("2027-02-30T10:00", NY)).toBe("2027-02-30T10:00");
  });
});
