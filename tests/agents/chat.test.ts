import { beforeEach, describe, expect, it } from "vitest";

// The local model, then this file's own queues with the real worker in this process.
const { local } = await import("../support/local-model");
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { NEEDS_HUMAN_MESSAGES } = await import("@/server/agents/run-turn");
const { rejectionOf } = await import("../bookings/world");
const { agentWorld, messagesOf, settled, waitFor } = await import("./world");

setUpTestWorker();
beforeEach(() => local.reset());

describe("chat.inbox", () => {
  it("lists conversations newest first with decrypted previews and what waits for a person; test chats are left out", async () => {
    const w = await agentWorld();
    const second = await w.caller.leads.create({ name: "Sam Second", email: `sam-${w.subAccountId}@example.com`, strategyId: w.strategy.id });
    await w.caller.leads.create({ name: "Quiet Lead", email: `quiet-${w.subAccountId}@example.com` });
    local.fallback(() => ({ content: "Hello! How can I help?" }));
    await w.say("First lead here");
    await settled(w.lead.id);
    await w.caller.chat.setAi({ leadId: second.id, enabled: false });
    await w.say("Second lead, please call me", second.id);
    await settled(second.id);
    await w.caller.chat.testStart({ strategyId: w.strategy.id });

    const inbox = await w.caller.chat.inbox({ limit: 25 });
    expect(inbox.items.map((i) => [i.lead.name, i.ai.enabled, i.waitingForPerson, i.lastMessage?.role, i.lastMessage?.preview])).toEqual([
      ["Sam Second", false, 1, "lead", "Second lead, please call me"],
      ["Jordan Lee", true, 0, "assistant", "Hello! How can I help?"],
    ]);
    expect(inbox.nextCursor).toBeNull();

    const waiting = await w.caller.chat.inbox({ waitingOnly: true });
    expect(waiting.items.map((i) => i.lead.id)).toEqual([second.id]);

    const page1 = await w.caller.chat.inbox({ limit: 1 });
    const page2 = await w.caller.chat.inbox({ limit: 1, cursor: page1.nextCursor });
    expect([...page1.items, ...page2.items].map((i) => i.lead.id)).toEqual([second.id, w.lead.id]);
    expect(page2.nextCursor).toBeNull();
    expect((await rejectionOf(w.caller.chat.inbox({ cursor: "not-a-cursor" }))).fieldErrors.cursor).toEqual([
      "This cursor is not valid; start from the first page.",
    ]);
  });
});

describe("messages.list", () => {
  it("shows the tools the AI used on its reply, and none on other messages", async () => {
    const w = await agentWorld();
    const tomorrow = new Intl.DateTimeFormat("en-CA", { timeZone: "UTC" }).format(new Date(Date.now() + 86_400_000));
    local.script(
      { toolCalls: [{ name: "check_availability", arguments: { date: tomorrow, days: 1 } }, { name: "book_meeting", arguments: { startsAt: "not a time" } }] },
      { content: "Let me know which time suits you." },
    );
    await w.say("When are you free?");
    await settled(w.lead.id);

    const listed = await w.caller.messages.list({ leadId: w.lead.id });
    expect(listed.items.map((m) => [m.role, m.toolCalls.map((c) => [c.name, c.ok])])).toEqual([
      [
        "assistant",
        [
          ["check_availability", true],
          ["book_meeting", false],
        ],
      ],
      ["lead", []],
    ]);
    const [checked, refused] = listed.items[0]!.toolCalls;
    expect(checked!.arguments).toEqual({ date: tomorrow, days: 1 });
    expect(Array.isArray((checked!.result as { slots?: unknown }).slots)).toBe(true);
    expect(refused!.result).toMatchObject({ error: "Invalid arguments for book_meeting." });
  });
});

describe("chat.setAi", () => {
  it("a person takes over (the AI stays quiet) and hands back (the AI answers again)", async () => {
    const w = await agentWorld();
    expect(await w.caller.chat.setAi({ leadId: w.lead.id, enabled: false })).toEqual({
      leadId: w.lead.id,
      enabled: false,
      pausedReason: "A person took over the conversation (Test User)",
    });
    await w.say("Is anyone there?");
    const rows = await settled(w.lead.id);
    expect(rows.map((m) => [m.status, m.error])).toEqual([["needs_human", NEEDS_HUMAN_MESSAGES.paused]]);
    expect(local.requests).toHaveLength(0);

    expect((await w.caller.chat.setAi({ leadId: w.lead.id, enabled: true })).enabled).toBe(true);
    local.script({ content: "Yes, I'm here. How can I help?" });
    await w.say("Hello again");
    await waitFor(async () => (await messagesOf(w.lead.id)).find((m) => m.role === "assistant"), "a reply");
    expect(local.requests).toHaveLength(1);
    const actions = await unsafeDb.auditLog.findMany({ where: { subAccountId: w.subAccountId, targetId: String(w.lead.id), action: { startsWith: "ai." } }, orderBy: { id: "asc" } });
    expect(actions.map((a) => a.action)).toEqual(["ai.taken_over", "ai.handed_back"]);
    expect((await rejectionOf(w.caller.chat.setAi({ leadId: 999_999_999, enabled: true }))).code).toBe("NOT_FOUND");
  });
});

describe("test chat", () => {
  it("talks to a strategy as a pretend lead, shows the tool calls, and the booking lands in the calendar", async () => {
    const w = await agentWorld();
    const chat = await w.caller.chat.testStart({ strategyId: w.strategy.id });
    expect(chat).toMatchObject({ strategy: { id: w.strategy.id }, aiConfigured: true });
    const tomorrow = new Intl.DateTimeFormat("en-CA", { timeZone: chat.timezone ?? "UTC" }).format(new Date(Date.now() + 86_400_000));
    local.script(
      { toolCalls: [{ name: "check_availability", arguments: { date: tomorrow, days: 1 } }] },
      { toolCalls: [{ name: "book_meeting", arguments: { startsAt: `${tomorrow}T11:00` } }] },
      (request) => ({ content: `Booked: ${(JSON.parse(request.body.messages.at(-1)!.content!) as { when: string }).when}.` }),
    );
    const sent = await w.caller.chat.testSend({ leadId: chat.leadId, content: "Book me tomorrow at 11" });
    expect(sent.replyDelayMs).toBe(0);
    const transcript = await waitFor(async () => {
      const t = await w.caller.chat.testTranscript({ leadId: chat.leadId });
      return t.messages.some((m) => m.role === "assistant") ? t : undefined;
    }, "the test chat's reply");
    expect(transcript.messages.map((m) => [m.role, m.content.startsWith("Booked:") || m.content === "Book me tomorrow at 11"])).toEqual([
      ["lead", true],
      ["assistant", true],
    ]);
    const reply = transcript.messages[1]!;
    expect(reply.toolCalls.map((c) => [c.name, c.ok])).toEqual([
      ["check_availability", true],
      ["book_meeting", true],
    ]);
    expect(reply.tokens?.prompt).toBeGreaterThan(0);
    expect(transcript.waiting).toBe(false);

    const bookings = await w.caller.bookings.list({});
    const booked = bookings.items.find((b) => b.lead?.id === chat.leadId);
    expect(booked).toBeDefined();
    // Only new messages after the last one shown.
    expect((await w.caller.chat.testTranscript({ leadId: chat.leadId, afterId: reply.id })).messages).toEqual([]);
    // A real lead is not a test chat.
    expect((await rejectionOf(w.caller.chat.testSend({ leadId: w.lead.id, content: "hi" }))).fieldErrors.leadId).toEqual([
      "No such test chat in this workspace.",
    ]);
  });
});
