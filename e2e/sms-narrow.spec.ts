import { expect, expectNoSidewaysScroll, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 1 (the demo user). Every SMS page (settings, templates, campaigns list, new campaign, a
// campaign's page, the phone simulator) at a phone's width: nothing may make the page scroll sideways (tables scroll
// inside their own box).
const WIDTH = 390;


test("every SMS, template, campaign and simulator page fits a 390 px wide phone", async ({ page }) => {
  await page.setViewportSize({ width: WIDTH, height: 844 });
  await signInAsDemoUser(page);

  await page.goto("/settings/sms");
  await expect(page.getByLabel("Strategy for leads who text first")).toBeVisible();
  await expectNoSidewaysScroll(page, "Settings › SMS", WIDTH);

  await page.goto("/templates");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSidewaysScroll(page, "Message templates", WIDTH);

  await page.goto("/campaigns/new");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSidewaysScroll(page, "New campaign", WIDTH);

  // A campaign to look at: scheduled for next year, so nothing is sent.
  const created = await page.request.post("/api/trpc/campaigns.create", {
    headers: { "content-type": "application/json" },
    data: { json: { name: `Narrow ${Date.now()}`, body: "Hello {{lead.firstName}}", audience: { kind: "filters", filters: {} }, sendAt: `${new Date().getUTCFullYear() + 1}-06-01T10:00` } },
  });
  expect(created.status()).toBe(200);
  const id = ((await created.json()) as { result: { data: { json: { id: number } } } }).result.data.json.id;

  await page.goto("/campaigns");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSidewaysScroll(page, "Campaigns", WIDTH);

  await page.goto(`/campaigns/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("Recipients", { exact: true })).toBeVisible();
  await expectNoSidewaysScroll(page, "A campaign", WIDTH);

  await page.goto("/simulator");
  await expect(page.getByLabel("From your pretend phone")).toBeVisible();
  await expectNoSidewaysScroll(page, "Phone simulator", WIDTH);
});
