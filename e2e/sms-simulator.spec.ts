import { expect, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 1 (the demo user). No Twilio account: the phone simulator texts the demo workspace's number
// through the real, signed webhook, and the local outbox answers with Twilio-style delivery receipts.
test("a text from the phone simulator appears live in the inbox, a person replies, and the reply turns delivered", async ({ page, context }) => {
  await signInAsDemoUser(page);
  await page.goto("/inbox");
  await expect(page.getByRole("region", { name: "Conversations" })).toHaveAttribute("data-live", "true");

  const phone = `+1415555${String(100 + Math.floor(Math.random() * 99)).padStart(4, "0")}`;
  const text = `Do you fix water heaters? (${Date.now()})`;
  const simulator = await context.newPage();
  await simulator.goto("/simulator");
  await simulator.getByLabel("From your pretend phone").fill(phone);
  await simulator.getByLabel("Message").fill(text);
  await simulator.getByRole("button", { name: "Send text" }).click();
  await expect(simulator.getByRole("region", { name: "Conversation" }).getByText(text)).toBeVisible();

  // The new lead's conversation arrives in the open inbox by itself (live event, no reload).
  const row = page.getByTestId("inbox-conversation").filter({ hasText: phone });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await row.click();
  const conversation = page.getByRole("region", { name: /^Conversation with / });
  await expect(conversation.getByTestId("chat-message").filter({ hasText: text })).toBeVisible();

  // A person takes over and replies; the reply's status turns to delivered.
  const aiSwitch = conversation.getByRole("switch", { name: "AI replies" });
  if (await aiSwitch.isChecked()) await aiSwitch.click();
  const reply = `Yes, we can come tomorrow (${Date.now()}).`;
  await conversation.getByLabel("Message", { exact: true }).fill(reply);
  await conversation.getByRole("button", { name: "Send" }).click();
  const newYorkHour = Number(new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric", hourCycle: "h23" }).format(new Date()));
  if (newYorkHour >= 21 || newYorkHour < 8) await conversation.getByRole("button", { name: "Send anyway" }).click();
  const sent = conversation.getByTestId("chat-message").filter({ hasText: reply });
  await expect(sent.getByText("Delivered")).toBeVisible({ timeout: 20_000 });

  // The simulated phone received it.
  await expect(simulator.getByRole("region", { name: "Conversation" }).getByText(reply)).toBeVisible({ timeout: 10_000 });
});
