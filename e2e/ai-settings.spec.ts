import type { Page } from "@playwright/test";
import { expect, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 2 (the demo user, the seeded super admin). Every page here is checked at phone width.
const SUPER_ADMIN = { email: "admin@loctelli.local", password: "AdminPassword123!" };
const PHONE = { width: 390, height: 844 };

async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, "the page scrolls sideways at 390 px").toBeLessThanOrEqual(PHONE.width);
}

test.use({ viewport: PHONE });

test("a workspace admin sees the AI is on, tries a model, switches the prompt template, compares and restores strategy versions", async ({ page }) => {
  await signInAsDemoUser(page);

  // Settings › AI: what answers now, "test connection" on an address where nothing listens, in plain words.
  await page.goto("/settings/ai");
  await expect(page.getByTestId("ai-effective")).toContainText("The AI is on");
  await expectNoSidewaysScroll(page);
  await page.getByLabel("Provider").click();
  await page.getByRole("option", { name: /OpenAI-compatible/ }).click();
  await page.getByLabel("Server address").fill("http://127.0.0.1:59999/v1");
  await page.getByLabel("Model").fill("llama3.1");
  await page.getByRole("button", { name: "Test connection" }).click();
  // This server runs in production: a workspace's own server must be on the internet, never inside our network.
  await expect(page.getByTestId("connection-result")).toHaveText(
    "A workspace's own server must be an https address on the internet (not localhost or a private network).",
  );
  await expect(page.getByText(/OPENAI_/)).toHaveCount(0);

  // The prompt template: the catalogue is readable, and the workspace switches to the platform default.
  const templates = page.getByRole("list", { name: "Templates" });
  await expect(templates.getByRole("listitem").first()).toBeVisible();
  await templates.getByRole("button", { name: "Read" }).first().click();
  const useDefault = page.getByRole("button", { name: "Use the platform default" });
  if (await useDefault.isVisible()) {
    await useDefault.click();
    await expect(page.getByText("Switched. The next AI turn uses it.")).toBeVisible();
  }
  await expect(page.getByTestId("active-template")).toContainText("This workspace uses");
  await expectNoSidewaysScroll(page);

  // The strategy: the AI status is said before anything is sent; versions compare and restore.
  await page.goto("/strategies");
  await page.getByRole("link", { name: "Inbound plumbing leads" }).first().click();
  await expect(page).toHaveURL(/\/strategies\/\d+$/);
  await expect(page.getByTestId("ai-status")).toContainText("The AI answers leads");
  const versions = page.getByRole("list", { name: "Versions" });
  const first = versions.getByRole("listitem").filter({ has: page.getByText("Version 1", { exact: true }) });
  await first.locator("summary").click();
  await first.getByRole("button", { name: "Compare with current" }).click();
  const diff = page.getByTestId("version-diff");
  await expect(diff).toContainText("Closing strategy");
  await expect(diff.locator("del").first()).toBeVisible();
  await expect(diff.locator("ins").first()).toBeVisible();
  await expectNoSidewaysScroll(page);
  await first.getByRole("button", { name: "Restore" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText(/^Version 1 restored as version \d+\./)).toBeVisible();

  // The save bar stays on screen while the long form is scrolled to its top, and confirms the save.
  await page.getByLabel("Tag", { exact: true }).fill(`inbound-${Date.now() % 1000}`);
  await page.getByLabel("Name", { exact: true }).scrollIntoViewIfNeeded();
  const saveBar = page.getByTestId("strategy-save-bar");
  await expect(saveBar).toBeInViewport();
  await expect(saveBar).toContainText("Unsaved changes");
  await saveBar.getByRole("button", { name: "Save changes" }).click();
  await expect(saveBar).toContainText(/Saved as version \d+\./);
  await expectNoSidewaysScroll(page);

  // The inbox is alive without a model: the seeded conversations across channels.
  await page.goto("/inbox");
  await expect(page.getByTestId("inbox-conversation").filter({ hasText: "Nina Shah" })).toBeVisible();
  await expect(page.getByTestId("inbox-conversation").filter({ hasText: "Carla Mendes" })).toContainText("AI off");
  await expectNoSidewaysScroll(page);
});

test("a platform admin tries the platform's model before saving it", async ({ page }) => {
  await page.goto("/sign-in/admin");
  await page.getByLabel("Email").fill(SUPER_ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(SUPER_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/^https?:\/\/[^/]+\/admin$/);

  await page.goto("/admin/ai");
  await expect(page.getByRole("heading", { level: 1, name: "AI model" })).toBeVisible();
  await expect(page.getByTestId("platform-ai-status")).toContainText("start-up configuration");
  await expect(page.getByText(/OPENAI_/)).toHaveCount(0);
  await expectNoSidewaysScroll(page);
  await page.getByLabel("Model").fill("gpt-4o-mini");
  // OpenAI itself: saving without a key is refused by name.
  await page.getByRole("button", { name: "Save as the default" }).click();
  await expect(page.getByText("OpenAI needs an API key: paste one.")).toBeVisible();
  await page.getByLabel("Provider").click();
  await page.getByRole("option", { name: /OpenAI-compatible/ }).click();
  await page.getByLabel("Server address").fill("http://127.0.0.1:59999/v1");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-result")).toContainText("could not be reached");
  await expectNoSidewaysScroll(page);
});
