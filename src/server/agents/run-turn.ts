import { APIError } from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { Channel, MessageStatus } from "@/generated/prisma/client";
import type { WorkspaceContext } from "@/server/context";
import { Prisma } from "@/server/db/client";
import type { TenantDb } from "@/server/db/tenant";
import { getChatModel, type ChatModel } from "@/server/integrations/openai/model";
import { decryptMessageContent, decryptMessageSubject, encryptMessageContent, encryptMessageSubject } from "@/server/services/messages/message-content";
import { getAgentConfig, type AgentConfig } from "./agent-config";
import { handOffToChannel } from "./deliver-reply";
import { dispatchEvents } from "@/server/events/dispatch-events";
import { fanOutWantedSql } from "@/server/events/subscribers";
import { buildConversation, capText, conversationSql, LOADED_MESSAGES, SUMMARY_INSTRUCTIONS, TOOL_RESULT_MAX_CHARS, type StoredConversation } from "./memory";
import { detectPromptInjection, LEAK_REPLACEMENT, promptLeakGuard, recordSecurityIncident } from "./safety";
import { systemPromptForLead } from "./system-prompt";
import { sendBudgetAlerts } from "@/server/services/usage/send-budget-alerts";
import { isLimitedChannel, messageCountCte, messageLimitReached, messageLimitsColumn, messageSlotCte, returnMessageSlot, type MessageLimits } from "@/server/services/usage/message-limits";
import { recordTokenUsage, reserveTurnBudget, tokenBudgetExhausted, turnUsageCtes, type TurnUsage } from "./token-usage";
import { errorSummary, executeToolCall, MAX_TOOL_CALLS_PER_RESPONSE, refusedToolCall, TOOL_DECLARATIONS, type ToolCallRecord, type TurnScope } from "./tools";

/**
 * One turn of the AI receptionist for one lead: every message of the lead still waiting for an answer is answered
 * together with one reply. Runs in the worker (the ai-turn job) under the lead's lock.
 */
export const MAX_STEPS = 6;
/** The completion limit of a step when the prompt template sets none. */
export const MAX_REPLY_TOKENS = 1_024;

export type NeedsHumanReason =
  | "ai_off"
  | "paused"
  | "no_strategy"
  | "budget"
  | "message_limit"
  | "model_error"
  | "no_reply"
  | "interrupted"
  | "failed"
  | "stale";

export const NEEDS_HUMAN_MESSAGES: Record<NeedsHumanReason, string> = {
  ai_off: "The AI is off (no model is configured); a person needs to answer.",
  paused: "The AI is paused for this lead; a person needs to answer.",
  no_strategy: "The lead has no strategy, so the AI does not answer; a person needs to answer.",
  budget: "The workspace's monthly AI token budget is used up; a person needs to answer.",
  message_limit: "The workspace has sent its monthly limit of messages on this channel; a person needs to answer (or a platform admin raises the limit).",
  model_error: "The AI model did not answer (after retries); a person needs to answer.",
  no_reply: "The AI did not produce a reply within its step limit; a person needs to answer.",
  interrupted: "The AI failed after it had acted, before it replied (the note below says what it did); a person needs to answer.",
  failed: "The AI could not answer (its job failed after retries; see Jobs); a person needs to answer.",
  stale: "The AI has not answered for 15 minutes; a person needs to answer.",
};

export type TurnOutcome =
  | { status: "replied"; messageId: string; answered: number; steps: number; toolCalls: number }
  | { status: "needs_human"; reason: NeedsHumanReason; answered: number }
  | { status: "nothing_pending" }
  | { status: "gone" };

const REPLY_STATUS: Record<Channel, MessageStatus> = { web: "sent", test: "sent", sms: "queued", email: "queued", voice: "queued" };

export async function runAiTurn(ctx: WorkspaceContext, input: { leadId: number }, now = () => new Date()): Promise<TurnOutcome> {
  const { log } = ctx;
  const lead = await loadLead(ctx, input.leadId, now());
  if (!lead) return { status: "gone" };
  const budget = lead.monthlyTokenBudget;
  const pending = lead.pending;
  if (pending.length === 0) return { status: "nothing_pending" };
  const pendingIds = pending.map((m) => BigInt(m.id));

  let paused = lead.aiPaused;
  for (const message of pending) {
    // Beyond the newest LOADED_MESSAGES of a flood only the ids are read (memory per turn stays bounded); the model never
    // reads those messages either.
    if (message.content === null) continue;
    const finding = detectPromptInjection(decryptMessageContent({ subAccountId: ctx.workspace.id, leadId: lead.id, content: message.content }));
    if (!finding) continue;
    // A turn retried after a failure has already recorded this message's incident.
    const recorded = await ctx.db.securityIncident.count({
      where: { leadId: lead.id, type: "prompt_injection", details: { path: ["messageId"], equals: message.id } },
    });
    if (recorded > 0) continue;
    const result = await recordSecurityIncident(ctx, lead, {
      type: "prompt_injection",
      severity: finding.severity,
      details: { messageId: message.id, patterns: finding.patterns },
    });
    paused ||= result.paused;
  }

  // Every model call's tokens, recorded once: with the reply, or before the messages go to a person.
  const usage = { prompt: 0, completion: 0 };
  const meter = (u: { prompt_tokens?: number; completion_tokens?: number } | undefined) => {
    usage.prompt += u?.prompt_tokens ?? 0;
    usage.completion += u?.completion_tokens ?? 0;
  };
  const spent = () => usage.prompt + usage.completion;
  // The turn's hold on the month's budget (null: unlimited), released with its usage.
  let reservation: string | null = null;
  let modelName = "unknown";
  const turnUsage = (): TurnUsage => ({ promptTokens: usage.prompt, completionTokens: usage.completion, model: modelName, reservation });
  // Set once a statement has recorded the usage (the reply's, even when it stored no reply): never twice.
  let usageRecorded = false;
  const recordUsage = async () => {
    if (!usageRecorded) await recordTokenUsage(ctx, turnUsage());
    usageRecorded = true;
    await sendBudgetAlerts(ctx, budget);
  };
  // What the turn's tools did, kept for the reply or, when there is none, for the person taking over.
  const toolCalls: ToolCallRecord[] = [];
  const outcome: TurnScope["outcome"] = { bookings: [], handedOff: false, effects: [] };

  const waitForPerson = async (reason: NeedsHumanReason): Promise<TurnOutcome> => {
    await recordUsage();
    // Tools may have acted (a booking made) before the model stopped: the person taking over sees what they did.
    if (toolCalls.length > 0) {
      await storeHandoverNote(ctx, lead.id, pending.at(-1)!, { toolCalls, effects: outcome.effects, strategyVersionId: config?.strategyVersionId ?? null });
    }
    await ctx.db.message.updateMany({
      where: { id: { in: pendingIds }, status: "pending" },
      data: { status: "needs_human", error: NEEDS_HUMAN_MESSAGES[reason] },
    });
    log.info({ leadId: lead.id, reason, messages: pendingIds.length }, "ai turn: message waits for a person");
    return { status: "needs_human", reason, answered: pendingIds.length };
  };

  if (paused) return waitForPerson("paused");
  // Both cached under Redis counters: read together, their commands share one write to Redis.
  const [model, config] = await Promise.all([
    getChatModel(ctx.workspace.id),
    lead.strategyId === null ? null : getAgentConfig(ctx.workspace.id, lead.strategyId),
  ]);
  if (!model) return waitForPerson("ai_off");
  if (!config) return waitForPerson("no_strategy");
  const channel = pending.at(-1)!.channel;
  // A reply that could not be sent is not worth its tokens.
  if (messageLimitReached(lead.messageLimits, channel)) return waitForPerson("message_limit");
  // A limit set while the model answers applies from the next reply.
  const limited = isLimitedChannel(channel) && lead.messageLimits.limits[channel] !== null;
  modelName = model.model;
  // Admitted under the budget, holding a turn's share of it: concurrent turns never overshoot it by more than one turn.
  const admission = await reserveTurnBudget(ctx, budget);
  if (!admission.admitted) return waitForPerson("budget");
  reservation = admission.reservation;

  const timezone = lead.timezone ?? (await ownerTimezone(ctx.db, lead.ownerId)) ?? "UTC";
  const scope: TurnScope = {
    ctx,
    leadId: lead.id,
    leadName: lead.name,
    ownerId: lead.ownerId,
    timezone,
    now: now(),
    turnKey: `${lead.id}:${pending.at(-1)!.id}`,
    outcome,
  };
  let reply: string | null = null;
  let steps = 0;
  let stored: { id: string } | null;
  try {
    const { summary, history } = await buildConversation(ctx, lead.id, lead, pendingIds, (previous, transcript) =>
      summarizeConversation(ctx, budget, model, meter, spent(), previous, transcript),
    );
    const system = systemPromptForLead(config.staticPrompt, {
      name: lead.name,
      timezone,
      conversationState: lead.conversationState,
      now: scope.now,
      channel: pending.at(-1)!.channel,
    });
    const messages: ChatCompletionMessageParam[] = [
      { role: "system", content: system },
      ...(summary ? [{ role: "system" as const, content: `Earlier in this conversation (summary): ${summary}` }] : []),
      ...history,
    ];
    while (steps < MAX_STEPS) {
      if (steps > 0 && (await tokenBudgetExhausted(ctx, budget, spent()))) return waitForPerson("budget");
      steps++;
      const completion = await model.client.chat.completions.create({
        model: model.model,
        messages,
        tools: TOOL_DECLARATIONS,
        temperature: config.temperature,
        // A reply is a few sentences: a model that runs on is cut off (and its answer, held in memory, stays small).
        max_tokens: config.maxTokens || MAX_REPLY_TOKENS,
      });
      meter(completion.usage);
      const answer = completion.choices[0]?.message;
      const calls = (answer?.tool_calls ?? []).flatMap((c) => (c.type === "function" ? [c] : []));
      if (calls.length === 0) {
        // A NUL means nothing to a person and breaks SMS and email bodies.
        reply = answer?.content?.replaceAll("\u0000", "").trim() || null;
        break;
      }
      messages.push({ role: "assistant", content: answer?.content ?? null, tool_calls: calls });
      for (const [index, call] of calls.entries()) {
        const request = { id: call.id, name: call.function.name, arguments: call.function.arguments };
        const record =
          index < MAX_TOOL_CALLS_PER_RESPONSE
            ? await executeToolCall(scope, request)
            : refusedToolCall(request, `Not run: at most ${MAX_TOOL_CALLS_PER_RESPONSE} tool calls per response. Ask again for what is still needed.`);
        toolCalls.push(record);
        log.info({ leadId: lead.id, tool: record.name, ok: record.ok }, "ai tool call");
        messages.push({ role: "tool", tool_call_id: call.id, content: capText(JSON.stringify({ ok: record.ok, ...record.result }), TOOL_RESULT_MAX_CHARS) });
      }
    }
    if (reply === null) return waitForPerson("no_reply");

    reply = await guardReply(ctx, lead, config, reply);
    reply = confirmBookings(reply, scope);

    const outcome = await storeReply(ctx, {
      leadId: lead.id,
      channel,
      limited,
      content: encryptMessageContent(ctx.workspace.id, lead.id, reply),
      subject: channel === "email" ? encryptMessageSubject(ctx.workspace.id, lead.id, replySubject(ctx, lead.id, pending)) : null,
      toolCalls,
      usage: turnUsage(),
      strategyVersionId: config.strategyVersionId,
      answered: pendingIds,
    });
    usageRecorded = true;
    // The channel's limit was reached while the model answered (other turns, people, campaigns took the last slots).
    if (outcome.status === "limit") return waitForPerson("message_limit");
    stored = outcome.status === "stored" ? { id: outcome.id } : null;
    if (!stored && limited) await returnMessageSlot(ctx.db, channel);
    await sendBudgetAlerts(ctx, budget);
  } catch (e) {
    if (e instanceof APIError) {
      log.warn({ leadId: lead.id, err: { name: e.name, status: e.status, message: e.message } }, "ai model call failed after retries");
      return waitForPerson("model_error");
    }
    // Once tools have acted (a booking made, details saved), running the turn again would act again and the lead
    // would hear nothing of the first time: a person takes over, with a note of what was done.
    if (toolCalls.length > 0) {
      log.error({ leadId: lead.id, err: errorSummary(e), toolCalls: toolCalls.length }, "ai turn failed after its tools ran; handed to a person");
      // When even that fails (the database is gone), the job's retry or the sweep hands the messages over later.
      return waitForPerson("interrupted").catch(() => {
        throw e;
      });
    }
    if (!usageRecorded) await recordTokenUsage(ctx, turnUsage()).catch(() => undefined);
    throw e;
  }
  // Another turn already answered this batch (only possible after a lock expired mid-turn).
  if (!stored) return { status: "nothing_pending" };
  await handOffToChannel(ctx, { id: BigInt(stored.id), channel: pending.at(-1)!.channel, subAccountId: ctx.workspace.id, leadId: lead.id });
  return { status: "replied", messageId: stored.id, answered: pendingIds.length, steps, toolCalls: toolCalls.length };
}

interface LoadedLead extends StoredConversation {
  workspaceName: string;
  monthlyTokenBudget: number | null;
  id: number;
  name: string;
  timezone: string | null;
  ownerId: number | null;
  strategyId: number | null;
  aiPaused: boolean;
  conversationState: unknown;
  pending: { id: string; content: string | null; subject: string | null; channel: Channel }[];
  messageLimits: MessageLimits;
}

/**
 * The lead, its workspace's name, budget and message limits (with this month's sends), its messages waiting for an
 * answer and its stored conversation (summary and the messages after it): one round trip.
 */
async function loadLead(ctx: WorkspaceContext, leadId: number, now: Date): Promise<LoadedLead | null> {
  const [row] = await ctx.db.$queryWorkspace<LoadedLead>((ws) => {
    const conversation = conversationSql(ws);
    return Prisma.sql`
      SELECT s.name AS "workspaceName", s."monthlyTokenBudget", l.id, l.name, l.timezone, l."ownerId", l."strategyId",
             l."aiPaused", l."conversationState",
             COALESCE((SELECT json_agg(json_build_object('id', m.id::text, 'content', CASE WHEN m.newest <= ${LOADED_MESSAGES} THEN m.content END,
                                                     'subject', m.subject, 'channel', m.channel::text) ORDER BY m.id)
                         FROM (SELECT id, content, subject, channel, row_number() OVER (ORDER BY id DESC) AS newest
                                 FROM "Message"
                                WHERE "subAccountId" = ${ws} AND "leadId" = l.id AND role = 'lead' AND status = 'pending') m), '[]'::json) AS pending,
             ${messageLimitsColumn(ws, now)},
             ${conversation.columns}
        FROM "Lead" l JOIN "SubAccount" s ON s.id = l."subAccountId"
        ${conversation.join}
       WHERE l."subAccountId" = ${ws} AND l.id = ${leadId}`;
  });
  return row ?? null;
}

/**
 * The reply and what it answers, in one statement (atomic): a message slot of the month taken on a limited channel
 * (nothing is stored when the limit is reached), the reply row (skipped when this batch already has one: the
 * idempotency key), the answered messages marked received, the lead's last activity, and the turn's tokens added to
 * the month's usage (always: they were spent), and for a web chat reply (shown as it is stored) its message.sent event
 * (payloads.ts's MessagePayload, built in SQL), dispatched after the statement unless no subscriber wants it (then it
 * is stored as dispatched). `answered` when the batch already had its reply (the slot taken for it is the caller's to
 * return), `limit` when the channel's limit left no slot.
 */
async function storeReply(
  ctx: WorkspaceContext,
  reply: {
    leadId: number;
    channel: Channel;
    /** The channel has a monthly limit: the reply takes a slot (counted otherwise). */
    limited: boolean;
    content: string;
    subject: string | null;
    toolCalls: ToolCallRecord[];
    usage: TurnUsage;
    strategyVersionId: number;
    answered: bigint[];
  },
): Promise<{ status: "stored"; id: string } | { status: "answered" } | { status: "limit" }> {
  const now = new Date();
  const toolCalls = reply.toolCalls.length ? JSON.stringify(reply.toolCalls) : null;
  const idempotencyKey = `ai-reply-${reply.answered.at(-1)!.toString()}`;
  const sentEvent = reply.channel === "web";
  const [row] = await ctx.db.$queryWorkspace<{ id: string | null; admitted: boolean; eventId: string | null }>((ws) => {
    const slot = reply.limited ? messageSlotCte(ws, reply.channel, now) : null;
    const counted = reply.limited ? null : messageCountCte(ws, reply.channel, Prisma.sql`reply`, now);
    const usage = turnUsageCtes(ws, reply.usage, now);
    const admitted = slot ? Prisma.sql`EXISTS (SELECT 1 FROM slot)` : Prisma.sql`true`;
    return Prisma.sql`
      WITH ${slot ? Prisma.sql`${slot}, ` : Prisma.empty}reply AS (
        INSERT INTO "Message" ("subAccountId", "leadId", role, channel, content, subject, status, "toolCalls", "promptTokens",
                               "completionTokens", "strategyVersionId", "idempotencyKey", "createdAt")
        SELECT ${ws}, ${reply.leadId}, 'assistant', ${reply.channel}::"Channel", ${reply.content}, ${reply.subject},
               ${REPLY_STATUS[reply.channel]}::"MessageStatus", ${toolCalls}::jsonb, ${reply.usage.promptTokens},
               ${reply.usage.completionTokens}, ${reply.strategyVersionId}, ${idempotencyKey}, ${now}::timestamp
         WHERE ${admitted}
        ON CONFLICT ("subAccountId", "idempotencyKey") DO NOTHING
        RETURNING id
      ), answered AS (
        UPDATE "Message" SET status = 'received'
         WHERE "subAccountId" = ${ws} AND "leadId" = ${reply.leadId} AND id = ANY(${reply.answered.map(String)}::bigint[])
           AND status = 'pending' AND EXISTS (SELECT 1 FROM reply)
        RETURNING id
      ), touched AS (
        UPDATE "Lead" SET "lastMessageAt" = ${now}::timestamp
         WHERE "subAccountId" = ${ws} AND id = ${reply.leadId} AND EXISTS (SELECT 1 FROM reply)
        RETURNING id
      )${usage ? Prisma.sql`, ${usage}` : Prisma.empty}${counted ? Prisma.sql`, ${counted}` : Prisma.empty}, event AS (
        INSERT INTO "DomainEvent" ("subAccountId", type, data, "createdAt", "dispatchedAt")
        SELECT ${ws}, 'message.sent', jsonb_build_object('message', jsonb_build_object(
                 'id', reply.id::text, 'leadId', ${reply.leadId}::int, 'channel', ${reply.channel}::text, 'direction', 'outbound',
                 'author', 'ai', 'status', 'sent', 'createdAt', ${now.toISOString()}::text)), ${now}::timestamp,
               CASE WHEN ${fanOutWantedSql("message.sent", ws)} THEN NULL ELSE ${now}::timestamp END
          FROM reply WHERE ${sentEvent}
        RETURNING id, "dispatchedAt" IS NULL AS pending
      )
      SELECT (SELECT reply.id::text FROM reply) AS id, ${admitted} AS admitted,
             (SELECT event.id::text FROM event WHERE event.pending) AS "eventId"`;
  });
  if (row?.eventId) await dispatchEvents([{ id: BigInt(row.eventId), subAccountId: ctx.workspace.id, type: "message.sent" }]);
  if (row?.id) return { status: "stored", id: row.id };
  return row?.admitted ? { status: "answered" } : { status: "limit" };
}

export const HANDOVER_NOTE = "The AI stopped before replying. What it did before:";

/**
 * The note's text: what the tools changed, in words (the calls themselves are attached). The AI said nothing of it to
 * the lead; a meeting it booked is still confirmed to the lead the usual way (booking-changed), and the note says so.
 */
export function handoverNoteText(effects: readonly string[], options: { booked?: boolean } = {}): string {
  if (effects.length === 0) return HANDOVER_NOTE;
  const told = options.booked
    ? "The AI sent no reply about this; the lead gets the booking's usual confirmation."
    : "The lead has not been told of this.";
  return [HANDOVER_NOTE, ...effects.map((e) => `- ${e}`), told].join("\n");
}

/**
 * A note (role system, never sent to the lead) with the tool calls of a turn that ended without a reply and what
 * they changed; once per batch.
 */
async function storeHandoverNote(
  ctx: WorkspaceContext,
  leadId: number,
  last: { id: string; channel: Channel },
  turn: { toolCalls: ToolCallRecord[]; effects: readonly string[]; strategyVersionId: number | null },
) {
  const content = encryptMessageContent(ctx.workspace.id, leadId, handoverNoteText(turn.effects, {
    booked: turn.toolCalls.some((call) => call.name === "book_meeting" && call.ok && call.result.booked === true),
  }));
  await ctx.db.$queryWorkspace(
    (ws) => Prisma.sql`
      INSERT INTO "Message" ("subAccountId", "leadId", role, channel, content, status, "toolCalls", "strategyVersionId", "idempotencyKey")
      VALUES (${ws}, ${leadId}, 'system', ${last.channel}::"Channel", ${content}, 'received', ${JSON.stringify(turn.toolCalls)}::jsonb,
              ${turn.strategyVersionId}, ${`ai-note-${last.id}`})
      ON CONFLICT ("subAccountId", "idempotencyKey") DO NOTHING`,
  );
}

/** An emailed reply answers the lead's last subject ("Re: …"), or names the business when the lead gave none. */
function replySubject(ctx: WorkspaceContext, leadId: number, pending: LoadedLead["pending"]): string {
  const withSubject = [...pending].reverse().find((m) => m.subject);
  const subject = withSubject ? decryptMessageSubject({ subAccountId: ctx.workspace.id, leadId, subject: withSubject.subject }) : null;
  if (!subject) return `Your message to ${ctx.workspace.name}`.slice(0, 200);
  return (/^re:/i.test(subject) ? subject : `Re: ${subject}`).slice(0, 200);
}

async function ownerTimezone(db: TenantDb, ownerId: number | null): Promise<string | null> {
  if (ownerId === null) return null;
  return (await db.user.findUnique({ where: { id: ownerId }, select: { timezone: true } }))?.timezone ?? null;
}

/**
 * The confidential prompt never reaches the lead: a reply reproducing it (however spaced or encoded) or its canary is
 * replaced and recorded as an incident.
 */
async function guardReply(ctx: WorkspaceContext, lead: { id: number; ownerId: number | null }, config: AgentConfig, reply: string) {
  const leak = promptLeakGuard(config.staticPrompt, config.canary).check(reply);
  if (!leak) return reply;
  await recordSecurityIncident(ctx, lead, {
    type: "prompt_leak",
    severity: "high",
    details: { strategyVersionId: config.strategyVersionId, found: leak.found, form: leak.form },
  });
  ctx.log.warn({ leadId: lead.id, ...leak }, "ai reply reproduced the system prompt; replaced");
  return LEAK_REPLACEMENT;
}

/** A booking made in this turn is always confirmed with its date and time on the lead's clock. */
function confirmBookings(reply: string, scope: TurnScope) {
  const missing = scope.outcome.bookings.filter((b) => !reply.includes(b.label.slice(-5)));
  if (missing.length === 0) return reply;
  return `${reply}\n\n${missing.map((b) => `Booked: ${b.label} (${scope.timezone}).`).join("\n")}`;
}

async function summarizeConversation(
  ctx: WorkspaceContext,
  budget: number | null,
  model: ChatModel,
  meter: (u: { prompt_tokens?: number; completion_tokens?: number } | undefined) => void,
  unrecorded: number,
  previous: string | null,
  transcript: string,
): Promise<string | null> {
  if (await tokenBudgetExhausted(ctx, budget, unrecorded)) return null;
  const completion = await model.client.chat.completions.create({
    model: model.model,
    temperature: 0.2,
    messages: [
      { role: "system", content: SUMMARY_INSTRUCTIONS },
      { role: "user", content: `${previous ? `Summary so far: ${previous}\n\n` : ""}Conversation:\n${transcript}` },
    ],
  });
  meter(completion.usage);
  return completion.choices[0]?.message?.content?.trim() || null;
}
