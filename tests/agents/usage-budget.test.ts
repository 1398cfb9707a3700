import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { local } from "../support/local-model";
import { setUpTestWorker } from "../support/worker-harness";

// No worker runs here: turns are run directly and concurrently (the jobs that receiving a message queues just wait).
setUpTestWorker({ inProcess: false });

const { unsafeDb } = await import("@/server/db/client");
const { runAiTurn, NEEDS_HUMAN_MESSAGES } = await import("@/server/agents/run-turn");
const { monthOf, DEFAULT_TURN_RESERVATION, reserveTurnBudget } = await import("@/server/agents/token-usage");
const { sendBudgetAlerts } = await import("@/server/services/usage/send-budget-alerts");
const { seedOnboardingWorkspace } = await import("../../prisma/seed");
const { agentWorld, messagesOf } = await import("./world");
const { createUser, signedInCaller } = await import("../support/factories");

/** Every model call answers after 150 ms (so turns overlap) and spends 1,000 tokens: one call is one turn here. */
const TURN_TOKENS = 1_000;
const answerSlowly = () => local.fallback(async () => ({ content: "Happy to help!", delayMs: 150, usage: { prompt_tokens: 900, completion_tokens: 100 } }));

async function worldWithLeads(count: number) {
  const w = await agentWorld();
  const leads = [w.lead.id];
  for (let i = 1; i < count; i++) {
    const lead = await w.caller.leads.create({ name: `Lead ${i}`, email: `lead-${i}-${w.subAccountId}@example.com`, strategyId: w.strategy.id, ownerId: w.user.id });
    leads.push(lead.id);
  }
  return { ...w, leads };
}

const usageOf = (subAccountId: number) => unsafeDb.tokenUsage.findFirstOrThrow({ where: { subAccountId, month: monthOf(new Date()) } });

beforeAll(() => seedOnboardingWorkspace());
beforeEach(() => local.reset());

describe("the monthly token budget under concurrent turns", () => {
  it("lets one turn start near the limit and refuses the 15 that arrive with it", async () => {
    const w = await worldWithLeads(16);
    await unsafeDb.subAccount.update({ where: { id: w.subAccountId }, data: { monthlyTokenBudget: 6_000 } });
    await unsafeDb.tokenUsage.create({ data: { subAccountId: w.subAccountId, month: monthOf(new Date()), promptTokens: 5_000, completionTokens: 500, maxTurnTokens: TURN_TOKENS } });
    answerSlowly();
    for (const leadId of w.leads) await w.say("Hello, can I book?", leadId);

    const outcomes = await Promise.all(w.leads.map((leadId) => runAiTurn(w.ctx, { leadId })));

    const replied = outcomes.filter((o) => o.status === "replied");
    const refused = outcomes.filter((o) => o.status === "needs_human" && o.reason === "budget");
    expect([replied.length, refused.length]).toEqual([1, 15]);
    expect(local.requests).toHaveLength(1);
    const usage = await usageOf(w.subAccountId);
    expect(usage.promptTokens + usage.completionTokens).toBe(6_500);
    expect(usage.reservedTokens).toBe(0);
    expect(await unsafeDb.tokenReservation.count({ where: { subAccountId: w.subAccountId } })).toBe(0);
    const waiting = (await Promise.all(w.leads.map((id) => messagesOf(id)))).flat().filter((m) => m.status === "needs_human");
    expect(waiting).toHaveLength(15);
    expect(new Set(waiting.map((m) => m.error))).toEqual(new Set([NEEDS_HUMAN_MESSAGES.budget]));
  });

  it("spends a budget in waves of 12 concurrent turns and ends it at most one turn over", async () => {
    const w = await worldWithLeads(12);
    const budget = 10_000;
    await unsafeDb.subAccount.update({ where: { id: w.subAccountId }, data: { monthlyTokenBudget: budget } });
    answerSlowly();
    let waves = 0;
    let replies = 0;
    for (;;) {
      waves++;
      for (const leadId of w.leads) await w.say(`Wave ${waves}`, leadId);
      const outcomes = await Promise.all(w.leads.map((leadId) => runAiTurn(w.ctx, { leadId })));
      const answered = outcomes.filter((o) => o.status === "replied").length;
      replies += answered;
      if (answered === 0 || waves >= 20) break;
    }
    const usage = await usageOf(w.subAccountId);
    const used = usage.promptTokens + usage.completionTokens;
    console.log(`budget ${budget}: ${replies} turns answered in ${waves} waves of 12 concurrent turns, ${used} tokens used`);
    expect(used).toBe(replies * TURN_TOKENS);
    expect(used).toBeGreaterThanOrEqual(budget);
    expect(used).toBeLessThanOrEqual(budget + TURN_TOKENS);
    expect(usage.maxTurnTokens).toBe(TURN_TOKENS);
    expect(usage.reservedTokens).toBe(0);
    // Without reservations the first wave alone would have spent 12,000.
    expect(waves).toBeGreaterThan(1);
  });

  it("releases the reservation of a turn whose worker died once it expires", async () => {
    const w = await agentWorld();
    await unsafeDb.subAccount.update({ where: { id: w.subAccountId }, data: { monthlyTokenBudget: 5_000 } });
    const month = monthOf(new Date());
    await unsafeDb.tokenUsage.create({ data: { subAccountId: w.subAccountId, month, reservedTokens: DEFAULT_TURN_RESERVATION * 3 } });
    const dead = { subAccountId: w.subAccountId, month, tokens: DEFAULT_TURN_RESERVATION };
    await unsafeDb.tokenReservation.createMany({
      data: [0, 1, 2].map((i) => ({ ...dead, turnKey: `dead-${i}`, expiresAt: new Date(Date.now() - 1_000) })),
    });
    const admission = await reserveTurnBudget(w.ctx, 5_000);
    expect(admission.admitted).toBe(true);
    expect((await usageOf(w.subAccountId)).reservedTokens).toBe(DEFAULT_TURN_RESERVATION);
    expect(await unsafeDb.tokenReservation.count({ where: { subAccountId: w.subAccountId } })).toBe(1);
  });

  it("records tokens per model and hour, and turns", async () => {
    const w = await agentWorld();
    answerSlowly();
    await w.say("Hi");
    await runAiTurn(w.ctx, { leadId: w.lead.id });
    const rows = await unsafeDb.modelUsageHourly.findMany({ where: { subAccountId: w.subAccountId } });
    expect(rows.map((r) => [r.model, r.promptTokens, r.completionTokens, r.turns])).toEqual([["local-model", 900, 100, 1]]);
    expect(rows[0]!.hour.getTime() % 3_600_000).toBe(0);
  });
});

describe("budget alerts", () => {
  it("emails the admins at 80% and at 100%, once per month each, however many turns cross together", async () => {
    const w = await agentWorld();
    const admins = [await createUser({ subAccountId: w.subAccountId, role: "admin" }), await createUser({ subAccountId: w.subAccountId, role: "admin" })];
    const budget = 10_000;
    await unsafeDb.subAccount.update({ where: { id: w.subAccountId }, data: { monthlyTokenBudget: budget } });
    await unsafeDb.tokenUsage.create({ data: { subAccountId: w.subAccountId, month: monthOf(new Date()), promptTokens: 7_000, completionTokens: 500 } });
    const alerts = () => unsafeDb.notificationEmail.findMany({ where: { subAccountId: w.subAccountId, kind: "budget_alert" }, orderBy: { id: "asc" } });

    // Under 80%: nothing.
    expect(await sendBudgetAlerts(w.ctx, budget)).toEqual([]);
    answerSlowly();
    await w.say("Hi");
    await runAiTurn(w.ctx, { leadId: w.lead.id });
    let sent = await alerts();
    expect(sent.map((e) => [e.toUserId, e.subject.includes("80%")])).toEqual(admins.map((a) => [a.id, true]));

    // Ten checks at once past 100%: one alert per admin.
    await unsafeDb.tokenUsage.updateMany({ where: { subAccountId: w.subAccountId }, data: { promptTokens: 9_900, completionTokens: 200 } });
    const results = await Promise.all(Array.from({ length: 10 }, () => sendBudgetAlerts(w.ctx, budget)));
    expect(results.flat()).toEqual([100]);
    sent = await alerts();
    expect(sent).toHaveLength(4);
    expect(sent.slice(2).map((e) => [e.toUserId, e.subject.includes("used up")])).toEqual(admins.map((a) => [a.id, true]));
    // Later turns this month alert nobody again.
    await w.say("Still there?");
    await runAiTurn(w.ctx, { leadId: w.lead.id });
    expect(await alerts()).toHaveLength(4);
  });
});

describe("monthly message limits per channel", () => {
  it("refuses a person's emails over the limit, with a clear error, even when sent at once", async () => {
    const w = await agentWorld();
    await unsafeDb.subAccount.update({ where: { id: w.subAccountId }, data: { monthlyEmailLimit: 2 } });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => w.caller.messages.send({ leadId: w.lead.id, channel: "email", subject: "Hello", body: `Message ${i}` })),
    );
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      expect((r.reason as { code: string }).code).toBe("PRECONDITION_FAILED");
      expect((r.reason as Error).message).toMatch(/sent its limit of 2 emails for \w+; nothing was sent/);
    }
    expect(await unsafeDb.message.count({ where: { leadId: w.lead.id, role: "human", channel: "email" } })).toBe(2);
    const counter = await unsafeDb.messageUsage.findFirstOrThrow({ where: { subAccountId: w.subAccountId, channel: "email" } });
    expect(counter.sent).toBe(2);
  });

  it("refuses text messages over the SMS limit (people and campaigns take the same path)", async () => {
    const w = await agentWorld();
    await unsafeDb.lead.update({ where: { id: w.lead.id }, data: { phone: "+12025550177" } });
    await unsafeDb.subAccount.update({ where: { id: w.subAccountId }, data: { monthlySmsLimit: 3 } });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => w.caller.messages.send({ leadId: w.lead.id, channel: "sms", body: `Text ${i}`, confirmQuietHours: true })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(await unsafeDb.message.count({ where: { leadId: w.lead.id, channel: "sms" } })).toBe(3);
  });

  it("the AI asks no model for a reply it could not send, and the message waits for a person", async () => {
    const w = await agentWorld();
    await unsafeDb.subAccount.update({ where: { id: w.subAccountId }, data: { monthlyWebLimit: 1 } });
    answerSlowly();
    await w.say("First");
    expect((await runAiTurn(w.ctx, { leadId: w.lead.id })).status).toBe("replied");
    await w.say("Second");
    expect(await runAiTurn(w.ctx, { leadId: w.lead.id })).toMatchObject({ status: "needs_human", reason: "message_limit" });
    expect(local.requests).toHaveLength(1);
    const last = (await messagesOf(w.lead.id)).at(-1)!;
    expect([last.role, last.status, last.error]).toEqual(["lead", "needs_human", NEEDS_HUMAN_MESSAGES.message_limit]);
  });

  it("turns that all pass the check before the model share the last slots: the others wait for a person, tokens counted once", async () => {
    const w = await worldWithLeads(6);
    await unsafeDb.subAccount.update({ where: { id: w.subAccountId }, data: { monthlyWebLimit: 2 } });
    answerSlowly();
    for (const leadId of w.leads) await w.say("Hello, can I book?", leadId);

    // Every turn reads the limit (0 of 2 sent) before its model call; only the slots taken with the reply count.
    const outcomes = await Promise.all(w.leads.map((leadId) => runAiTurn(w.ctx, { leadId })));

    expect(outcomes.filter((o) => o.status === "replied")).toHaveLength(2);
    expect(outcomes.filter((o) => o.status === "needs_human" && o.reason === "message_limit")).toHaveLength(4);
    expect(local.requests).toHaveLength(6);
    const counter = await unsafeDb.messageUsage.findFirstOrThrow({ where: { subAccountId: w.subAccountId, channel: "web" } });
    expect(counter.sent).toBe(2);
    expect(await unsafeDb.message.count({ where: { subAccountId: w.subAccountId, role: "assistant" } })).toBe(2);
    const usage = await usageOf(w.subAccountId);
    expect([usage.promptTokens + usage.completionTokens, usage.reservedTokens]).toEqual([6 * TURN_TOKENS, 0]);
    const hourly = await unsafeDb.modelUsageHourly.findMany({ where: { subAccountId: w.subAccountId } });
    expect(hourly.map((r) => r.turns)).toEqual([6]);
  });
  it("without a limit every AI reply is still counted, once, however many turns answer at once", async () => {
    const w = await worldWithLeads(8);
    answerSlowly();
    for (const leadId of w.leads) await w.say("Hello, can I book?", leadId);
    const outcomes = await Promise.all(w.leads.map((leadId) => runAiTurn(w.ctx, { leadId })));
    expect(outcomes.filter((o) => o.status === "replied")).toHaveLength(8);
    // The batch is answered: a turn run again stores and counts nothing.
    expect((await runAiTurn(w.ctx, { leadId: w.lead.id })).status).toBe("nothing_pending");
    const counter = await unsafeDb.messageUsage.findFirstOrThrow({ where: { subAccountId: w.subAccountId, channel: "web" } });
    expect(counter.sent).toBe(8);
  });
});

describe("the usage page", () => {
  it("shows tokens per model with a cost, turns, messages per channel, handoffs and AI bookings per day in the viewer's zone", async () => {
    const w = await agentWorld();
    const admin = await createUser({ subAccountId: w.subAccountId, role: "admin" });
    const { caller } = await signedInCaller({ kind: "user", id: admin.id });
    const model = `priced-model-${w.subAccountId}`;
    await unsafeDb.modelPrice.create({ data: { model, inputPerMillion: 2.5, outputPerMillion: 10 } });
    // 03:00 UTC on 1 March is 22:00 on 28 February in New York: February's last day there, March's first in UTC.
    await unsafeDb.modelUsageHourly.createMany({
      data: [
        { subAccountId: w.subAccountId, hour: new Date("2026-03-01T03:00:00Z"), model, promptTokens: 1_000_000, completionTokens: 100_000, turns: 4 },
        { subAccountId: w.subAccountId, hour: new Date("2026-02-10T15:00:00Z"), model: "unpriced-model", promptTokens: 500, completionTokens: 50, turns: 1 },
      ],
    });
    await unsafeDb.message.create({ data: { subAccountId: w.subAccountId, leadId: w.lead.id, role: "lead", channel: "sms", content: "x", status: "received", createdAt: new Date("2026-03-01T04:00:00Z") } });
    await unsafeDb.message.create({ data: { subAccountId: w.subAccountId, leadId: w.lead.id, role: "assistant", channel: "sms", content: "x", status: "sent", createdAt: new Date("2026-03-01T04:01:00Z") } });
    await unsafeDb.auditLog.create({ data: { subAccountId: w.subAccountId, action: "ai.handoff", createdAt: new Date("2026-02-28T12:00:00Z") } });
    await unsafeDb.booking.create({
      data: { subAccountId: w.subAccountId, userId: w.user.id, leadId: w.lead.id, bookedByAi: true, timezone: "UTC", startsAt: new Date("2026-03-05T10:00Z"), endsAt: new Date("2026-03-05T11:00Z"), createdAt: new Date("2026-03-01T04:30:00Z") },
    });

    const feb = await caller.usage.summary({ month: "2026-02", timezone: "America/New_York" });
    expect(feb.timezone).toBe("America/New_York");
    expect(feb.days).toHaveLength(28);
    const last = feb.days.at(-1)!;
    expect(last).toMatchObject({ date: "2026-02-28", promptTokens: 1_000_000, completionTokens: 100_000, turns: 4, handoffs: 1, aiBookings: 1 });
    expect(last.cost).toBeCloseTo(3.5, 6);
    expect(last.messages.sms).toEqual({ in: 1, out: 1 });
    expect(feb.models.map((m) => [m.model, m.turns, m.cost])).toEqual([[model, 4, 3.5], ["unpriced-model", 1, null]]);
    expect(feb.totals).toMatchObject({ turns: 5, handoffs: 1, aiBookings: 1, unpricedModels: ["unpriced-model"] });

    // The same hour seen from UTC belongs to March.
    const marchUtc = await caller.usage.summary({ month: "2026-03", timezone: "UTC" });
    expect(marchUtc.days[0]).toMatchObject({ date: "2026-03-01", turns: 4, aiBookings: 1 });
    expect(marchUtc.days).toHaveLength(31);
  });

  it("is for workspace admins; budgets and limits are set by platform admins only", async () => {
    const w = await agentWorld();
    await expect(w.caller.usage.summary({ month: "2026-02", timezone: "UTC" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = await createUser({ subAccountId: w.subAccountId, role: "admin" });
    const { caller } = await signedInCaller({ kind: "user", id: admin.id });
    await expect(caller.platform.usage.setLimits({ subAccountId: w.subAccountId, monthlyTokenBudget: 1, monthlySmsLimit: null, monthlyEmailLimit: null, monthlyWebLimit: null })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const { createAdmin } = await import("../support/factories");
    const platformAdmin = await createAdmin();
    const platform = (await signedInCaller({ kind: "admin", id: platformAdmin.id })).caller;
    const limits = await platform.platform.usage.setLimits({ subAccountId: w.subAccountId, monthlyTokenBudget: 250_000, monthlySmsLimit: 500, monthlyEmailLimit: null, monthlyWebLimit: 0 });
    expect(limits).toMatchObject({ monthlyTokenBudget: 250_000, monthlySmsLimit: 500, monthlyEmailLimit: null, monthlyWebLimit: 0 });
    const seen = await caller.usage.summary({ month: "2026-02", timezone: "UTC" });
    expect(seen.budget.monthlyTokenBudget).toBe(250_000);
    expect(seen.limits).toEqual([
      { channel: "sms", limit: 500, sent: 0 },
      { channel: "email", limit: null, sent: 0 },
      { channel: "web", limit: 0, sent: 0 },
    ]);
    const audit = await unsafeDb.auditLog.findFirstOrThrow({ where: { subAccountId: w.subAccountId, action: "workspace.limits_updated" } });
    expect(audit.changes).toMatchObject({ monthlyTokenBudget: { from: null, to: 250_000 } });

    const price = await platform.platform.usage.savePrice({ model: `m-${w.subAccountId}`, inputPerMillion: 0.15, outputPerMillion: 0.6 });
    const changed = await platform.platform.usage.savePrice({ model: `m-${w.subAccountId}`, inputPerMillion: 0.2, outputPerMillion: 0.8 });
    expect(changed.id).toBe(price.id);
    expect((await platform.platform.usage.prices()).find((p) => p.id === price.id)).toMatchObject({ inputPerMillion: 0.2, outputPerMillion: 0.8 });
    await expect(platform.platform.usage.savePrice({ model: "x", inputPerMillion: -1, outputPerMillion: 1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await platform.platform.usage.deletePrice({ id: price.id });
    await expect(platform.platform.usage.deletePrice({ id: price.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
