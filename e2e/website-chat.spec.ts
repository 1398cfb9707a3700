import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 1 (the demo user, admin of the demo workspace, whose availability is Mon–Fri from 09:00 in
// America/New_York). The e2e server's model (scripts/e2e-model-server.ts) offers the first free time of the next
// weekday when asked for an appointment and books it when the visitor says it works. The customer's site is a page
// served here from another origin (localhost, while the app is 127.0.0.1), embedding the chat with the snippet.

/** A customer's site: one page with `body` on its own origin. */
async function site(body: () => string) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sunny Dental</title></head><body><h1>Sunny Dental</h1>${body()}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://localhost:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test("a visitor on the customer's site chats, leaves their details and books; the lead appears; another site is refused", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  let snippet = "";
  const allowed = await site(() => snippet);
  const refused = await site(() => `${snippet}<iframe id="direct" title="framed directly" src="${baseURL}/api/public/widget/frame?key=${/data-key="([^"]+)"/.exec(snippet)?.[1]}"></iframe>`);
  try {
    // The admin allows the site and chooses the strategy for new visitors, then copies the snippet.
    await signInAsDemoUser(page);
    await page.goto("/settings/website-chat");
    await expect(page.getByRole("heading", { name: "Website chat" })).toBeVisible();
    await page.getByLabel("Allowed sites (one per line)").fill(allowed.origin);
    const strategy = page.getByLabel("Strategy for new visitors");
    await strategy.selectOption({ index: 1 });
    const saved = page.waitForResponse((r) => r.url().includes("widget.updateSettings") && r.status() === 200);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await saved;
    await page.reload();
    await expect(page.getByLabel("Allowed sites (one per line)")).toHaveValue(allowed.origin);
    snippet = (await page.getByLabel("Chat snippet").textContent())!;
    expect(snippet).toMatch(/^<script src="http:\/\/127\.0\.0\.1:\d+\/widget\.js" data-key="[0-9a-f-]{36}" async><\/script>$/);

    // A visitor on a phone: their own browser, 390 px wide.
    // (No extra headers: Chromium would preflight the loader's cross-origin fetch because of them.)
    const visitorContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const visitor = await visitorContext.newPage();
    await visitor.goto(allowed.origin);
    await visitor.getByRole("button", { name: "Chat with Demo Workspace" }).click();
    const chat = visitor.frameLocator('iframe[title="Chat with Demo Workspace"]');
    const log = chat.getByRole("log", { name: "Conversation" });
    // The window fills the phone's screen.
    const box = await visitor.locator('iframe[title="Chat with Demo Workspace"]').boundingBox();
    expect(box?.width).toBe(390);

    const say = async (text: string) => {
      await chat.getByLabel("Your message").fill(text);
      await chat.getByRole("button", { name: "Send" }).click();
      await expect(log.getByText(text)).toBeVisible();
    };
    await say("Hello there");
    // Replies arrive on the live stream (after the strategy's pacing).
    await expect(log.getByText("How can I help you today?")).toBeVisible({ timeout: 45_000 });

    await chat.getByText("Leave your name, email or phone").click();
    await chat.getByLabel("Name").fill("Wendy Widget");
    await chat.getByLabel("Email").fill("wendy.widget@example.com");
    await chat.getByLabel("Phone").fill("+1 202 555 0187");
    await chat.getByRole("button", { name: "Save my details" }).click();
    await expect(chat.getByText("Thanks, we saved your details.")).toBeVisible();

    await say("I'd like an appointment please");
    const offer = log.getByText(/^I can offer (.+)\. Does that work\?$/);
    await expect(offer).toBeVisible({ timeout: 45_000 });
    const offeredTime = (await offer.textContent())!.match(/^I can offer (.+)\. Does that work\?$/)![1]!;
    await say("That works for me");
    await expect(log.getByText(`You're booked for ${offeredTime}. See you then!`)).toBeVisible({ timeout: 45_000 });

    // The visitor closes the window and the launcher is back.
    await chat.getByRole("button", { name: "Close chat" }).click();
    await expect(visitor.getByRole("button", { name: "Chat with Demo Workspace" })).toBeVisible();
    await visitorContext.close();

    // The lead, with the visitor's details, in the workspace.
    await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Leads" }).click();
    await page.getByLabel("Search leads").fill("wendy.widget@example.com");
    await page.getByRole("table", { name: "Leads" }).getByRole("link", { name: "Wendy Widget" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /Wendy Widget/ })).toBeVisible();
    await expect(page.getByText("wendy.widget@example.com")).toBeVisible();
    await expect(page.getByText(/202.*555.*0187/).first()).toBeVisible();

    // Another site with the same snippet: no chat, and the window refuses to be framed there.
    const stranger = await browser.newPage();
    const frameResponse = stranger.waitForResponse((r) => r.url().includes("/api/public/widget/frame"));
    const configResponse = stranger.waitForResponse((r) => r.url().includes("/api/public/widget/config"));
    await stranger.goto(refused.origin);
    expect((await configResponse).status()).toBe(403);
    expect((await frameResponse).headers()["content-security-policy"]).toContain(`frame-ancestors ${allowed.origin}`);
    await expect(stranger.getByRole("button", { name: /Chat with/ })).toHaveCount(0);
    await expect(stranger.frameLocator("#direct").getByRole("log")).toHaveCount(0);
    await stranger.close();
  } finally {
    await allowed.close();
    await refused.close();
  }
});
