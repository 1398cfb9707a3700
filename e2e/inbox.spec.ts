import { expect, signInAsDemoUser, test } from "./fixtures";

// Sign-ins in this file: 1 (the demo user). The e2e server has no SMS provider: texts go to the local outbox.
const LEAD = "Luis Ortega";

test("a person takes over a lead in the inbox, texts them, and hands the conversation back to the AI", async ({ page }) => {
  await signInAsDemoUser(page);

  // Find the lead and open its conversation in the inbox.
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Leads" }).click();
  await page.getByLabel("Search leads").fill(LEAD);
  await page.getByRole("table", { name: "Leads" }).getByRole("link", { name: LEAD }).click();
  await expect(page).toHaveURL(/\/leads\/\d+$/);
  const leadId = page.url().match(/\/leads\/(\d+)$/)![1];
  await page.goto(`/inbox?lead=${leadId}`);
  const conversation = page.getByRole("region", { name: `Conversation with ${LEAD}` });
  await expect(conversation.getByText("No messages yet")).toBeVisible();
  // The live event stream (server-sent events) is connected; polling then falls back to once a minute.
  await expect(page.getByRole("region", { name: "Conversations" })).toHaveAttribute("data-live", "true");

  // Take over: the AI is off, with who took over.
  const aiSwitch = conversation.getByRole("switch", { name: "AI replies" });
  await expect(aiSwitch).toBeChecked();
  await aiSwitch.click();
  await expect(aiSwitch).not.toBeChecked();
  await expect(conversation.getByTestId("ai-paused-reason")).toHaveText("A person took over the conversation (Dana Demo)");

  // Text the lead: the message shows as the person's, and its "sent" status arrives as a live event from the worker.
  const text = `We can come by on Thursday (${Date.now()}).`;
  await expect(conversation.getByRole("combobox", { name: "Channel" })).toHaveText("SMS");
  await conversation.getByLabel("Message", { exact: true }).fill(text);
  await conversation.getByRole("button", { name: "Send" }).click();
  // Between 21:00 and 08:00 on the lead's clock (the demo workspace's New York) a person confirms first.
  const newYorkHour = Number(new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric", hourCycle: "h23" }).format(new Date()));
  if (newYorkHour >= 21 || newYorkHour < 8) {
    await expect(conversation.getByRole("alert").filter({ hasText: "inside quiet hours" })).toBeVisible();
    await conversation.getByRole("button", { name: "Send anyway" }).click();
  }
  const sent = conversation.getByTestId("chat-message").filter({ hasText: text });
  await expect(sent).toBeVisible();
  await expect(sent).toHaveAttribute("data-role", "human");
  await expect(sent.getByText("Sending")).toBeHidden({ timeout: 15_000 });
  await expect(conversation.getByLabel("Message", { exact: true })).toHaveValue("");

  // The conversation is listed, with the preview and the AI marked off.
  const row = page.getByTestId("inbox-conversation").filter({ hasText: LEAD });
  await expect(row).toContainText(`You: ${text}`);
  await expect(row).toContainText("AI off");
  await expect(row).toHaveAttribute("aria-current", "true");

  // Hand back to the AI.
  await aiSwitch.click();
  await expect(aiSwitch).toBeChecked();
  await expect(conversation.getByTestId("ai-paused-reason")).toHaveCount(0);
  await expect(row).not.toContainText("AI off");
});
