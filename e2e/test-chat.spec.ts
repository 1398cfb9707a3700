import { nextWeekdayInNewYork } from "../scripts/e2e-model-server";
import { expect, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 1 (the demo user, whose availability is Mon–Fri from 09:00 in America/New_York).
// The e2e server's model is scripts/e2e-model-server.ts: asked for an appointment it offers the first free time of
// the next weekday, and books it when the lead says it works.

/** Whether `date` (YYYY-MM-DD) falls in a later Monday-first week than today, both in New York. */
function inNextWeek(date: string): boolean {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" }).format(new Date());
  const mondayOf = (key: string) => {
    const d = new Date(`${key}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return d.getTime();
  };
  return mondayOf(date) > mondayOf(today);
}

test("the test chat books a meeting that then appears on the calendar", async ({ page }) => {
  await signInAsDemoUser(page);

  // Open the seeded strategy and its test chat.
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Strategies" }).click();
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/strategies\/\d+$/);
  await page.getByRole("link", { name: "Test chat" }).click();
  await expect(page).toHaveURL(/\/strategies\/\d+\/test$/);
  await expect(page.getByRole("heading", { level: 1, name: /^Test chat: / })).toBeVisible();

  const conversation = page.getByRole("region", { name: "Test conversation" });
  const message = page.getByLabel("Your message");

  // Ask for an appointment: the AI checks availability and offers a time.
  await message.fill("Hi, I'd like an appointment please");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(conversation.getByText("Hi, I'd like an appointment please")).toBeVisible();
  const offer = conversation.getByText(/^I can offer (.+)\. Does that work\?$/);
  await expect(offer).toBeVisible({ timeout: 20_000 });
  await expect(conversation.locator('[data-tool="check_availability"]')).toContainText("Checked availability");
  const offeredTime = (await offer.textContent())!.match(/^I can offer (.+)\. Does that work\?$/)![1]!;

  // Accept: the AI books it, the tool call shows the booked time, and the reply confirms it.
  await message.fill("That works for me");
  await page.getByRole("button", { name: "Send" }).click();
  const booking = conversation.locator('[data-tool="book_meeting"]');
  await expect(booking).toBeVisible({ timeout: 20_000 });
  await expect(booking).toContainText("Booked a meeting");
  await expect(booking.getByLabel("succeeded")).toBeVisible();
  await expect(booking).toContainText(offeredTime);
  await expect(conversation.getByText(`You're booked for ${offeredTime}. See you then!`)).toBeVisible();

  // The meeting is on the demo user's calendar.
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Bookings" }).click();
  await expect(page).toHaveURL(/\/bookings$/);
  const weekHeading = page.getByTestId("calendar-week");
  await expect(weekHeading).not.toBeEmpty();
  if (inNextWeek(nextWeekdayInNewYork())) {
    const thisWeek = await weekHeading.textContent();
    await page.getByRole("button", { name: "Next week" }).click();
    await expect(weekHeading).not.toHaveText(thisWeek ?? "");
  }
  await expect(page.getByTestId("calendar-booking").filter({ hasText: "Meeting with Test chat (Dana Demo)" })).toBeVisible();
});
