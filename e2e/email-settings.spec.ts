import type { Locator } from "@playwright/test";
import { expect, expectNoSidewaysScroll, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 1 (the demo user, a workspace admin). Settings › Email and Settings › Website chat at a
// phone's width: nothing makes the page scroll sideways, and every control is on screen, large enough to tap and usable.
const WIDTH = 390;


/** A control a thumb can use: inside the screen's width and at least 36 px tall. */
async function expectTappable(control: Locator, what: string) {
  await control.scrollIntoViewIfNeeded();
  const box = await control.boundingBox();
  expect(box, `${what} is not on the page`).not.toBeNull();
  expect(box!.x, `${what} starts off screen`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} ends off screen`).toBeLessThanOrEqual(WIDTH + 1);
  expect(box!.height, `${what} is too small to tap`).toBeGreaterThanOrEqual(36);
}

test("Settings › Email and Settings › Website chat fit a 390 px wide phone and their controls work there", async ({ page }) => {
  await page.setViewportSize({ width: WIDTH, height: 844 });
  await signInAsDemoUser(page);

  await page.goto("/settings/email");
  await expect(page.getByLabel("Sender name")).toBeVisible();
  await expectNoSidewaysScroll(page, "Settings › Email", WIDTH);
  for (const [label, control] of [
    ["Sender name", page.getByLabel("Sender name")],
    ["Sender address", page.getByLabel("Sender address")],
    ["Save sender", page.getByRole("button", { name: "Save sender" })],
    ["Server API token", page.getByLabel("Server API token")],
    ["Connect server", page.getByRole("button", { name: /Connect server|Replace token/ })],
    ["Strategy for new leads", page.getByLabel("Strategy for new leads")],
  ] as const) {
    await expectTappable(control, label);
  }
  // The inbound address (a long word) wraps inside the page.
  await expect(page.getByTestId("inbound-address")).toBeVisible();
  // The sender form is usable at this width: a wrong address is refused in words beside the field, a good one saved.
  await page.getByLabel("Sender address").fill("not an address");
  await page.getByRole("button", { name: "Save sender" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await page.getByLabel("Sender name").fill("Brightside Front Desk");
  await page.getByLabel("Sender address").fill("front.desk.with.a.rather.long.address@brightside-plumbing.example");
  await page.getByRole("button", { name: "Save sender" }).click();
  await expect(page.getByText("Emails go out as")).toContainText("front.desk.with.a.rather.long.address@brightside-plumbing.example");
  await expectNoSidewaysScroll(page, "Settings › Email after saving a long sender", WIDTH);

  await page.goto("/settings/website-chat");
  await expect(page.getByLabel("Chat snippet")).toBeVisible();
  await expectNoSidewaysScroll(page, "Settings › Website chat", WIDTH);
  for (const [label, control] of [
    ["Copy snippet", page.getByRole("button", { name: "Copy snippet" })],
    ["Allowed sites", page.getByLabel("Allowed sites (one per line)")],
    ["Strategy for new visitors", page.getByLabel("Strategy for new visitors")],
    ["Save", page.getByRole("button", { name: "Save", exact: true })],
  ] as const) {
    await expectTappable(control, label);
  }
  await page.getByLabel("Allowed sites (one per line)").fill("https://www.brightside-plumbing-and-heating-services.example\nhttps://brightside.example");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved", { exact: true })).toBeVisible();
  await page.getByLabel("Allowed sites (one per line)").fill("not a site");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/Write a site address such as/)).toBeVisible();
  await expectNoSidewaysScroll(page, "Settings › Website chat with an error", WIDTH);
});
