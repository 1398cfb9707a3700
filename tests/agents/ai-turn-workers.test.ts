import { afterAll, describe, expect, it } from "vitest";
import type { RecordedRequest } from "../support/openai-server";

// The model (local OpenAI-compatible server) first, then the file's queue namespace; the workers are real processes
// (worker/index.ts), two at once on the same queue, database and Redis.
const { local } = await import("../support/local-model");
const { setUpTestWorker } = await import("../support/worker-harness");
const { startWorkerProcess } = await import("../support/worker-process");
const { unsafeDb } = await import("@/server/db/client");
const { encryptMessageContent } = await import("@/server/services/messages/message-content");
const { SUMMARY_INSTRUCTIONS, HISTORY_MAX_CHARS, LOADED_MESSAGES, MODEL_MESSAGE_MAX_CHARS, SUMMARY_MAX_CHARS } = await import("@/server/agents/memory");
const { MAX_REPLY_TOKENS } = await import("@/server/agents/run-turn");
const { agentWorld, messagesOf, settled, waitFor } = await import("./world");

setUpTestWorker({ inProcess: false });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Four turns in flight each (AI_TURN_CONCURRENCY): neither process can take every job of a burst, so both take part.
const workers = await Promise.all([startWorkerProcess({ AI_TURN_CONCURRENCY: "4" }), startWorkerProcess({ AI_TURN_CONCURRENCY: "4" })]);
afterAll(async () => {
  for (const w of workers) w.child.kill("SIGTERM");
  await Promise.all(workers.map((w) => new Promise((resolve) => (w.child.exitCode !== null ? resolve(null) : w.child.once("exit", resolve)))));
});
/** AI turns a worker process finished, from its own log. */
const turnsLoggedBy = (output: string) => output.split("\n").filter((l) => l.includes('"job":"ai-turn"') && l.includes('"msg":"job finished"')).length;

describe("AI turns across two worker processes", () => {
  it("runs one turn at a time per lead, once per batch, never before the strategy's pacing delay", async () => {
    const LEADS = 12;
    const MESSAGES = 3;
    const world = await agentWorld({ delay: [1, 1], name: "Two workers" });
    const leads = [world.lead];
    for (let i = 1; i < LEADS; i++) {
      leads.push(await world.caller.leads.create({ name: `Worker lead ${i}`, timezone: "America/New_York", strategyId: world.strategy.id, ownerId: world.user.id }));
    }
    const leadOf = (request: RecordedRequest) => {
      const system = request.body.messages[0]?.content ?? "";
      return leads.find((l) => system.includes(`${l.name}\n`) || system.includes(`${l.name} `) || system.includes(`${l.name},`) || system.endsWith(l.name))?.id;
    };
    // Each completion takes 300 ms; per lead, how many are in flight at once.
    const inFlight = new Map<number, number>();
    const peakPerLead = new Map<number, number>();
    let inFlightAll = 0;
    let peakAll = 0;
    const calls: { leadId: number | undefined; at: number }[] = [];
    local.fallback(async (request) => {
      const leadId = leadOf(request);
      calls.push({ leadId, at: request.receivedAt });
      const key = leadId ?? -1;
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      peakPerLead.set(key, Math.max(peakPerLead.get(key) ?? 0, inFlight.get(key)!));
      peakAll = Math.max(peakAll, ++inFlightAll);
      await sleep(300);
      inFlight.set(key, inFlight.get(key)! - 1);
      inFlightAll--;
      return { content: "Happy to help. Would Tuesday at 10:00 suit you?" };
    });

    // Every lead writes three messages at once: three jobs per lead, ready together after the same 1 s delay, taken by
    // whichever worker is free.
    const sent = await Promise.all(leads.flatMap((lead) => Array.from({ length: MESSAGES }, (_, i) => world.say(`Message ${i + 1} from ${lead.name}`, lead.id))));
    const rows = await Promise.all(leads.map((lead) => settled(lead.id, 60_000)));

    expect(calls.every((c) => c.leadId !== undefined), "every model call names its lead").toBe(true);
    for (const [i, lead] of leads.entries()) {
      const messages = rows[i]!;
      // One reply answering the three messages: one turn, one model call, however many jobs and workers.
      expect(messages.filter((m) => m.role === "assistant"), lead.name).toHaveLength(1);
      expect(messages.filter((m) => m.role === "lead").map((m) => m.status), lead.name).toEqual(["received", "received", "received"]);
      expect(calls.filter((c) => c.leadId === lead.id), lead.name).toHaveLength(1);
      expect(peakPerLead.get(lead.id), lead.name).toBe(1);
      // Pacing: no turn before the 1 s delay after the lead's first message.
      const firstCreated = Math.min(...messages.filter((m) => m.role === "lead").map((m) => m.createdAt.getTime()));
      const call = calls.find((c) => c.leadId === lead.id)!;
      expect(call.at - firstCreated, lead.name).toBeGreaterThanOrEqual(1_000);
    }
    expect(sent).toHaveLength(LEADS * MESSAGES);
    // The leads were answered concurrently, and both processes ran turns.
    expect(peakAll).toBeGreaterThan(1);
    // A worker logs a turn as finished just after its reply is stored: wait for the lines rather than race them.
    await waitFor(async () => workers.every((w) => turnsLoggedBy(w.output()) > 0), "a finished turn in each worker's log");
  }, 120_000);

  it("keeps what a turn holds bounded: a flood of long messages, a long summary", async () => {
    const world = await agentWorld({ name: "Long conversation" });
    const long = (label: string) => `${label} ${"x".repeat(12_000)}`;
    // 60 long exchanges already answered, then 80 long messages still waiting (a flood): more than a turn loads.
    const answered = Array.from({ length: 60 }, (_, i) => ({ role: (i % 2 ? "assistant" : "lead") as "assistant" | "lead", status: "received" as const, text: long(`old ${i}`) }));
    const waiting = Array.from({ length: LOADED_MESSAGES + 20 }, (_, i) => ({ role: "lead" as const, status: "pending" as const, text: long(`waiting ${i}`) }));
    await unsafeDb.message.createMany({
      data: [...answered, ...waiting].map((m) => ({
        subAccountId: world.subAccountId,
        leadId: world.lead.id,
        role: m.role,
        channel: "web" as const,
        status: m.status,
        content: encryptMessageContent(world.subAccountId, world.lead.id, m.text),
      })),
    });
    const requests: RecordedRequest[] = [];
    local.fallback((request) => {
      requests.push(request);
      const summary = request.body.messages[0]?.content === SUMMARY_INSTRUCTIONS;
      return { content: summary ? `Summary: ${"s".repeat(20_000)}` : "Thanks for all of that; a colleague will call you today." };
    });
    await world.say(long("the newest"));
    const rows = await settled(world.lead.id, 60_000);

    // Every waiting message is answered by the one reply, including those beyond what the turn read.
    expect(rows.filter((m) => m.role === "lead" && m.status !== "received")).toEqual([]);
    expect(rows.filter((m) => m.role === "assistant" && m.status === "sent")).toHaveLength(1);
    const reply = requests.find((r) => r.body.messages[0]?.content !== SUMMARY_INSTRUCTIONS)!;
    const history = reply.body.messages.filter((m) => m.role === "user" || m.role === "assistant");
    for (const m of history) expect((m.content ?? "").length).toBeLessThanOrEqual(MODEL_MESSAGE_MAX_CHARS + 60);
    expect(history.reduce((sum, m) => sum + (m.content ?? "").length, 0)).toBeLessThanOrEqual(HISTORY_MAX_CHARS + MODEL_MESSAGE_MAX_CHARS + 60);
    // The newest message is what the model answers, cut to the limit.
    expect(history.at(-1)!.content).toMatch(/^the newest x+ \[… \d+ more characters not shown\]$/);
    expect(reply.body.max_tokens).toBe(MAX_REPLY_TOKENS);
    const summaryRequest = requests.find((r) => r.body.messages[0]?.content === SUMMARY_INSTRUCTIONS);
    if (summaryRequest) expect((summaryRequest.body.messages[1]?.content ?? "").length).toBeLessThanOrEqual(HISTORY_MAX_CHARS + 60);
    const summaryText = reply.body.messages.find((m) => m.role === "system" && m.content?.startsWith("Earlier in this conversation"))?.content ?? "";
    expect(summaryText.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS + 100);
    expect((await messagesOf(world.lead.id)).filter((m) => m.status === "pending")).toEqual([]);
  }, 120_000);
});
