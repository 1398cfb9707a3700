import { unsafeDb } from "@/server/db/client";
import { receiveLeadMessage } from "@/server/services/messages/receive-lead-message";
import { decryptMessageContent } from "@/server/services/messages/message-content";
import { ALL_DAY_EVERY_DAY, memberWithSchedule } from "../bookings/world";
import { workspaceContext } from "../support/factories";

/** Every behaviour field of a strategy, each with a marker the tests look for in the system prompt. */
export const STRATEGY_FIELDS = {
  aiName: "Ava",
  aiRole: "front desk of Sunny Dental",
  companyBackground: "Sunny Dental is a family practice in Boston since 1998.",
  industryContext: "Dental care; marker-industry.",
  conversationTone: "Warm and brief; marker-tone.",
  communicationStyle: "Short sentences; marker-style.",
  qualificationQuestions: "Ask whether they are a new patient; marker-qualification.",
  disqualificationRules: "Not for emergencies after midnight; marker-disqualification.",
  objectionHandling: "If price worries them, mention the free first check-up; marker-objection.",
  closingStrategy: "Offer two concrete times; marker-closing.",
  bookingInstructions: "Book 60 minute consultations only; marker-booking.",
  outputGuidelines: "Never more than three sentences; marker-output.",
  prohibitedBehaviors: "Never give medical diagnoses; marker-prohibited.",
};

/**
 * A workspace with a manager whose calendar is open every hour (Berlin time, 60-minute slots, no notice), one
 * strategy with every field set, and a lead in New York owned by the manager and following that strategy.
 */
export async function agentWorld(opts: { delay?: [number, number]; leadTimezone?: string; name?: string } = {}) {
  const { subAccountId, user, caller } = await memberWithSchedule({
    timezone: "Europe/Berlin",
    weeklyHours: ALL_DAY_EVERY_DAY,
    slotMinutes: 60,
    minNoticeMinutes: 0,
    role: "manager",
  });
  const strategy = await caller.strategies.create({
    name: opts.name ?? "Dental front desk",
    ...STRATEGY_FIELDS,
    delayMin: opts.delay?.[0] ?? 0,
    delayMax: opts.delay?.[1] ?? 0,
  });
  const lead = await caller.leads.create({
    name: "Jordan Lee",
    email: `jordan-${subAccountId}@example.com`,
    timezone: opts.leadTimezone ?? "America/New_York",
    strategyId: strategy.id,
    ownerId: user.id,
  });
  const workspace = (await unsafeDb.subAccount.findUniqueOrThrow({ where: { id: subAccountId }, select: { id: true, name: true } }));
  const ctx = workspaceContext(workspace);
  return {
    subAccountId,
    user,
    caller,
    strategy,
    lead,
    ctx,
    /** The lead writes (through the same service a channel uses). */
    say: (content: string, leadId = lead.id) => receiveLeadMessage(ctx, { leadId, channel: "web", content }),
  };
}

/**
 * The lead's conversation as the AI turn wrote it. Booking confirmations and reminders (idempotency key "booking:…")
 * are left out: the booking-changed job writes them after a booking commits, at no fixed point of the turn, and
 * tests/bookings/confirmations-reminders.test.ts checks them.
 */
export async function messagesOf(leadId: number) {
  const rows = await unsafeDb.message.findMany({ where: { leadId }, orderBy: { id: "asc" } });
  return rows.filter((r) => !r.idempotencyKey?.startsWith("booking:")).map((r) => ({ ...r, text: decryptMessageContent(r) }));
}

/** Polls until `check` returns a value (not undefined/false) or the deadline passes. */
export async function waitFor<T>(check: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The lead's messages once none is pending any more (the turn finished, one way or another). */
export const settled = (leadId: number, timeoutMs?: number) =>
  waitFor(
    async () => {
      const rows = await messagesOf(leadId);
      return rows.length > 0 && rows.every((m) => m.status !== "pending") ? rows : undefined;
    },
    `lead ${leadId}'s messages to settle`,
    timeoutMs,
  );
