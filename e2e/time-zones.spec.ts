import { expect, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 1 (the demo user, whose profile zone is America/New_York, prisma/seed.ts).

const PROFILE_ZONE = "America/New_York";
const LEAD_ZONE = "Europe/Berlin";

// The browser runs in Tokyo (14 hours ahead of New York in winter) and in British English: every time on screen
// must still be New York's, in one format, with its zone named.
test.use({ timezoneId: "Asia/Tokyo", locale: "en-GB" });

/** The profile zone's short name at that instant, as the app names it ("EST" in winter, "EDT" in summer). */
function profileZoneName(at: Date): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: PROFILE_ZONE, timeZoneName: "short" })
    .formatToParts(at)
    .find((part) => part.type === "timeZoneName")!.value;
}

/** Browsers and Node may space "10:00 AM" and ranges with different spaces (narrow, thin, plain). */
const plain = (text: string | null) => (text ?? "").replace(/[\u2009\u202f\u00a0]/g, " ");

/** An instant on `zone`'s clock as the app writes it (en-US, whatever the browser's language). */
function format(at: Date, zone: string, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat("en-US", { ...options, timeZone: zone }).format(at);
}

/** What the app shows for an instant in the profile zone ("Dec 3, 2026, 10:00 AM EST"). */
function inProfileZone(at: Date): string {
  return format(at, PROFILE_ZONE, { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" });
}

test("with the browser in Tokyo and the profile in New York, the calendar, the lead page and the notes show New York's time with its zone", async ({
  page,
}) => {
  const hydrationErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /hydrat|did not match/i.test(message.text())) hydrationErrors.push(message.text());
  });
  page.on("pageerror", (error) => {
    if (/hydrat|did not match/i.test(error.message)) hydrationErrors.push(error.message);
  });

  const stamp = `${Date.now()}`.slice(-7);
  const leadName = `Berlin Lead ${stamp}`;

  await signInAsDemoUser(page);
  // The browser really is in Tokyo: the page's own clock says so.
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe("Asia/Tokyo");

  // A lead who lives in Berlin.
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Leads" }).click();
  await page.getByRole("button", { name: "New lead" }).click();
  const leadDialog = page.getByRole("dialog");
  await leadDialog.getByLabel("Name", { exact: true }).fill(leadName);
  await leadDialog.getByLabel(/^Email/).fill(`berlin-${stamp}@example.test`);
  await leadDialog.getByLabel(/^Time zone/).click();
  await page.getByRole("option", { name: "Europe/Berlin", exact: true }).click();
  await leadDialog.getByRole("button", { name: "Create lead" }).click();
  await expect(page).toHaveURL(/\/leads\/\d+$/);
  const leadUrl = page.url();
  await expect(page.getByText("Europe/Berlin")).toBeVisible();

  // A note's time is on the profile's clock, zone named: the same text New York's clock gives for that instant.
  await page.getByLabel("Add a note").fill(`Lives in Berlin, prefers mornings (${stamp}).`);
  await page.getByRole("button", { name: "Add note" }).click();
  const noteTime = page.getByTestId("notes-timeline").locator("time").first();
  await expect(noteTime).toBeVisible();
  const noteInstant = new Date((await noteTime.getAttribute("datetime"))!);
  expect(plain(await noteTime.textContent())).toBe(plain(inProfileZone(noteInstant)));
  await expect(noteTime).toContainText(profileZoneName(noteInstant));

  // Book next week's first free slot from the calendar.
  await page.getByRole("link", { name: "Book a meeting" }).click();
  await expect(page).toHaveURL(/\/bookings\?lead=\d+$/);
  const weekHeading = page.getByTestId("calendar-week");
  const thisWeek = await weekHeading.textContent();
  await page.getByRole("button", { name: "Next week" }).click();
  await expect(weekHeading).not.toHaveText(thisWeek ?? "");
  const firstSlot = page.getByTestId("week-calendar").getByRole("button", { name: /^Book / }).first();
  await expect(firstSlot).toBeVisible();
  const slotLabel = (await firstSlot.getAttribute("aria-label"))!.replace(/^Book /, "");
  await firstSlot.click();
  await page.getByRole("dialog").getByRole("button", { name: "Book", exact: true }).click();
  await expect(page.getByRole("dialog")).toBeHidden();

  // The calendar names its zone once, and the booking opened from it shows its time with the zone and the lead's clock.
  const zoneName = slotLabel.slice(slotLabel.lastIndexOf(" ") + 1);
  expect(zoneName).toMatch(/^E[SD]T$/);
  await expect(page.getByTestId("calendar-zone")).toHaveText(new RegExp(`^Times in America/New York \\(${zoneName}\\)`));
  await page.getByTestId("calendar-booking").filter({ hasText: `Meeting with ${leadName}` }).click();
  const detail = page.getByRole("dialog");
  const calendarWhen = (await detail.getByTestId("booking-when").textContent())!;
  const calendarLeadClock = (await detail.getByTestId("lead-local-time").textContent())!;
  await page.keyboard.press("Escape");

  // The lead page shows the very same time, zone and lead's clock.
  await page.goto(leadUrl);
  const leadBooking = page.getByTestId("lead-bookings").locator("li").filter({ hasText: `Meeting with ${leadName}` });
  await expect(leadBooking.getByTestId("booking-when")).toHaveText(calendarWhen);
  await expect(leadBooking.getByTestId("lead-local-time")).toHaveText(calendarLeadClock);

  // And that time is New York's clock for the booked instant (Tokyo's would be 14 hours later), Berlin's beside it.
  const startsAt = new Date((await leadBooking.getByTestId("booking-when").getAttribute("datetime"))!);
  const slotInNewYork = format(startsAt, PROFILE_ZONE, { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" });
  expect(plain(slotLabel)).toBe(plain(slotInNewYork));
  // "Mon, Dec 7, 9:00 – 9:30 AM EST": the range shares its day and AM/PM.
  const day = format(startsAt, PROFILE_ZONE, { weekday: "short", month: "short", day: "numeric" });
  const clock = plain(format(startsAt, PROFILE_ZONE, { hour: "numeric", minute: "2-digit" })).split(" ")[0];
  expect(plain(calendarWhen).startsWith(`${day}, ${clock}`)).toBe(true);
  expect(calendarWhen.endsWith(` ${zoneName}`)).toBe(true);
  expect(plain(calendarLeadClock)).toBe(plain(` · ${format(startsAt, LEAD_ZONE, { hour: "numeric", minute: "2-digit", timeZoneName: "short" })} lead's time`));

  // The server's first render and the browser's agree (the zone comes from the profile, not the browser).
  await page.reload();
  await expect(leadBooking.getByTestId("booking-when")).toHaveText(calendarWhen);
  expect(hydrationErrors).toEqual([]);
});
