import type { Page } from "@playwright/test";
import { DEMO_USER, expect, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 1 (the demo user, an admin of the demo workspace). The staff side builds a card form with a
// condition and a consent field and publishes it; a visitor in a fresh browser context (a phone, 390 px) answers half,
// reloads, resumes and finishes; the staff side then sees the submission, the lead with its answers, and the owner's
// notification in the development mailbox.
const PHONE = { width: 390, height: 844 };

async function expectNoSidewaysScroll(page: Page, what: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${what} scrolls sideways at ${PHONE.width}px`).toBeLessThanOrEqual(PHONE.width);
}

/** Picks `option` in the Radix select named `name` (the builder's selects). */
async function choose(page: Page, name: string | RegExp, option: string | RegExp) {
  await page.getByRole("combobox", { name }).click();
  await page.getByRole("option", { name: option }).click();
}

/** Adds a field from the palette and gives it its question. */
async function addField(page: Page, type: string, question: string) {
  await page.getByRole("list", { name: "Field types" }).getByRole("button", { name: new RegExp(`^${type}`) }).click();
  // A consent field's question is its "Title".
  await page.getByTestId("field-editor").getByLabel(/^(Question|Title)$/).fill(question);
}

test("a card form with a condition and consent: built, published, answered half, resumed after a reload, finished, seen as a lead", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signInAsDemoUser(page);
  const formName = `Quote ${Date.now()}`;

  // Build.
  await page.goto("/forms");
  await page.getByRole("button", { name: "New form" }).click();
  await page.getByLabel("Name").fill(formName);
  await page.getByLabel(/Card form/).check();
  await page.getByRole("button", { name: "Create and build" }).click();
  await expect(page).toHaveURL(/\/forms\/\d+$/);

  await addField(page, "Short text", "Your name");
  await choose(page, "Save the answer on the lead as", "The lead's name");
  await addField(page, "Email", "Your email");
  await addField(page, "Single choice", "What do you need?");
  const options = page.getByTestId("field-editor");
  await options.getByRole("textbox", { name: "Option 1", exact: true }).fill("Roof");
  await options.getByRole("textbox", { name: "Option 2", exact: true }).fill("Solar");
  await addField(page, "Number", "Roof size (m²)");
  await addField(page, "Consent", "Text messages");
  await expect(page.getByTestId("builder-field")).toHaveCount(5);

  // The condition: ask the roof size only of those who need a roof.
  await page.getByRole("tab", { name: /Logic/ }).click();
  await page.getByRole("button", { name: "Add a rule" }).click();
  await choose(page, "Rule 1: what to do", "Show");
  await choose(page, "Rule 1: field to show", "Roof size (m²)");
  await choose(page, "Rule 1, condition 1: field", "What do you need?");
  await choose(page, "Rule 1, condition 1: value", "Roof");
  await expect(page.getByTestId("rule-problem")).toHaveCount(0);

  // Settings: the demo user owns the leads and is told of each.
  await page.getByRole("tab", { name: "Settings" }).click();
  await choose(page, "Owner", "One member");
  await choose(page, "Member", /Demo/);
  await page.getByLabel("Email the owner about each submission").click();

  await expect(page.getByTestId("save-state")).toContainText("Draft saved", { timeout: 15_000 });
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published as version 1.")).toBeVisible();

  await page.getByRole("button", { name: "Share & embed" }).click();
  const link = await page.getByLabel("Link", { exact: true }).inputValue();
  expect(link).toMatch(/\/f\/[a-z0-9-]+$/);
  await page.keyboard.press("Escape");

  // The visitor: a fresh context (no staff cookie), a phone.
  const visitorContext = await browser.newContext({ viewport: PHONE, extraHTTPHeaders: { "x-forwarded-for": `10.77.${Math.floor(Math.random() * 250)}.9` } });
  const visitor = await visitorContext.newPage();
  await visitor.goto(link);
  await expectNoSidewaysScroll(visitor, "The public form");
  await visitor.getByLabel("Your name").fill("Ada Formfill");
  await visitor.getByRole("button", { name: "Next" }).click();
  await visitor.getByLabel("Your email").fill("ada.formfill@example.com");
  // Answers are saved as the visitor goes (debounced): wait for the save made on the third card, then reload.
  const savedOnThirdCard = visitor.waitForResponse(
    (r) => r.url().endsWith("/session") && r.request().method() === "POST" && (r.request().postDataJSON() as { currentField?: string }).currentField === "single_choice_1",
    { timeout: 15_000 },
  );
  await visitor.getByRole("button", { name: "Next" }).click();
  await expect(visitor.getByText("What do you need?")).toBeVisible();
  expect((await savedOnThirdCard).ok(), "the visitor's answers were saved").toBe(true);
  await visitor.reload();
  await expect(visitor.getByText("Welcome back: your answers so far are filled in.")).toBeVisible();
  await expect(visitor.getByText("What do you need?")).toBeVisible();
  await visitor.getByLabel("Roof", { exact: true }).check();
  await visitor.getByRole("button", { name: "Next" }).click();
  await visitor.getByLabel("Roof size (m²)").fill("120");
  await visitor.getByRole("button", { name: "Next" }).click();
  await visitor.getByLabel(/I agree to receive text messages/).check();
  await expectNoSidewaysScroll(visitor, "The public form's last card");
  // A robot answering in under 3 s is told it sent too quickly; it sends again as the message asks (same submission id).
  await expect(async () => {
    const send = visitor.getByRole("button", { name: "Send" });
    if (await send.isVisible()) await send.click();
    await expect(visitor.getByRole("heading", { name: "Thank you" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await visitorContext.close();

  // Staff: the submission, its lead with the answers, the owner's notification.
  await page.goto("/forms");
  await page.getByRole("link", { name: formName }).click();
  await expect(page).toHaveURL(/\/forms\/\d+$/);
  await page.getByRole("link", { name: "Submissions" }).click();
  await expect(page).toHaveURL(/\/forms\/\d+\/submissions$/);
  await expect(page.getByText("Ada Formfill").first()).toBeVisible();
  await expect(page.getByText("120", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Ada Formfill" }).click();
  await expect(page).toHaveURL(/\/leads\/\d+$/);
  await expect(page.getByText(/Roof size \(m²\): 120/).first()).toBeVisible();
  await expect(page.getByText(/I agree to receive text messages/).first()).toBeVisible();

  await expect(async () => {
    await page.goto("/dev/mailbox");
    await expect(page.getByTestId("mailbox-email").filter({ hasText: `To ${DEMO_USER.email}` }).filter({ hasText: formName }).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
});

test("the forms list, builder, submissions and analytics fit a 390 px phone", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await signInAsDemoUser(page);
  await page.goto("/forms");
  await expect(page.getByRole("heading", { level: 1, name: "Forms" })).toBeVisible();
  await expectNoSidewaysScroll(page, "Forms");
  await page.getByRole("button", { name: "New form" }).click();
  await page.getByLabel("Name").fill(`Narrow ${Date.now()}`);
  await page.getByRole("button", { name: "Create and build" }).click();
  await expect(page).toHaveURL(/\/forms\/\d+$/);
  await addField(page, "Short text", "Your name");
  await expectNoSidewaysScroll(page, "The builder");
  const id = page.url().split("/").at(-1);
  await page.goto(`/forms/${id}/submissions`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSidewaysScroll(page, "Submissions");
  await page.goto(`/forms/${id}/analytics`);
  await expect(page.getByText("Views", { exact: true }).first()).toBeVisible();
  await expectNoSidewaysScroll(page, "Analytics");
});

test("the builder's preview as a visitor: the draft's cards and logic, nothing sent", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await signInAsDemoUser(page);
  const sent: string[] = [];
  page.on("request", (r) => void (r.url().includes("/api/public/forms/") && sent.push(r.url())));
  await page.goto("/forms");
  await page.getByRole("button", { name: "New form" }).click();
  await page.getByLabel("Name").fill(`Preview ${Date.now()}`);
  await page.getByLabel(/Card form/).check();
  await page.getByRole("button", { name: "Create and build" }).click();
  await expect(page).toHaveURL(/\/forms\/\d+$/);
  await addField(page, "Single choice", "What do you need?");
  await page.getByTestId("field-editor").getByRole("textbox", { name: "Option 1", exact: true }).fill("Roof");
  await page.getByTestId("field-editor").getByRole("textbox", { name: "Option 2", exact: true }).fill("Solar");
  await addField(page, "Number", "Roof size (m²)");
  await page.getByRole("tab", { name: /Logic/ }).click();
  await page.getByRole("button", { name: "Add a rule" }).click();
  await choose(page, "Rule 1: what to do", "Show");
  await choose(page, "Rule 1: field to show", "Roof size (m²)");
  await choose(page, "Rule 1, condition 1: field", "What do you need?");
  await choose(page, "Rule 1, condition 1: value", "Roof");

  // Not published, not even saved yet: the preview renders the draft as it is on screen.
  await page.getByRole("button", { name: "Preview as a visitor" }).click();
  const preview = page.getByRole("dialog");
  await expect(preview.getByText("Preview: nothing is sent.")).toBeVisible();
  await expectNoSidewaysScroll(page, "The preview");
  // Solar: the roof size is skipped, so the first card is the last.
  await preview.getByLabel("Solar", { exact: true }).check();
  await preview.getByRole("button", { name: "Send" }).click();
  await expect(preview.getByRole("heading", { name: "Thank you" })).toBeVisible();
  // Again, with Roof: the roof size is asked.
  await preview.getByRole("button", { name: "Start again" }).click();
  await preview.getByLabel("Roof", { exact: true }).check();
  await preview.getByRole("button", { name: "Next" }).click();
  await preview.getByLabel("Roof size (m²)").fill("80");
  await preview.getByRole("button", { name: "Send" }).click();
  await expect(preview.getByRole("heading", { name: "Thank you" })).toBeVisible();
  expect(sent, "the preview sent nothing").toEqual([]);
});
