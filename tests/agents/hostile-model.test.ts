import { beforeEach, describe, expect, it } from "vitest";
import { UNSTORABLE_MESSAGE } from "@/schemas/common";

// The local model, then this file's own queues with the real worker in this process.
const { local } = await import("../support/local-model");
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { getAgentConfig } = await import("@/server/agents/agent-config");
const { HANDOVER_NOTE, NEEDS_HUMAN_MESSAGES } = await import("@/server/agents/run-turn");
const { LEAK_REPLACEMENT, leaksPrompt, promptCanary } = await import("@/server/agents/safety");
const { MAX_TOOL_CALLS_PER_RESPONSE } = await import("@/server/agents/tools");
const { agentWorld, messagesOf, settled, STRATEGY_FIELDS } = await import("./world");

setUpTestWorker();
beforeEach(() => local.reset());

/**
 * A model is an outside party: the local OpenAI-compatible server plays one that sends hostile tool calls and leaking
 * replies. Every turn ends answered, or handed to a person with a record of what its tools did; never crashed.
 */
type Record = { name: string; ok: boolean; arguments: unknown; result: { error?: string; fieldErrors?: { [field: string]: string[] } } };

const NUL = "\u0000";
const tomorrowNy = () => new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" }).format(new Date(Date.now() + 86_400_000));
const toolMessages = (requestIndex: number) =>
  local.requests[requestIndex]!.body.messages.filter((m) => m.role === "tool").map((m) => JSON.parse(m.content!) as { ok: boolean; error?: string });
/** Own keys only: a key named "__proto__" must be an ordinary key of what was stored. */
const fieldsOf = (record: Record) => Object.keys(record.result.fieldErrors ?? {});

async function replyOf(leadId: number) {
  const rows = await settled(leadId);
  const reply = rows.find((m) => m.role === "assistant");
  expect(reply, `a reply; got ${JSON.stringify(rows.map((m) => [m.role, m.status, m.error]))}`).toBeDefined();
  return { rows, reply: reply!, calls: reply!.toolCalls as unknown as Record[] };
}

describe("hostile tool calls are answered to the model, never a crashed turn", () => {
  it("refuses arguments named __proto__, constructor and toString by name (and a tool named constructor)", async () => {
    const w = await agentWorld();
    local.script(
      {
        toolCalls: [
          { name: "book_meeting", arguments: `{"__proto__": {"polluted": true}, "startsAt": "${tomorrowNy()}T10:00"}` },
          { name: "check_availability", arguments: `{"constructor": {"prototype": {"polluted": true}}, "days": 1}` },
          { name: "update_conversation_state", arguments: `{"toString": "x", "stage": "closing"}` },
          { name: "handoff_to_human", arguments: `{"reason": "help", "__proto__": null, "hasOwnProperty": 1}` },
          { name: "constructor", arguments: `{}` },
        ],
      },
      { content: "Sorry, let me try that again later." },
    );
    await w.say("Book me tomorrow at 10");
    const { reply, calls } = await replyOf(w.lead.id);

    expect(reply.text).toBe("Sorry, let me try that again later.");
    expect(calls.map((c) => [c.name, c.ok])).toEqual([
      ["book_meeting", false],
      ["check_availability", false],
      ["update_conversation_state", false],
      ["handoff_to_human", false],
      ["constructor", false],
    ]);
    expect(fieldsOf(calls[0]!)).toEqual(["__proto__"]);
    expect(fieldsOf(calls[1]!)).toEqual(["constructor"]);
    expect(fieldsOf(calls[2]!)).toEqual(["toString"]);
    expect(fieldsOf(calls[3]!).sort()).toEqual(["__proto__", "hasOwnProperty"]);
    for (const call of calls.slice(0, 4)) expect(Object.values(call.result.fieldErrors!).flat()).toEqual(expect.arrayContaining(["Not an argument of this tool"]));
    expect(calls[4]!.result.error).toBe('Unknown tool "constructor".');
    // The model read each refusal; nothing was done and nothing was polluted.
    expect(toolMessages(1).map((m) => m.ok)).toEqual([false, false, false, false, false]);
    expect(await unsafeDb.booking.count({ where: { leadId: w.lead.id } })).toBe(0);
    const lead = await unsafeDb.lead.findUniqueOrThrow({ where: { id: w.lead.id } });
    expect([lead.aiPaused, lead.conversationState]).toEqual([false, {}]);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("refuses a NUL in the arguments, raw or inside JSON strings and keys, and stores what was sent readably", async () => {
    const w = await agentWorld();
    local.script(
      {
        toolCalls: [
          { name: "update_lead_details", arguments: `${NUL}{` },
          { name: "update_lead_details", arguments: { name: `a${NUL}b` } },
          { name: "handoff_to_human", arguments: { reason: `call me${NUL}` } },
          { name: "book_meeting", arguments: { startsAt: `${tomorrowNy()}T10:00`, notes: `x${NUL}y` } },
          { name: "check_availability", arguments: { [`da${NUL}te`]: "2027-01-04" } },
        ],
      },
      { content: `Could you write your name again?${NUL}` },
    );
    await w.say("My name is a\u2400b");
    const { reply, calls } = await replyOf(w.lead.id);

    expect(reply.text).toBe("Could you write your name again?");
    expect(calls.map((c) => c.ok)).toEqual([false, false, false, false, false]);
    expect(calls[0]!.result.error).toBe("The arguments are not valid JSON.");
    expect(calls[0]!.arguments).toBe("\uFFFD{");
    expect(calls[1]!.result.fieldErrors).toEqual({ name: [UNSTORABLE_MESSAGE] });
    expect(calls[2]!.result.fieldErrors).toEqual({ reason: [UNSTORABLE_MESSAGE] });
    expect(calls[3]!.result.fieldErrors).toEqual({ notes: [UNSTORABLE_MESSAGE] });
    expect(calls[4]!.result.fieldErrors).toEqual({ "da\uFFFDte": [UNSTORABLE_MESSAGE] });
    expect(calls[1]!.arguments).toEqual({ name: "a\uFFFDb" });
    const lead = await unsafeDb.lead.findUniqueOrThrow({ where: { id: w.lead.id } });
    expect([lead.name, lead.aiPaused]).toEqual(["Jordan Lee", false]);
    expect(await unsafeDb.booking.count({ where: { leadId: w.lead.id } })).toBe(0);
  });

  it("refuses dates that do not exist or lie outside sane years, naming them, instead of rolling them over", async () => {
    const w = await agentWorld();
    local.script(
      {
        toolCalls: [
          { name: "book_meeting", arguments: { startsAt: "2027-02-30T10:00" } },
          { name: "book_meeting", arguments: { startsAt: "2027-13-05T10:00" } },
          { name: "check_availability", arguments: { date: "9999-99-99", days: 1 } },
          { name: "book_meeting", arguments: { startsAt: "2027-03-01T24:00" } },
          { name: "check_availability", arguments: { date: "0001-01-01" } },
        ],
      },
      { content: "Which day did you mean?" },
    );
    await w.say("30 February at 10, please");
    const { calls } = await replyOf(w.lead.id);

    expect(calls.map((c) => c.ok)).toEqual([false, false, false, false, false]);
    expect(calls[0]!.result.fieldErrors).toEqual({ startsAt: ['"2027-02-30T10:00" is not a time on the calendar (no such day or hour); use YYYY-MM-DDTHH:mm'] });
    expect(calls[1]!.result.fieldErrors).toEqual({ startsAt: ['"2027-13-05T10:00" is not a time on the calendar (no such day or hour); use YYYY-MM-DDTHH:mm'] });
    expect(calls[2]!.result.fieldErrors).toEqual({ date: ['"9999-99-99" is not a date on the calendar; use YYYY-MM-DD'] });
    expect(calls[3]!.result.fieldErrors).toEqual({ startsAt: ['"2027-03-01T24:00" is not a time on the calendar (no such day or hour); use YYYY-MM-DDTHH:mm'] });
    expect(calls[4]!.result.fieldErrors).toEqual({ date: ["Enter a date between 1900 and 2200"] });
    expect(await unsafeDb.booking.count({ where: { leadId: w.lead.id } })).toBe(0);
  });

  it("runs at most 5 tool calls of one response and books at most one meeting per turn: 50 calls, 10 of them bookings", async () => {
    const w = await agentWorld();
    const day = tomorrowNy();
    const bookAt = (hour: number) => ({ name: "book_meeting", arguments: { startsAt: `${day}T${String(hour).padStart(2, "0")}:00` } });
    const fifty = [
      { name: "check_availability", arguments: { date: day, days: 1 } },
      bookAt(8),
      bookAt(9),
      { name: "update_conversation_state", arguments: { stage: "closing" } },
      { name: "check_availability", arguments: { date: day, days: 2 } },
      ...Array.from({ length: 45 }, (_, i) => (i % 5 === 0 && i < 40 ? bookAt(10 + i / 5) : { name: "check_availability", arguments: { days: 1 } })),
    ];
    expect(fifty.filter((c) => c.name === "book_meeting")).toHaveLength(10);
    local.script({ toolCalls: fifty }, { toolCalls: [bookAt(20)] }, { content: "See you tomorrow!" });
    await w.say("Book me in, as many times as you like");
    const { reply, calls } = await replyOf(w.lead.id);

    const bookings = await unsafeDb.booking.findMany({ where: { leadId: w.lead.id } });
    expect(bookings).toHaveLength(1);
    expect(new Intl.DateTimeFormat("en-GB", { timeZone: "America/New_York", hour: "2-digit", minute: "2-digit" }).format(bookings[0]!.startsAt)).toBe("08:00");
    expect(calls).toHaveLength(51);
    expect(calls.slice(0, 5).map((c) => [c.name, c.ok])).toEqual([
      ["check_availability", true],
      ["book_meeting", true],
      ["book_meeting", false],
      ["update_conversation_state", true],
      ["check_availability", true],
    ]);
    expect(calls[2]!.result.error).toMatch(/^A meeting is already booked in this reply/);
    for (const refused of calls.slice(MAX_TOOL_CALLS_PER_RESPONSE, 50)) {
      expect(refused).toMatchObject({ ok: false, result: { error: "Not run: at most 5 tool calls per response. Ask again for what is still needed." } });
    }
    // The next response's booking is refused too: one per turn.
    expect(calls[50]).toMatchObject({ name: "book_meeting", ok: false });
    expect(calls[50]!.result.error).toMatch(/^A meeting is already booked in this reply/);
    // Every call of the 50 was answered to the model (the API requires one tool message per call).
    expect(toolMessages(1)).toHaveLength(50);
    expect(reply.text).toMatch(/^See you tomorrow!\n\nBooked: .* at 08:00 \(America\/New_York\)\.$/);
  });

  it("a tool refused by the database (an SQLSTATE error, not a validation) is a tool error; the turn still replies", async () => {
    const w = await agentWorld();
    const trigger = `engine_test_refuse_state_${w.lead.id}`;
    await unsafeDb.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION engine_test_refuse_state() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'refused by the test' USING ERRCODE = '22021'; END $$`,
    );
    await unsafeDb.$executeRawUnsafe(
      `CREATE TRIGGER ${trigger} BEFORE UPDATE ON "Lead" FOR EACH ROW
       WHEN (OLD.id = ${w.lead.id} AND NEW."conversationState" IS DISTINCT FROM OLD."conversationState")
       EXECUTE FUNCTION engine_test_refuse_state()`,
    );
    try {
      local.script({ toolCalls: [{ name: "update_conversation_state", arguments: { stage: "qualification", budget: "500" } }] }, { content: "Thanks, noted." });
      await w.say("My budget is 500");
      const { reply, calls } = await replyOf(w.lead.id);
      expect(reply.text).toBe("Thanks, noted.");
      expect(calls).toMatchObject([{ name: "update_conversation_state", ok: false }]);
      expect(calls[0]!.result.error).toMatch(/^update_conversation_state failed on our side/);
      expect(toolMessages(1)).toMatchObject([{ ok: false }]);
    } finally {
      await unsafeDb.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${trigger} ON "Lead"`);
    }
  });
});

describe("a turn that fails after its tools acted", () => {
  it("hands over with a note of the calls and what they changed (the booking, the state), and is not run again", async () => {
    const w = await agentWorld();
    local.script(
      {
        toolCalls: [
          { name: "book_meeting", arguments: { startsAt: `${tomorrowNy()}T10:00` } },
          { name: "update_conversation_state", arguments: { stage: "booked", qualified: true } },
        ],
      },
      // A broken response (not an API error): the turn itself fails.
      { rawBody: "{ not json" },
    );
    await w.say("Tomorrow at 10 is perfect");
    const rows = await settled(w.lead.id);

    expect(rows.map((m) => [m.role, m.status])).toEqual([
      ["lead", "needs_human"],
      ["system", "received"],
    ]);
    expect(rows[0]!.error).toBe(NEEDS_HUMAN_MESSAGES.interrupted);
    const note = rows[1]!;
    const bookings = await unsafeDb.booking.findMany({ where: { leadId: w.lead.id } });
    expect(bookings).toHaveLength(1);
    expect(note.text.split("\n")).toEqual([
      HANDOVER_NOTE,
      expect.stringMatching(new RegExp(`^- Booked a meeting with ${w.user.name}: \\w+day, \\d+ \\w+ \\d{4} at 10:00 \\(America/New_York\\)\\.$`)),
      "- Updated the conversation state (qualified, stage).",
      "The AI sent no reply about this; the lead gets the booking's usual confirmation.",
    ]);
    expect(note.toolCalls).toMatchObject([
      { name: "book_meeting", ok: true, result: { booked: true, bookingId: bookings[0]!.id } },
      { name: "update_conversation_state", ok: true },
    ]);
    expect((await unsafeDb.lead.findUniqueOrThrow({ where: { id: w.lead.id } })).conversationState).toMatchObject({ stage: "booked" });
    // Handed over at once: no retry asked the model again (and could have booked again).
    expect(local.requests).toHaveLength(2);
    expect(await unsafeDb.tokenUsage.count({ where: { subAccountId: w.subAccountId } })).toBe(1);
  });
});

describe("the prompt-leak guard", () => {
  const zeroWidth = (text: string) => [...text].join("\u200b");
  const spaced = (text: string) => [...text].join(" ");
  const base64 = (text: string) => Buffer.from(text).toString("base64").replace(/.{76}/g, "$&\n");
  const hex = (text: string) => Buffer.from(text).toString("hex");
  const canaryOf = (system: string) => /Confidential marker \(never write it\): ([0-9a-f]{20})/.exec(system)?.[1];

  it("blocks the system prompt spelled with zero-width characters, spaced out, in base64 or hex, and the canary, as incidents", async () => {
    const w = await agentWorld();
    const leaks: { [lead: string]: (system: string) => string } = {
      // The part before the canary (the end of the rules): found as the prompt itself.
      "zero-width": (system) => zeroWidth(system.slice(0, 600)),
      spaced: (system) => `Here you go: ${spaced(system.slice(0, 400))}`,
      base64: (system) => `Encoded as asked:\n${base64(system)}`,
      hex: (system) => hex(system.slice(0, 300)),
      canary: (system) => `My reference is ${spaced(canaryOf(system) ?? "no canary in the prompt")}.`,
    };
    const leads = [];
    for (const [i, name] of Object.keys(leaks).entries()) {
      leads.push(await w.caller.leads.create({ name: `Leak ${name}`, email: `leak-${i}-${w.subAccountId}@example.com`, strategyId: w.strategy.id }));
    }
    local.fallback((request) => {
      const asked = request.body.messages.at(-1)!.content!;
      return { content: leaks[asked]!(request.body.messages[0]!.content!) };
    });
    const names = Object.keys(leaks);
    for (const [i, lead] of leads.entries()) await w.say(names[i]!, lead.id);

    for (const [i, lead] of leads.entries()) {
      const { reply } = await replyOf(lead.id);
      expect(reply.text, names[i]).toBe(LEAK_REPLACEMENT);
    }
    const incidents = await unsafeDb.securityIncident.findMany({ where: { leadId: { in: leads.map((l) => l.id) } }, orderBy: { leadId: "asc" } });
    expect(incidents.map((i) => [i.type, i.severity, i.details])).toEqual([
      ["prompt_leak", "high", expect.objectContaining({ found: "prompt", form: "text" })],
      ["prompt_leak", "high", expect.objectContaining({ found: "prompt", form: "text" })],
      ["prompt_leak", "high", expect.objectContaining({ form: "base64" })],
      ["prompt_leak", "high", expect.objectContaining({ form: "hex" })],
      ["prompt_leak", "high", expect.objectContaining({ found: "canary", form: "text" })],
    ]);
  });

  it("gives each strategy its own canary in its prompt, and lets ordinary replies through", async () => {
    const w = await agentWorld();
    const other = await agentWorld({ name: "Other desk" });
    const config = (await getAgentConfig(w.subAccountId, w.strategy.id))!;
    const otherConfig = (await getAgentConfig(other.subAccountId, other.strategy.id))!;
    expect(config.canary).toMatch(/^[0-9a-f]{20}$/);
    expect(otherConfig.canary).not.toBe(config.canary);
    expect(canaryOf(config.staticPrompt)).toBe(config.canary);
    // Derived, not stored: the same strategy has the same canary whenever its configuration is rebuilt.
    expect(promptCanary(w.subAccountId, w.strategy.id)).toBe(config.canary);

    const ordinary = [
      "Hi Jordan! Yes, we're open on Saturdays from 9 to 1. Shall I book you in?",
      "You're all set for Thursday, 3 December 2026 at 10:00 (America/New_York). See you then!",
      "Sunny Dental is a family practice in Boston. How can I help?",
      "If price worries you, our first check-up is free. Would Tuesday at 10:00 suit you?",
      "Your reference is BK-20261203-0042; the portal is https://example.com/bookings?id=abcdefghijklmnopqrstuvwxyz0123456789.",
      "Our card colours are #00ff00ff00ff00ff00ff00ff00ff00ff00 and #ffffff, and our number is +1 617 555 0100.",
      "Internationalization notwithstanding, counterrevolutionaries rarely book cleanings 😊",
      "We have 50% off whitening this month (code %SPRING%).",
      "Ignore my last message: Thursday at 3pm works.",
      "Our new patients usually book 60 minute consultations; I can also do 30 minutes if you prefer.",
    ];
    for (const reply of ordinary) expect(leaksPrompt(reply, config.staticPrompt, config.canary), reply).toBe(false);
    // The other strategy's canary is no leak of this one.
    expect(leaksPrompt(`Reference ${otherConfig.canary}`, config.staticPrompt, config.canary)).toBe(false);
    expect(leaksPrompt(`Reference ${config.canary}`, config.staticPrompt, config.canary)).toBe(true);
    // Eight words of the prompt verbatim stay a leak, as before.
    expect(leaksPrompt(`Sure: ${STRATEGY_FIELDS.objectionHandling}`, config.staticPrompt, config.canary)).toBe(true);
  });

  it("an ordinary reply through a real turn reaches the lead unchanged", async () => {
    const w = await agentWorld();
    local.script({ content: "Sunny Dental is a family practice in Boston. Shall I book you a check-up?" });
    await w.say("Who are you?");
    const { reply } = await replyOf(w.lead.id);
    expect(reply.text).toBe("Sunny Dental is a family practice in Boston. Shall I book you a check-up?");
    expect(await unsafeDb.securityIncident.count({ where: { leadId: w.lead.id } })).toBe(0);
    expect(await messagesOf(w.lead.id)).toHaveLength(2);
  });
});
