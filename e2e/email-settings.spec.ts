import type { Page } from "@playwright/test";
import { expect, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 1 (the demo user, an admin of the demo workspace).
// Every page this file opens is checked at a phone's width (390 px): nothing wider than the screen.
const PHONE = { width: 390, height: 844 };

async function expectFitsTheScreen(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, "the page is wider than a 390 px screen").toBeLessThanOrEqual(PHONE.width);
}

test("Settings › Email on a phone: the inbound address is shown, the sender is saved; a broken unsubscribe link says so", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await signInAsDemoUser(page);
  await page.goto("/settings/email");
  await expect(page.getByRole("heading", { level: 2, name: "Email" })).toBeVisible();
  await expect(page.getByTestId("inbound-address")).toHaveText(/^inbox\+[a-z2-7]{20}@/);
  await expectFitsTheScreen(page);
  await page.getByLabel("Sender name").fill("Demo Dental");
  await page.getByLabel("Sender address").fill("hello@demo-dental.example");
  await page.getByRole("button", { name: "Save sender" }).click();
  await expect(page.getByText('Emails go out as "Demo Dental" <hello@demo-dental.example>')).toBeVisible();
  await expectFitsTheScreen(page);

  await page.goto("/unsubscribe?token=1.YUBiLmM.AAAAAAAAAAAAAAAAAAAAAA");
  await expect(page.getByRole("heading", { level: 1, name: "This link does not work" })).toBeVisible();
  await expectFitsTheScreen(page);
});
