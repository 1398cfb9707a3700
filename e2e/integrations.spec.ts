import type { Locator, Page } from "@playwright/test";
import { startGhlServer, type GhlServer } from "../tests/support/ghl-server";
import { startWebhookReceiver, verifyStandardWebhook } from "../tests/support/webhook-receiver";
import { e2eEmulators, expect, expectNoSidewaysScroll, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 5, each test from its own address (the demo user, a workspace admin, in four; the seeded super
// admin in one; the reference page needs none). The outside systems run here, each on the loopback port the e2e
// server's SSRF allow-list lets through for it: a receiver of outbound webhooks, and the GoHighLevel emulator of the
// Vitest suite, signing its webhooks with the key the e2e server trusts (scripts/e2e-server.ts). The app reaches the
// emulator through the connection's "API address".
const SUPER_ADMIN = { email: "admin@loctelli.local", password: "AdminPassword123!" };
const PHONE = 390;
const ZONE = /\d{1,2}:\d{2}\s?(AM|PM) E[SD]T/; // the demo user's profile zone, America/New_York (the browser's own is UTC)

let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let ghl: GhlServer;

test.beforeAll(async () => {
  const emulators = e2eEmulators();
  receiver = await startWebhookReceiver({ port: emulators.webhookReceiverPort });
  ghl = await startGhlServer({ port: emulators.ghlEmulatorPort, privateKeyPem: emulators.ghlPrivateKeyPem });
});
test.afterAll(async () => {
  await receiver?.close();
  await ghl?.close();
});

const stamp = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
const arrivals = (path: string) => receiver.received.filter((r) => r.path === path);

/** Adds an endpoint through the dialog; returns the signing secret it showed once, and the endpoint's card. */
async function addEndpoint(page: Page, fields: { url: string; description: string; alsoLeadUpdated?: boolean }): Promise<{ secret: string; card: Locator }> {
  await expect(page.getByRole("dialog")).toBeHidden();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Address")).toBeVisible();
  await dialog.getByLabel("Address").fill(fields.url);
  await dialog.getByLabel(/^Description/).fill(fields.description);
  if (fields.alsoLeadUpdated) await dialog.getByRole("checkbox", { name: /^Lead updated/ }).check();
  await dialog.getByRole("button", { name: "Add endpoint" }).click();
  await expect(dialog.getByRole("heading", { name: "The endpoint is ready" })).toBeVisible();
  const secret = (await dialog.getByTestId("secret-value").textContent())!.trim();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
  await dialog.getByRole("button", { name: "I have stored the secret" }).click();
  await expect(dialog).toBeHidden();
  const card = page.getByTestId("webhook-endpoint").filter({ hasText: fields.description });
  await expect(card).toBeVisible();
  return { secret, card };
}

test("Settings › Webhooks: an endpoint gets a new lead's event, signed; the log shows it, resends it, shows a failed attempt; edit, rotate, turn off", async ({ page }) => {
  // A long journey: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  const id = stamp();
  const path = `/hooks/${id}`;
  const description = `Lead sheet ${id}`;
  await signInAsDemoUser(page);
  await page.goto("/settings/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks" })).toBeVisible();

  // An address inside the cloud's private network is refused, in words, beside the field.
  await page.getByRole("button", { name: "Add endpoint" }).click();
  let dialog = page.getByRole("dialog");
  await dialog.getByLabel("Address").fill("http://169.254.169.254/latest/meta-data");
  await dialog.getByRole("button", { name: "Add endpoint" }).click();
  await expect(dialog.getByText(/Webhooks cannot be sent to 169\.254\.169\.254: it resolves to a link-local address/)).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  // The next "Add endpoint" click must not land while this dialog is still closing (it was lost that way in CI).
  await expect(dialog).toBeHidden();

  const { secret, card } = await addEndpoint(page, { url: receiver.url(path), description, alsoLeadUpdated: true });
  await expect(card).toContainText("On");
  await expect(card.getByText("Lead created", { exact: true })).toBeVisible();
  await expect(card.getByText("Lead updated", { exact: true })).toBeVisible();

  // A lead made by a person arrives at the receiver, signed with the secret shown once.
  const leadName = `Webhook Lead ${id}`;
  await page.goto("/leads");
  await page.getByRole("button", { name: "New lead" }).click();
  dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill(leadName);
  await dialog.getByLabel(/^Email/).fill(`webhook-${id}@example.test`);
  await dialog.getByRole("button", { name: "Create lead" }).click();
  await expect(page).toHaveURL(/\/leads\/\d+$/);
  await expect.poll(() => arrivals(path).length, { timeout: 30_000 }).toBe(1);
  const [first] = arrivals(path);
  expect(verifyStandardWebhook(secret, first!.headers, first!.body)).toBe(true);
  expect(JSON.parse(first!.body)).toMatchObject({ type: "lead.created", data: { lead: { name: leadName, status: "new" } } });
  expect(JSON.parse(first!.body).data.origin).toBeUndefined();

  // The log: delivered, the answer's code, how long it took, when (in the viewer's zone, named), what it answered.
  await page.goto("/settings/webhooks");
  await card.getByRole("button", { name: "Delivery log" }).click();
  const deliveries = card.getByRole("list", { name: "Deliveries" }).getByRole("listitem");
  const delivered = deliveries.filter({ hasText: "Lead created" }).first();
  await expect(delivered).toContainText("Delivered");
  await expect(delivered).toContainText(/1 attempt · HTTP 200 · \d+ ms/);
  await expect(delivered).toContainText(ZONE);
  await delivered.getByText("What the endpoint answered").click();
  await expect(delivered.locator("pre")).toHaveText("ok");

  // Resent: the same message again (same webhook-id), listed as a resend.
  await delivered.getByRole("button", { name: "Resend" }).click();
  await expect(deliveries.filter({ has: page.getByText("Resent", { exact: true }) })).toContainText("Delivered", { timeout: 20_000 });
  await expect.poll(() => arrivals(path).length).toBe(2);
  expect(arrivals(path)[1]!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);

  // A receiver that fails a test event (sent once, never retried): its code and answer are shown; resent, it arrives.
  receiver.answer({ status: 503, body: "The sheet is being updated" });
  await card.getByRole("button", { name: "Send test event" }).click();
  const testDelivery = deliveries.filter({ has: page.getByText("Test", { exact: true }) }).filter({ hasNotText: "Resent" });
  await expect(testDelivery).toContainText(/Failed.*1 attempt · HTTP 503 · \d+ ms/s, { timeout: 15_000 });
  await expect(testDelivery).toContainText("The endpoint answered HTTP 503.");
  await expect(testDelivery).toContainText("The sheet is being updated");
  await testDelivery.getByRole("button", { name: "Resend" }).click();
  await expect(deliveries.filter({ has: page.getByText("Test", { exact: true }) }).filter({ hasText: "Resent" })).toContainText("Delivered", { timeout: 20_000 });

  // Edit: the events chosen change, the secret and log stay.
  await card.getByRole("button", { name: `Edit ${description}` }).click();
  dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Address")).toHaveValue(receiver.url(path));
  await dialog.getByRole("checkbox", { name: /^Lead updated/ }).uncheck();
  await dialog.getByRole("checkbox", { name: /^Booking made/ }).check();
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByText("Booking made", { exact: true })).toBeVisible();
  await expect(card.getByText("Lead updated", { exact: true })).toHaveCount(0);

  // Rotation: a new secret shown once; the previous one keeps signing for 24 hours, until a time in the viewer's zone.
  await card.getByRole("button", { name: `Rotate the signing secret of ${description}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Rotate secret" }).click();
  dialog = page.getByRole("dialog").filter({ hasText: "New signing secret" });
  const rotated = (await dialog.getByTestId("secret-value").textContent())!.trim();
  expect(rotated).toMatch(/^whsec_/);
  expect(rotated).not.toBe(secret);
  await dialog.getByRole("button", { name: "I have stored the secret" }).click();
  await expect(card.getByText(/The previous signing secret also signs until/)).toContainText(ZONE);

  // Turned off: said so, since when; a resend is refused in words.
  await card.getByRole("button", { name: "Turn off" }).click();
  await expect(card.getByRole("status")).toContainText(/Turned off by a person\. Since .*(EST|EDT)/);
  await delivered.getByRole("button", { name: "Resend" }).click();
  await expect(delivered.getByRole("alert")).toHaveText("This endpoint is turned off. Turn it on, then resend.");
  await card.getByRole("button", { name: "Turn on" }).click();
  await expect(card.getByRole("status")).toHaveCount(0);

  await card.getByRole("button", { name: `Delete ${description}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete endpoint" }).click();
  await expect(card).toHaveCount(0);
});

test("Settings › Webhooks at 390 px: the dialog, a long address, the log and its actions fit without sideways scroll", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: PHONE, height: 844 });
  const id = stamp();
  const path = `/webhooks/loctelli/a-rather-long-path-that-a-zapier-catch-hook-would-have/${id}`;
  await signInAsDemoUser(page);
  await page.goto("/settings/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks" })).toBeVisible();
  await expectNoSidewaysScroll(page, "Settings › Webhooks");

  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByRole("dialog").getByRole("checkbox", { name: /^Form submitted/ })).toBeVisible();
  await expectNoSidewaysScroll(page, "the Add endpoint dialog");
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("dialog")).toBeHidden();

  const { card } = await addEndpoint(page, { url: receiver.url(path), description: `Phone ${id}` });
  await card.getByRole("button", { name: "Send test event" }).click();
  await expect(card.getByRole("list", { name: "Deliveries" }).getByRole("listitem").first()).toContainText("Delivered", { timeout: 20_000 });
  await expect.poll(() => arrivals(path).length).toBe(1);
  await card.getByText("What the endpoint answered").click();
  await expectNoSidewaysScroll(page, "an endpoint with its delivery log");
  // Every action of the card (Edit, Turn off, Rotate secret, Delete, the log's Resend…) is on screen.
  for (const button of await card.getByRole("button").all()) {
    const box = (await button.boundingBox())!;
    expect(box.x + box.width, `${await button.textContent()} ends off screen`).toBeLessThanOrEqual(PHONE);
  }
  await card.getByRole("button", { name: `Delete Phone ${id}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete endpoint" }).click();
  await expect(card).toHaveCount(0);
});

/** The GoHighLevel card of the Integrations page, disconnected first when an earlier run left it connected. */
async function freshGhlCard(page: Page): Promise<Locator> {
  await page.goto("/integrations");
  const card = page.getByTestId("integration").filter({ hasText: "GoHighLevel" });
  await expect(card.getByRole("button", { name: /^(Connect|Disconnect)$/ })).toBeVisible();
  if (await card.getByRole("button", { name: "Disconnect" }).isVisible()) {
    await card.getByRole("button", { name: "Disconnect" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Disconnect" }).click();
  }
  await expect(card.getByRole("button", { name: "Connect" })).toBeVisible();
  return card;
}

test("Integrations › GoHighLevel: connect through the generated form, test, import contacts with progress, take a webhook, switch off", async ({ page, request }) => {
  test.setTimeout(120_000);
  const id = stamp();
  for (let i = 0; i < 3; i++) ghl.addContact({ firstName: `Imported${i}`, lastName: `Contact ${id}`, email: `ghl-${i}-${id}@client.example` });
  await signInAsDemoUser(page);
  const card = await freshGhlCard(page);
  await expect(card).toContainText("CRM");

  await card.getByRole("button", { name: "Connect" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: "Connect GoHighLevel" })).toBeVisible();
  // The form comes from the template's schema: titles as labels, hints, choices in words.
  await expect(dialog.getByText("Settings › Private Integrations in GoHighLevel. Not set yet.")).toBeVisible();
  await expect(dialog.getByRole("group", { name: "Where lead fields go in GoHighLevel" })).toBeVisible();
  await expect(dialog.getByLabel("Company (optional)")).toHaveValue("companyName");
  await expect(dialog.getByLabel("Company (optional)").locator("option:checked")).toHaveText("Company name");
  await expect(dialog.getByRole("checkbox", { name: "GoHighLevel sends the reminders of its appointments" })).not.toBeChecked();
  // Missing values are refused beside their fields, in words.
  await dialog.getByLabel("API address (optional)").fill("not an address");
  await dialog.getByRole("button", { name: "Connect" }).click();
  await expect(dialog.getByText("This field is required.")).toHaveCount(2);
  await expect(dialog.getByText("This is not a valid web address (such as https://example.com).")).toBeVisible();
  await dialog.getByLabel("Location ID").fill(ghl.locationId);
  await dialog.getByLabel("Private Integration token").fill(`${ghl.token}-wrong`);
  // An API address inside our network (the cloud metadata address) is refused beside the field, nothing saved.
  await dialog.getByLabel("API address (optional)").fill("http://169.254.169.254");
  await dialog.getByRole("button", { name: "Connect" }).click();
  await expect(dialog.getByText("GoHighLevel requests cannot be sent to 169.254.169.254: it resolves to a link-local address (cloud metadata lives there) (169.254.169.254).")).toBeVisible();
  await dialog.getByLabel("API address (optional)").fill(ghl.url);
  await dialog.getByRole("button", { name: "Connect" }).click();
  await expect(dialog).toBeHidden();
  await expect(card).toContainText("Connected, not checked yet");
  await expect(card).toContainText("Last sync");
  await expect(card).toContainText("Not yet");

  // A wrong token: the test says what GoHighLevel said, in words; the card needs attention.
  await card.getByRole("button", { name: "Test connection" }).click();
  await expect(card.getByRole("status")).toHaveText(/GoHighLevel refused the Private Integration token/);
  await expect(card).toContainText("Needs attention");
  // The saved token is never shown; a new one replaces it.
  await card.getByRole("button", { name: "Settings" }).click();
  await expect(dialog.getByLabel("Private Integration token")).toHaveValue("");
  await expect(dialog.getByText(/Saved: leave blank to keep it, or type a new one\./)).toBeVisible();
  await expect(dialog.getByLabel("Location ID")).toHaveValue(ghl.locationId);
  await dialog.getByLabel("Private Integration token").fill(ghl.token);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await card.getByRole("button", { name: "Test connection" }).click();
  await expect(card.getByRole("status")).toHaveText("Connected to Test Location.");
  await expect(card).toContainText("Working");
  await expect(card).not.toContainText(ghl.token);

  // The contact import, followed to its end, with what it did in words and the last sync in the viewer's zone.
  await card.getByRole("button", { name: "Import contacts" }).click();
  await expect(card).toContainText("Import finished", { timeout: 30_000 });
  await expect(card).toContainText("3 contacts read: 3 new leads.");
  await expect(card.locator("dd").first()).toHaveText(ZONE);
  await page.goto("/leads");
  await page.getByLabel("Search leads").fill(`Contact ${id}`);
  await expect(page.getByRole("table", { name: "Leads" }).getByRole("row").filter({ hasText: `Contact ${id}` })).toHaveCount(3);

  // A contact created in GoHighLevel arrives by its signed webhook and becomes a lead.
  const hooked = ghl.signedWebhook({ type: "ContactCreate", id: `c${id}`, firstName: "Hooked", lastName: `Lead ${id}`, email: `hooked-${id}@client.example` });
  const answer = await request.post("/api/webhooks/gohighlevel", { headers: hooked.headers, data: hooked.body });
  expect(answer.status()).toBe(200);
  await expect(async () => {
    await page.goto("/leads");
    await page.getByLabel("Search leads").fill(`Hooked Lead ${id}`);
    await expect(page.getByRole("table", { name: "Leads" }).getByRole("row").filter({ hasText: `Hooked Lead ${id}` })).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });

  // Switched off: said so, and nothing can be imported.
  await page.goto("/integrations");
  await card.getByRole("switch").click();
  await expect(card).toContainText("Switched off");
  await expect(card.getByRole("button", { name: "Import all contacts again" })).toBeDisabled();
  await card.getByRole("switch").click();
  await expect(card).toContainText(/Working|Connected, not checked yet/);
  await card.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disconnect" }).click();
  await expect(card.getByRole("button", { name: "Connect" })).toBeVisible();
});

test("Integrations at 390 px: the card and the connect form fit without sideways scroll", async ({ page }) => {
  await page.setViewportSize({ width: PHONE, height: 844 });
  await signInAsDemoUser(page);
  const card = await freshGhlCard(page);
  await expectNoSidewaysScroll(page, "Integrations");
  await card.getByRole("button", { name: "Connect" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Location ID").fill(ghl.locationId);
  await dialog.getByLabel("Private Integration token").fill(ghl.token);
  await dialog.getByLabel("API address (optional)").fill(ghl.url);
  await expectNoSidewaysScroll(page, "the connect form");
  await dialog.getByRole("button", { name: "Connect" }).click();
  await expect(dialog).toBeHidden();
  await card.getByRole("button", { name: "Test connection" }).click();
  await expect(card.getByRole("status")).toHaveText("Connected to Test Location.");
  await expectNoSidewaysScroll(page, "a connected integration");
  await card.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disconnect" }).click();
  await expect(card.getByRole("button", { name: "Connect" })).toBeVisible();
});

test("Admin › Integrations: a platform admin edits a template (a bad schema refused in words), at desktop and 390 px", async ({ page }) => {
  await page.goto("/sign-in/admin");
  await page.getByLabel("Email").fill(SUPER_ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(SUPER_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole("navigation", { name: "Admin console" }).getByRole("link", { name: "Integrations" }).click();
  const card = page.getByTestId("integration-template").filter({ hasText: "GoHighLevel" });
  await expect(card).toContainText("1 secret field");

  await card.getByRole("button", { name: "Edit" }).click();
  let dialog = page.getByRole("dialog");
  const schema = dialog.getByLabel("Settings schema (JSON Schema)");
  const original = await schema.inputValue();
  expect(JSON.parse(original)).toMatchObject({ type: "object", properties: { locationId: { title: "Location ID" } } });
  await schema.fill(original.replace(/}\s*$/, ""));
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog.getByText("The configuration schema is not valid JSON.")).toBeVisible();
  await dialog.getByLabel("Secret fields").fill("privateToken, pushLeads");
  await schema.fill(original);
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog.getByText(`"pushLeads" is not a text field of the schema; only text fields can be secrets.`)).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  const description = `Contacts and calendars, both ways (${stamp()}).`;
  await card.getByRole("button", { name: "Edit" }).click();
  dialog = page.getByRole("dialog");
  await dialog.getByLabel("Description").fill(description);
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toBeHidden();
  await expect(card).toContainText(description);

  await page.setViewportSize({ width: PHONE, height: 844 });
  await expectNoSidewaysScroll(page, "Admin › Integrations");
  await card.getByRole("button", { name: "Edit" }).click();
  await expect(page.getByRole("dialog").getByLabel("Settings schema (JSON Schema)")).toBeVisible();
  await expectNoSidewaysScroll(page, "the template editor");
});

test("/developers/api: every operation of the OpenAPI document is on the page, read offline, at desktop and 390 px", async ({ page, request, baseURL }) => {
  const doc = (await (await request.get("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, { operationId: string; summary: string }>> };
  const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
  expect(operations.length).toBeGreaterThan(5);
  const elsewhere: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(`${baseURL}/`) && !r.url().startsWith("data:")) elsewhere.push(r.url());
  });
  await page.goto("/developers/api");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("reference");
  await expect(page.getByRole("navigation", { name: "Endpoints" }).getByRole("link")).toHaveCount(operations.length);
  for (const op of operations) {
    await expect(page.locator(`section[id="${op.operationId}"]`).getByRole("heading", { level: 2 })).toHaveText(op.summary);
  }
  await expect(page.getByRole("heading", { name: "Problems" })).toBeVisible();
  expect(elsewhere).toEqual([]);

  await page.setViewportSize({ width: PHONE, height: 844 });
  await page.reload();
  await expect(page.getByRole("navigation", { name: "Endpoints" })).toBeVisible();
  await expectNoSidewaysScroll(page, "/developers/api");
});
