import { DEMO_USER, expect, expectNoSidewaysScroll, signIn, test } from "./fixtures";

// Sign-ins in this file: 1 (the demo user, a workspace admin). At a phone's width: the current filters of the leads
// list saved as a selection (its address keeps them), a name already used refused in words, the selection applied
// from the picker, then used in the campaign wizard with its live count, scheduled, and named on the campaign's page.
const WIDTH = 390;


test("a selection saved on the leads list becomes a campaign's recipients, at 390 px", async ({ page }) => {
  // A shared, loaded machine: a sign-in (bcrypt in a pool) and the first render of each page may take a while.
  test.setTimeout(180_000);
  await page.setViewportSize({ width: WIDTH, height: 844 });
  await signIn(page, DEMO_USER.email, DEMO_USER.password);
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 60_000 });
  const name = `Qualified Carla ${Date.now()}`;

  // The current filters: a search and a status. Both live in the address.
  await page.goto("/leads");
  await page.getByLabel("Search leads").fill("Carla Mendes");
  await expect(page).toHaveURL(/[?&]q=Carla(\+|%20)Mendes/);
  await page.getByLabel("Status", { exact: true }).click();
  await page.getByRole("option", { name: "Qualified", exact: true }).click();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=qualified/);
  await expect(page.getByRole("link", { name: "Carla Mendes" })).toBeVisible();
  await expectNoSidewaysScroll(page, "Leads list", WIDTH);

  // Save them under a name; the picker then shows it and the address names it.
  await page.getByRole("button", { name: "Save selection" }).click();
  await page.getByRole("dialog").getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("dialog").getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(page).toHaveURL(/selection=\d+/);
  await expect(page.getByLabel("Saved selection", { exact: true })).toContainText(name);
  await expectNoSidewaysScroll(page, "Leads list with a selection", WIDTH);

  // The same name again is refused, in words, beside the field.
  await page.getByRole("button", { name: "Save selection" }).click();
  await page.getByRole("dialog").getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("dialog").getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("dialog").getByText(`A saved selection named “${name}” already exists; choose another name.`)).toBeVisible();
  await expectNoSidewaysScroll(page, "Save selection dialog", WIDTH);
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

  // Clear the filters, then apply the selection from the picker: its filters come back into the address and the list.
  await page.getByRole("button", { name: "Clear" }).click();
  await expect(page).not.toHaveURL(/status=qualified/);
  await page.getByLabel("Saved selection", { exact: true }).click();
  await page.getByRole("option", { name, exact: true }).click();
  await expect(page).toHaveURL(/status=qualified/);
  await expect(page).toHaveURL(/q=Carla/);
  await expect(page.getByLabel("Search leads")).toHaveValue("Carla Mendes");
  await expect(page.getByRole("link", { name: "Carla Mendes" })).toBeVisible();
  // A reload shows the same list: the address is the source of truth.
  await page.reload();
  await expect(page.getByLabel("Saved selection", { exact: true })).toContainText(name);
  await expect(page.getByRole("link", { name: "Carla Mendes" })).toBeVisible();

  // Into the campaign wizard with it: the saved selection is chosen and counted live.
  await page.getByRole("link", { name: "Text these leads" }).click();
  await expect(page).toHaveURL(/\/campaigns\/new\?selection=\d+/);
  await expect(page.getByRole("radio", { name: "A saved selection" })).toHaveAttribute("aria-checked", "true");
  await expect(page.getByLabel("Saved selection", { exact: true })).toContainText(name);
  await expect(page.getByRole("status", { name: "Recipients count" })).toHaveText(/^1 lead matches now · 1 can get the text$/);
  await expect(page.getByText("editing or deleting the selection afterwards does not change who gets this campaign")).toBeVisible();
  // Switching to filters and back keeps the count live.
  await page.getByRole("radio", { name: "Leads matching filters" }).click();
  await expect(page.getByRole("status", { name: "Recipients count" })).toHaveText(/leads? match/);
  await page.getByRole("radio", { name: "A saved selection" }).click();
  await expect(page.getByRole("status", { name: "Recipients count" })).toHaveText(/^1 lead matches now/);
  await expectNoSidewaysScroll(page, "New campaign from a selection", WIDTH);

  await page.getByLabel("Campaign name (only your team sees it)").fill(`From ${name}`);
  await page.getByLabel("Message", { exact: true }).fill("Hi {{lead.firstName}}, a spring check-up?");
  await page.getByRole("radio", { name: "Schedule for later" }).click();
  await page.getByLabel(/Date and time/).fill(`${new Date().getUTCFullYear() + 1}-06-01T10:00`);
  await page.getByRole("button", { name: "Review" }).click();
  await expect(page.getByText(`the leads matching the saved selection “${name}” now`)).toBeVisible();
  await expect(page.getByText("Hi Carla, a spring check-up?")).toBeVisible();
  await expectNoSidewaysScroll(page, "Campaign review", WIDTH);
  await page.getByRole("button", { name: "Schedule" }).click();

  await expect(page).toHaveURL(/\/campaigns\/\d+$/);
  await expect(page.getByText(`the saved selection “${name}” as it was when this campaign was scheduled`)).toBeVisible();
  await expectNoSidewaysScroll(page, "The campaign", WIDTH);
});
