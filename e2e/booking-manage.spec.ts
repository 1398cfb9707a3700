import type { APIRequestContext } from "@playwright/test";
import { expect, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 1 (the demo user, who books a lead). The lead then opens the link of the confirmation the
// worker sent, on a 390 px phone without signing in, and moves the booking to another free time.
const WIDTH = 390;

async function trpcPost<T>(request: APIRequestContext, path: string, json: unknown, meta?: unknown): Promise<T> {
  const res = await request.post(`/api/trpc/${path}`, { headers: { "content-type": "application/json" }, data: { json, ...(meta ? { meta } : {}) } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

async function trpcGet<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const res = await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

test("the lead opens the manage link at 390 px and picks another time; the booking moves", async ({ page, browser }) => {
  await signInAsDemoUser(page);
  const me = await trpcGet<{ id: number }>(page.request, "auth.me", { json: null });
  const lead = await trpcPost<{ id: number }>(page.request, "leads.create", { name: `Manage ${Date.now()}`, email: `manage-${Date.now()}@client.example`, timezone: "America/Chicago" });
  const from = new Date(Date.now() + 2 * 86_400_000);
  const to = new Date(from.getTime() + 7 * 86_400_000);
  const slots = await trpcGet<{ slots: { startsAt: string }[] }>(page.request, "availability.slots", {
    json: { userId: me.id, from: from.toISOString(), to: to.toISOString(), timezone: "America/Chicago" },
    meta: { values: { from: ["Date"], to: ["Date"] } },
  });
  expect(slots.slots.length).toBeGreaterThan(2);
  const first = slots.slots[0]!.startsAt;
  const booking = await trpcPost<{ id: number }>(
    page.request,
    "bookings.create",
    { userId: me.id, leadId: lead.id, startsAt: first, timezone: "America/Chicago" },
    { values: { startsAt: ["Date"] } },
  );

  // The worker confirms by email (the demo workspace texts only leads with a phone): the link is in the message.
  let link = "";
  await expect
    .poll(async () => {
      const messages = await trpcGet<{ items: { content: string }[] }>(page.request, "messages.list", { json: { leadId: lead.id, limit: 20 } });
      link = /https?:\/\/[^\s]+\/booking\/[^\s]+/.exec(messages.items.map((m) => m.content).join("\n"))?.[0] ?? "";
      return link;
    }, { timeout: 30_000 })
    .not.toBe("");

  // The lead: another browser context, no session, a phone's width.
  const phone = await browser.newContext({ viewport: { width: WIDTH, height: 844 } });
  const lead390 = await phone.newPage();
  await lead390.goto(new URL(link).pathname);
  await expect(lead390.getByRole("heading", { name: "Your booking" })).toBeVisible();
  await expect(lead390.getByText("Times are shown in America/Chicago time")).toBeVisible();
  const fits = async () => expect(await lead390.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
  await fits();

  await lead390.getByRole("link", { name: "Pick another time" }).click();
  await expect(lead390.getByRole("heading", { name: "Pick another time" })).toBeVisible();
  await fits();
  await lead390.getByRole("list", { name: "Free times" }).getByRole("link").first().click();
  await expect(lead390.getByRole("heading", { name: "Move your booking?" })).toBeVisible();
  await fits();
  await lead390.getByRole("button", { name: "Yes, move it" }).click();
  await expect(lead390.getByText("Your booking has moved. A confirmation is on its way.")).toBeVisible();
  await fits();

  const moved = await trpcGet<{ items: { id: number; startsAt: string }[] }>(page.request, "bookings.list", { json: { leadId: lead.id, limit: 5 } });
  const now = moved.items.find((b) => b.id === booking.id)!;
  expect(now.startsAt).not.toBe(first);
  await phone.close();
});
