import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { startLocalOpenAI, type RecordedRequest, type ScriptedReply } from "../support/openai-server";

// The model pointed at the local OpenAI-compatible server; the worker harness gives the file its own queues.
const local = await startLocalOpenAI();
const modelEnv = { OPENAI_API_KEY: "sk-local-test", OPENAI_BASE_URL: local.baseURL, OPENAI_MODEL: "local-model", OPENAI_TIMEOUT_MS: "5000", OPENAI_MAX_RETRIES: "0" };
Object.assign(process.env, modelEnv);
(await import("@/env")).resetEnvCache();

const { setUpTestWorker } = await import("../support/worker-harness");
const { resetEnvCache } = await import("@/env");
const { unsafeDb } = await import("@/server/db/client");
const { seedOnboardingWorkspace } = await import("../../prisma/seed");
const { agentWorld, waitFor } = await import("./world");

beforeAll(async () => {
  await seedOnboardingWorkspace();
});
setUpTestWorker();

beforeEach(() => {
  local.reset();
  Object.assign(process.env, modelEnv);
  resetEnvCache();
  local.fallback(receptionist);
});

afterAll(() => local.close());

/**
 * A scripted model: asked for an appointment it checks availability, offers the first 10:00 slot, books it when
 * the lead accepts ("works"), and confirms. Anything else gets a polite question.
 */
const offered = new Map<string, string>();
function receptionist(request: RecordedRequest): ScriptedReply {
  const messages = request.body.messages;
  const last = messages.at(-1)!;
  const conversation = messages.find((m) => m.role === "system")!.content!.match(/Name: (.+)/)?.[1] ?? "";
  if (last.role === "tool") {
    const result = JSON.parse(last.content!) as { slots?: { startsAt: string; label: string }[]; booked?: boolean; when?: string };
    if (result.slots) {
      const slot = result.slots.find((s) => s.startsAt.endsWith("T10:00"))!;
      offered.set(conversation, slot.startsAt);
      return { content: `I can offer ${slot.label}. Does that work?` };
    }
    return { content: result.booked ? `You're booked for ${result.when}.` : "Sorry, that did not work." };
  }
  const text = last.content ?? "";
  if (/appointment/i.test(text)) {
    const tomorrow = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" }).format(new Date(Date.now() + 86_400_000));
    return { toolCalls: [{ name: "check_availability", arguments: { date: tomorrow, days: 1 } }] };
  }
  if (/works/i.test(text) && offered.has(conversation)) {
    return { toolCalls: [{ name: "book_meeting", arguments: { startsAt: offered.get(conversation)! } }] };
  }
  return { content: "How can I help you today?" };
}

const bookingCase = {
  name: "Books a consultation",
  leadMessages: ["Hi, I'd like an appointment tomorrow morning", "10:00 works for me"],
  leadTimezone: "America/New_York",
  expectations: [
    { kind: "tool_called", tool: "check_availability" },
    { kind: "tool_called", tool: "book_meeting" },
    { kind: "booking_created" },
    { kind: "phrase_present", phrase: "booked" },
    { kind: "phrase_absent", phrase: "marker-prohibited" },
  ],
} as const;

async function finishedRun(caller: Awaited<ReturnType<typeof agentWorld>>["caller"], strategyId: number) {
  return waitFor(async () => {
    const state = await caller.evaluations.get({ strategyId });
    return state.latestRun && ["completed", "failed"].includes(state.latestRun.status) ? state : undefined;
  }, "the evaluation run", 20_000);
}

async function failureOf(p: Promise<unknown>) {
  const error = await p.then(() => null, (e: unknown) => e);
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

describe("strategy evaluation", () => {
  it("plays scripted conversations through the real turn engine and records a verdict per expectation", async () => {
    const w = await agentWorld();
    const leadsBefore = await unsafeDb.lead.count({ where: { subAccountId: w.subAccountId } });
    const passing = await w.caller.evaluations.createCase({
      strategyId: w.strategy.id,
      ...bookingCase,
      leadMessages: [...bookingCase.leadMessages],
      expectations: [...bookingCase.expectations],
    });
    const failing = await w.caller.evaluations.createCase({
      strategyId: w.strategy.id,
      name: "Mentions the discount",
      leadMessages: ["Is it expensive?"],
      expectations: [{ kind: "phrase_present", phrase: "free first check-up" }, { kind: "tool_called", tool: "handoff_to_human" }],
    });
    await w.caller.evaluations.run({ strategyId: w.strategy.id });
    const state = await finishedRun(w.caller, w.strategy.id);
    expect(state.latestRun).toMatchObject({ status: "completed", progress: 100 });

    const [first, second] = state.cases;
    expect(first!.id).toBe(passing.id);
    expect(first!.lastResult).toMatchObject({ passed: true, strategyVersion: 1 });
    expect(first!.lastResult!.checks.map((c) => c.passed)).toEqual([true, true, true, true, true]);
    expect(first!.lastResult!.checks[1]!.detail).toBe("book_meeting was called 1 time(s), 1 succeeded.");
    const transcript = first!.lastResult!.transcript;
    expect(transcript.map((t) => t.role)).toEqual(["lead", "assistant", "lead", "assistant"]);
    expect(transcript[1]!.toolCalls?.map((c) => [c.name, c.ok])).toEqual([["check_availability", true]]);
    expect(transcript[3]!.text).toMatch(/^You're booked for .+ at 10:00\.$/);

    expect(second!.id).toBe(failing.id);
    expect(second!.lastResult).toMatchObject({ passed: false });
    expect(second!.lastResult!.checks.map((c) => [c.passed, c.detail])).toEqual([
      [false, '"free first check-up" never appeared.'],
      [false, "handoff_to_human was never called."],
    ]);
    expect(state.passesCurrentVersion).toBe(false);

    // The pretend leads, their messages and the booking are gone: the calendar and lead list are as before.
    expect(await unsafeDb.lead.count({ where: { subAccountId: w.subAccountId } })).toBe(leadsBefore);
    expect(await unsafeDb.booking.count({ where: { subAccountId: w.subAccountId } })).toBe(0);
    expect(await unsafeDb.message.count({ where: { subAccountId: w.subAccountId } })).toBe(0);
  });

  it("keeps a strategy that must pass from being activated until every case passes on its current version", async () => {
    const w = await agentWorld();
    await w.caller.evaluations.setRequired({ strategyId: w.strategy.id, required: true });
    await w.caller.strategies.deactivate({ id: w.strategy.id });
    expect((await failureOf(w.caller.strategies.activate({ id: w.strategy.id }))).message).toMatch(/has no evaluation cases yet/);

    const evaluationCase = await w.caller.evaluations.createCase({
      strategyId: w.strategy.id,
      name: "Greets",
      leadMessages: ["Hello"],
      expectations: [{ kind: "phrase_present", phrase: "price list" }],
    });
    await w.caller.evaluations.run({ strategyId: w.strategy.id });
    await finishedRun(w.caller, w.strategy.id);
    const refused = await failureOf(w.caller.strategies.activate({ id: w.strategy.id }));
    expect(refused).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(refused.message).toMatch(/0 of 1 cases passed on version 1/);

    await w.caller.evaluations.updateCase({ id: evaluationCase.id, name: "Greets", leadMessages: ["Hello"], expectations: [{ kind: "phrase_present", phrase: "help" }] });
    await w.caller.evaluations.run({ strategyId: w.strategy.id });
    expect((await finishedRun(w.caller, w.strategy.id)).passesCurrentVersion).toBe(true);
    expect(await w.caller.strategies.activate({ id: w.strategy.id })).toMatchObject({ isActive: true });

    // A new version has not been evaluated: it cannot be activated again until it is.
    await w.caller.strategies.update({ id: w.strategy.id, conversationTone: "Cheerful" });
    await w.caller.strategies.deactivate({ id: w.strategy.id });
    expect((await failureOf(w.caller.strategies.activate({ id: w.strategy.id }))).message).toMatch(/0 of 1 cases passed on version 2/);
  });

  it("refuses to run without a model, without cases, or twice at once", async () => {
    const w = await agentWorld();
    expect((await failureOf(w.caller.evaluations.run({ strategyId: w.strategy.id }))).message).toBe("Add at least one evaluation case first.");
    await w.caller.evaluations.createCase({ strategyId: w.strategy.id, name: "Greets", leadMessages: ["Hello"], expectations: [{ kind: "phrase_absent", phrase: "x" }] });
    local.fallback(async () => {
      await new Promise((r) => setTimeout(r, 500));
      return { content: "Hello!" };
    });
    await w.caller.evaluations.run({ strategyId: w.strategy.id });
    expect(await failureOf(w.caller.evaluations.run({ strategyId: w.strategy.id }))).toMatchObject({ code: "CONFLICT" });
    await finishedRun(w.caller, w.strategy.id);

    delete process.env.OPENAI_API_KEY;
    resetEnvCache();
    expect((await failureOf(w.caller.evaluations.run({ strategyId: w.strategy.id }))).message).toMatch(/No AI model is configured/);
    expect((await w.caller.evaluations.get({ strategyId: w.strategy.id })).aiConfigured).toBe(false);
  });

  it("gives field errors for bad cases and writes nothing", async () => {
    const w = await agentWorld();
    const bad = await failureOf(
      w.caller.evaluations.createCase({
        strategyId: w.strategy.id,
        name: "",
        leadMessages: [],
        leadTimezone: "Mars/Base",
        expectations: [{ kind: "tool_called", tool: "delete_everything" as never }],
      }),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    for (const text of ["Name the case", "Write at least one lead message", "Unknown time zone", "Choose one of the AI's tools"]) {
      expect(bad.message).toContain(text);
    }
    const other = await agentWorld();
    const foreign = await failureOf(
      w.caller.evaluations.createCase({ strategyId: other.strategy.id, name: "x", leadMessages: ["hi"], expectations: [{ kind: "booking_created" }] }),
    );
    expect(foreign.message).toMatch(/No strategy #\d+ in this workspace/);
    expect(await unsafeDb.strategyEvaluationCase.count({ where: { subAccountId: { in: [w.subAccountId, other.subAccountId] } } })).toBe(0);
  });
});
