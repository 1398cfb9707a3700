import { expect, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 1 (the demo user, whose availability is Mon–Fri from 09:00 in America/New_York).

function uniqueLead() {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  // A NANP number whose exchange starts with 2–9, unique per run: +1 415 2xx xxxx.
  const phone = `+1415${2 + (Number(stamp.slice(-1)) % 8)}${stamp.slice(-6)}`;
  return { name: `Casey Journey ${stamp.slice(-6)}`, email: `casey-${stamp}@example.test`, phone };
}

test("the demo user creates a lead, notes it, books it into next week's first free slot and sees the booking on the calendar and the lead", async ({
  page,
}) => {
  const lead = uniqueLead();

  await signInAsDemoUser(page);

  // Create the lead.
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Leads" }).click();
  await expect(page.getByRole("table", { name: "Leads" })).toBeVisible();
  await page.getByRole("button", { name: "New lead" }).click();
  const leadDialog = page.getByRole("dialog");
  await leadDialog.getByLabel("Name", { exact: true }).fill(lead.name);
  await leadDialog.getByLabel(/^Email/).fill(lead.email);
  await leadDialog.getByLabel(/^Phone/).fill(lead.phone);
  await leadDialog.getByRole("button", { name: "Create lead" }).click();

  // Creating opens the lead.
  await expect(page).toHaveURL(/\/leads\/\d+$/);
  const leadUrl = page.url();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(lead.name) })).toBeVisible();
  await expect(page.getByText(lead.email)).toBeVisible();

  // A note shows in the timeline.
  const note = `Called ${lead.name}; wants a visit next week.`;
  await page.getByLabel("Add a note").fill(note);
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByTestId("notes-timeline")).toContainText(note);
  await expect(page.getByLabel("Add a note")).toHaveValue("");

  // Book a meeting: the calendar opens with this lead preselected.
  await page.getByRole("link", { name: "Book a meeting" }).click();
  await expect(page).toHaveURL(/\/bookings\?lead=\d+$/);
  await expect(page.getByText(`Booking a meeting with ${lead.name}`)).toBeVisible();
  const weekHeading = page.getByTestId("calendar-week");
  const thisWeek = await weekHeading.textContent();
  await page.getByRole("button", { name: "Next week" }).click();
  await expect(weekHeading).not.toHaveText(thisWeek ?? "");

  // The first free slot of next week (days left to right, earliest first within a day).
  const firstSlot = page.getByTestId("week-calendar").getByRole("button", { name: /^Book / }).first();
  await expect(firstSlot).toBeVisible();
  const slotLabel = (await firstSlot.getAttribute("aria-label"))!.replace(/^Book /, "");
  await firstSlot.click();
  const bookDialog = page.getByRole("dialog");
  await expect(bookDialog.getByRole("heading", { name: `Book ${slotLabel}` })).toBeVisible();
  await expect(bookDialog.getByTestId("chosen-lead")).toHaveText(lead.name);
  await bookDialog.getByRole("button", { name: "Book", exact: true }).click();
  await expect(bookDialog).toBeHidden();

  // The booking is on the calendar where the slot was, and the slot is no longer offered.
  await expect(page.getByText(`Booked ${slotLabel} with`)).toBeVisible();
  const booking = page.getByTestId("calendar-booking").filter({ hasText: `Meeting with ${lead.name}` });
  await expect(booking).toBeVisible();
  await expect(page.getByRole("button", { name: `Book ${slotLabel}` })).toHaveCount(0);

  // And on the lead.
  await page.goto(leadUrl);
  const leadBookings = page.getByTestId("lead-bookings");
  await expect(leadBookings).toContainText(`Meeting with ${lead.name}`);
  await expect(leadBookings).toContainText("Pending");
});
