import type { Page } from "@playwright/test";
import { expect, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 1 (the demo user). Every SMS page (settings, templates, campaigns list, new campaign, a
// campaign's page, the phone simulator) at a phone's width: nothing may make the page scroll sideways (tables scroll
// inside their own box).
const WIDTH = 390;

/** The page's width fits the viewport; when not, the error names the widest elements that stick out. */
async function expectFits(page: Page, what: string) {
  const { scrollWidth, offenders } = await page.evaluate((width) => {
    const insideScroller = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement) if (["auto", "scroll"].includes(getComputedStyle(p).overflowX)) return true;
      return false;
    };
    const offenders = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !insideScroller(el))
      .slice(0, 6)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(el.textContent ?? "").trim().slice(0, 40)}" right=${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, offenders };
  }, WIDTH);
  expect(scrollWidth, `${what} overflows at ${WIDTH}px: ${offenders.join("; ")}`).toBeLessThanOrEqual(WIDTH);
}

test("every SMS, template, campaign and simulator page fits a 390 px wide phone", async ({ page }) => {
  await page.setViewportSize({ width: WIDTH, height: 844 });
  await signInAsDemoUser(page);

  await page.goto("/settings/sms");
  await expect(page.getByLabel("Strategy for leads who text first")).toBeVisible();
  await expectFits(page, "Settings › SMS");

  await page.goto("/templates");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectFits(page, "Message templates");

  await page.goto("/campaigns/new");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectFits(page, "New campaign");

  // A campaign to look at: scheduled for next year, so nothing is sent.
  const created = await page.request.post("/api/trpc/campaigns.create", {
    headers: { "content-type": "application/json" },
    data: { json: { name: `Narrow ${Date.now()}`, body: "Hello {{lead.firstName}}", audience: { kind: "filters", filters: {} }, sendAt: `${new Date().getUTCFullYear() + 1}-06-01T10:00` } },
  });
  expect(created.status()).toBe(200);
  const id = ((await created.json()) as { result: { data: { json: { id: number } } } }).result.data.json.id;

  await page.goto("/campaigns");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectFits(page, "Campaigns");

  await page.goto(`/campaigns/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText("Recipients", { exact: true })).toBeVisible();
  await expectFits(page, "A campaign");

  await page.goto("/simulator");
  await expect(page.getByLabel("From your pretend phone")).toBeVisible();
  await expectFits(page, "Phone simulator");
});
