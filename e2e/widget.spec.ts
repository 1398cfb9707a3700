import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 1 (the demo user, whose availability is Mon–Fri from 09:00 in America/New_York).
// A customer's website on another origin embeds the chat with the snippet from Settings › Website chat. The page is
// served by this file's own HTTP server, reachable as two origins: http://localhost:<port> (the allowed site) and
// http://127.0.0.1:<port> (a site the workspace never allowed). The visitor talks to the e2e server's scripted model
// (scripts/e2e-model-server.ts: asked for an appointment it offers the next weekday's first free time, and books it
// when the visitor says it works).

/** The customer's site: every path answers the same page, which carries `snippet` before </body>. */
async function startCustomerSite(snippet: () => string) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Brightside Plumbing</title></head>
<body><h1>Brightside Plumbing</h1><p>Leaks fixed the same day.</p>${snippet()}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    allowed: `http://localhost:${port}`,
    other: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test("a visitor on the customer's site chats, books a meeting and leaves their details; a person answers in the chat; another site is refused", async ({ page, browser, baseURL }) => {
  test.setTimeout(150_000);
  const stamp = Date.now();
  const visitorName = `Wendy Widget ${stamp}`;
  const visitorEmail = `wendy.${stamp}@example.com`;
  const phoneDigits = `2025550${150 + (stamp % 800)}`;

  let snippet = "";
  const site = await startCustomerSite(() => snippet);
  try {
    await signInAsDemoUser(page);

    // A strategy that answers at once (the seeded one waits 5-20 s per reply, as a person typing would).
    const strategyName = `Website front desk ${stamp}`;
    const created = await page.request.post("/api/trpc/strategies.create", {
      headers: { "content-type": "application/json" },
      data: { json: { name: strategyName, aiName: "Ava", delayMin: 0, delayMax: 0 } },
    });
    expect(created.status()).toBe(200);

    // Settings › Website chat: allow the customer's site, answer new visitors with that strategy, copy the snippet.
    await page.goto("/settings/website-chat");
    await page.getByLabel("Allowed sites (one per line)").fill(site.allowed);
    await page.getByLabel("Strategy for new visitors").selectOption({ label: strategyName });
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByText("Saved", { exact: true })).toBeVisible();
    snippet = (await page.getByLabel("Chat snippet").textContent()) ?? "";
    expect(snippet).toMatch(new RegExp(`^<script src="${baseURL}/widget\\.js" data-key="[0-9a-f-]{36}" async></script>$`));

    // The visitor: another browser (no staff cookies), on the customer's site, in New York.
    // No extra headers: a visitor's browser sends none (the suite's X-Forwarded-For would make every cross-site call preflighted).
    const visitorContext = await browser.newContext({ timezoneId: "America/New_York", extraHTTPHeaders: {} });
    const visitor = await visitorContext.newPage();
    await visitor.goto(site.allowed);
    await visitor.getByRole("button", { name: "Chat with Demo Workspace" }).click();
    const chat = visitor.frameLocator('iframe[data-loctelli-widget="frame"]');
    const log = chat.getByRole("log", { name: "Conversation" });
    const say = async (text: string) => {
      await chat.getByLabel("Your message").fill(text);
      await chat.getByRole("button", { name: "Send" }).click();
      await expect(log.getByText(text)).toBeVisible();
    };

    await say("Hello there");
    await expect(log.getByText("How can I help you today?")).toBeVisible({ timeout: 20_000 });

    // The visitor leaves their details: they fill the lead (and the model now knows the visitor by name).
    await chat.getByText("Leave your name, email or phone").click();
    await chat.getByLabel("Name").fill(visitorName);
    await chat.getByLabel("Email").fill(visitorEmail);
    await chat.getByLabel("Phone").fill(`(${phoneDigits.slice(0, 3)}) ${phoneDigits.slice(3, 6)}-${phoneDigits.slice(6)}`);
    await chat.getByRole("button", { name: "Save my details" }).click();
    await expect(chat.getByText("Thanks, we saved your details.")).toBeVisible();

    // Ask for an appointment: the AI offers a time; accepting books it.
    await say("I'd like an appointment please");
    const offer = log.getByText(/I can offer (.+)\. Does that work\?$/);
    await expect(offer).toBeVisible({ timeout: 20_000 });
    const offeredTime = (await offer.textContent())!.match(/I can offer (.+)\. Does that work\?$/)![1]!;
    await say("That works for me");
    await expect(log.getByText(`You're booked for ${offeredTime}. See you then!`)).toBeVisible({ timeout: 20_000 });

    // The lead is in the app with the visitor's details and the booking.
    await page.goto("/leads");
    await page.getByLabel("Search leads").fill(visitorName);
    await page.getByRole("table", { name: "Leads" }).getByRole("link", { name: visitorName }).click();
    await expect(page).toHaveURL(/\/leads\/\d+$/);
    const leadId = page.url().match(/\/leads\/(\d+)$/)![1];
    await expect(page.getByText(visitorEmail).first()).toBeVisible();
    await expect(page.getByText(new RegExp(`\\+1\\s?${phoneDigits.slice(0, 3)}.?${phoneDigits.slice(3, 6)}.?${phoneDigits.slice(6)}`)).first()).toBeVisible();
    await expect(page.getByTestId("lead-bookings").getByText(`Meeting with ${visitorName}`)).toBeVisible();

    // A person answers from the inbox in the web chat: the visitor's open window shows it at once.
    await page.goto(`/inbox?lead=${leadId}`);
    const conversation = page.getByRole("region", { name: `Conversation with ${visitorName}` });
    await expect(conversation.getByRole("combobox", { name: "Channel" })).toHaveText("Web chat");
    const answer = `This is Dana: see you soon! (${stamp})`;
    await conversation.getByLabel("Message", { exact: true }).fill(answer);
    await conversation.getByRole("button", { name: "Send" }).click();
    await expect(conversation.getByTestId("chat-message").filter({ hasText: answer })).toHaveAttribute("data-role", "human");
    await expect(log.locator('[data-from="person"]').filter({ hasText: answer })).toBeVisible();

    // A site the workspace never allowed: the chat's configuration is refused and no chat appears.
    const stranger = await visitorContext.newPage();
    const warned = stranger.waitForEvent("console", (m) => m.text().includes("this site may not show this chat"));
    await stranger.goto(site.other);
    await warned;
    const key = snippet.match(/data-key="([^"]+)"/)![1]!;
    const config = await stranger.request.get(`${baseURL}/api/public/widget/config?key=${key}`, { headers: { Origin: site.other } });
    expect(config.status()).toBe(403);
    expect(config.headers()["access-control-allow-origin"]).toBeUndefined();
    await expect(stranger.getByRole("heading", { name: "Brightside Plumbing" })).toBeVisible();
    await expect(stranger.getByRole("button", { name: /^Chat with/ })).toHaveCount(0);
    // Nor can that site frame the chat window itself (frame-ancestors names the allowed site only).
    const framed = await stranger.request.get(`${baseURL}/api/public/widget/frame?key=${snippet.match(/data-key="([^"]+)"/)![1]}`);
    expect(framed.headers()["content-security-policy"]).toContain(`frame-ancestors ${site.allowed}`);
    await visitorContext.close();
  } finally {
    await site.close();
  }
});
