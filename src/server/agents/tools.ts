import { z } from "zod";
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import { conversationStateSchema, leadFieldsSchema } from "@/schemas/leads";
import { dateOnlySchema, isStorableText, localDateTimeSchema, text, UNSTORABLE_MESSAGE } from "@/schemas/common";
import type { WorkspaceContext } from "@/server/context";
import { databaseErrorCode } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { freeSlotsOf } from "@/server/services/availability/free-slots";
import { addDays, localDateOf, parseDateKey, ZonedDay } from "@/server/services/availability/wall-clock";
import { createBookingForLead } from "@/server/services/bookings/create-booking";
import { updateConversationState, updateLead } from "@/server/services/leads/update-lead";
import { updateLeadRow } from "@/server/services/leads/lead-records";
import { alertLeadOwner } from "./owner-alert";
import { formatLeadTime } from "./system-prompt";

/**
 * The agent's tools. Each is bound in code to the conversation's lead and workspace (`TurnScope`): no tool takes a
 * lead, workspace or booking id from the model, the argument schemas are strict (an unknown key such as `leadId`
 * is refused), and every read and write goes through the workspace-scoped client.
 *
 * What the model sends is hostile input like any request body: arguments are parsed into null-prototype objects,
 * validated with the shared input vocabulary (no NUL, dates that exist), and any failure of a call (bad arguments,
 * a refusal, a database error) is a tool error the model reads, never a crashed turn.
 */
export interface TurnScope {
  ctx: WorkspaceContext;
  leadId: number;
  leadName: string;
  ownerId: number | null;
  /** The lead's IANA zone: every time the model sees or gives is on this wall clock. */
  timezone: string;
  now: Date;
  /** Names this turn (the last message it answers), so what a retried turn does again is done once. */
  turnKey: string;
  /** Filled by tools as the turn goes on: what they changed, in words for the person who may take over. */
  outcome: { bookings: { id: number; label: string }[]; handedOff: boolean; effects: string[] };
}

/** A model response may ask for this many tool calls; the rest are answered with an error, not run. */
export const MAX_TOOL_CALLS_PER_RESPONSE = 5;
/** One turn books at most one meeting for its lead (a model looping on book_meeting must not fill a calendar). */
export const MAX_BOOKINGS_PER_TURN = 1;

export interface AgentTool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  args: S;
  run(scope: TurnScope, args: z.output<S>): Promise<Record<string, unknown>>;
}

const defineTool = <S extends z.ZodType>(tool: AgentTool<S>) => tool as unknown as AgentTool;

/** Whose calendar the AI books into: the lead's owner when active, else the workspace's most senior active member. */
async function calendarMember(scope: TurnScope) {
  const select = { id: true, name: true, timezone: true, isActive: true } as const;
  if (scope.ownerId !== null) {
    const owner = await scope.ctx.db.user.findUnique({ where: { id: scope.ownerId }, select });
    if (owner?.isActive) return owner;
  }
  const members = await scope.ctx.db.user.findMany({ where: { isActive: true }, select: { ...select, role: true }, orderBy: { id: "asc" } });
  const rank = { admin: 0, manager: 1, user: 2 } as const;
  const member = members.sort((a, b) => rank[a.role] - rank[b.role])[0];
  if (!member) throw new AppError("PRECONDITION_FAILED", "Nobody in this workspace takes bookings yet.");
  return member;
}

const slotLabel = (instant: Date, timeZone: string) => formatLeadTime(instant, timeZone).replace(/, (\d\d:\d\d)$/, " at $1");

export const checkAvailabilityTool = defineTool({
  name: "check_availability",
  description: "Free meeting times, on the person's own clock. Call before proposing times.",
  args: z.strictObject({
    date: dateOnlySchema.optional().describe("First date to look at (YYYY-MM-DD, the person's timezone); default today"),
    days: z.number().int().min(1).max(7).default(3).describe("How many days from that date"),
  }),
  async run(scope, args) {
    const member = await calendarMember(scope);
    const firstDay = args.date ? parseDateKey(args.date) : localDateOf(scope.now, scope.timezone);
    const from = new Date(Math.max(new ZonedDay(firstDay, scope.timezone).start(), scope.now.getTime()));
    const to = new Date(new ZonedDay(addDays(firstDay, args.days), scope.timezone).start());
    if (to <= from) return { timezone: scope.timezone, slots: [], note: "That date has passed." };
    const { slots, rules } = await freeSlotsOf(scope.ctx, member, { from, to, timezone: scope.timezone }, { now: scope.now });
    return {
      timezone: scope.timezone,
      slotMinutes: rules.slotMinutes,
      slots: slots.slice(0, 12).map((s) => ({ startsAt: s.localStart, label: slotLabel(s.startsAt, scope.timezone) })),
      more: slots.length > 12,
    };
  },
});

export const bookMeetingTool = defineTool({
  name: "book_meeting",
  description: "Books a meeting with the person at a free time they accepted (a startsAt from check_availability).",
  args: z.strictObject({
    startsAt: localDateTimeSchema.describe("Start on the person's clock, YYYY-MM-DDTHH:mm"),
    notes: text().max(500, "Notes are too long (at most 500 characters)").optional().describe("What the meeting is about"),
  }),
  async run(scope, args) {
    if (scope.outcome.bookings.length >= MAX_BOOKINGS_PER_TURN) {
      const booked = scope.outcome.bookings.map((b) => b.label).join(", ");
      throw new AppError("CONFLICT", `A meeting is already booked in this reply (${booked}); book no other. Confirm that one to the person.`);
    }
    const [date, time] = args.startsAt.split("T") as [string, string];
    const minutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
    const instant = new ZonedDay(parseDateKey(date), scope.timezone).instantAt(minutes);
    if (instant === null) throw AppError.field("startsAt", `${args.startsAt} does not exist in ${scope.timezone} (a clock change).`);
    const member = await calendarMember(scope);
    const booking = await createBookingForLead(scope.ctx, {
      userId: member.id,
      leadId: scope.leadId,
      startsAt: new Date(instant),
      timezone: scope.timezone,
      title: `Meeting with ${scope.leadName}`.slice(0, 200),
      notes: args.notes,
    });
    const label = slotLabel(booking.startsAt, scope.timezone);
    // Recorded before anything else can fail: the booking exists from here on.
    scope.outcome.bookings.push({ id: booking.id, label });
    scope.outcome.effects.push(`Booked a meeting with ${member.name}: ${label} (${scope.timezone}).`);
    await updateLeadRow(scope.ctx, scope.leadId, { status: "booked" });
    return { booked: true, bookingId: booking.id, when: label, timezone: scope.timezone, with: member.name };
  },
});

export const updateLeadDetailsTool = defineTool({
  name: "update_lead_details",
  description: "Saves contact details the person gave (only the fields that changed).",
  args: leadFieldsSchema
    .pick({ name: true, email: true, phone: true, company: true, position: true, timezone: true })
    .partial()
    .strict()
    .refine((v) => Object.values(v).some((x) => x !== undefined), "Give at least one field"),
  async run(scope, args) {
    const lead = await updateLead(scope.ctx, { id: scope.leadId, ...args });
    scope.outcome.effects.push(`Saved the lead's ${Object.keys(args).join(", ")}.`);
    if (lead.timezone) scope.timezone = lead.timezone;
    if (args.name) scope.leadName = lead.name;
    return { saved: Object.keys(args) };
  },
});

export const updateConversationStateTool = defineTool({
  name: "update_conversation_state",
  description: "Records what you learned: qualification, budget, timeline, decision maker, pain points, objections, stage.",
  args: conversationStateSchema.partial().strict(),
  async run(scope, args) {
    const lead = await scope.ctx.db.lead.findUnique({ where: { id: scope.leadId }, select: { conversationState: true } });
    if (!lead) throw new AppError("NOT_FOUND", "The lead no longer exists.");
    const current = conversationStateSchema.partial().safeParse(lead.conversationState);
    const merged = conversationStateSchema.parse({ stage: "discovery", ...(current.success ? current.data : {}), ...args });
    await updateConversationState(scope.ctx, { id: scope.leadId, conversationState: merged });
    scope.outcome.effects.push(`Updated the conversation state (${Object.keys(args).join(", ") || "stage"}).`);
    return { conversationState: merged };
  },
});

export const HANDOFF_REASON_PREFIX = "Handed to a person: ";

export const handoffToHumanTool = defineTool({
  name: "handoff_to_human",
  description: "Hands the conversation to a person and stops you replying to this lead until they hand it back.",
  args: z.strictObject({ reason: text().min(1, "The reason is required").max(500, "The reason is too long (at most 500 characters)") }),
  async run(scope, args) {
    await scope.ctx.db.lead.update({
      where: { id: scope.leadId },
      data: { aiPaused: true, aiPausedReason: `${HANDOFF_REASON_PREFIX}${args.reason}`.slice(0, 500) },
      select: { id: true },
    });
    await auditInWorkspace(scope.ctx, {
      action: "ai.handoff",
      targetType: "Lead",
      targetId: scope.leadId,
      changes: { reason: args.reason, notify: scope.ownerId === null ? "workspace_admins" : { userId: scope.ownerId } },
    });
    scope.outcome.handedOff = true;
    scope.outcome.effects.push(`Handed the conversation to a person and paused the AI for this lead: ${args.reason}`);
    await alertLeadOwner(scope.ctx, { id: scope.leadId, ownerId: scope.ownerId }, { key: `handoff:${scope.turnKey}`, reason: args.reason });
    return { handedOff: true };
  },
});

export const AGENT_TOOLS: readonly AgentTool[] = [
  checkAvailabilityTool,
  bookMeetingTool,
  updateLeadDetailsTool,
  updateConversationStateTool,
  handoffToHumanTool,
];

const byName = new Map(AGENT_TOOLS.map((t) => [t.name, t]));

/** The tools as the chat completions API declares them (JSON Schema of what the model may send). */
export const TOOL_DECLARATIONS: ChatCompletionFunctionTool[] = AGENT_TOOLS.map((tool) => ({
  type: "function",
  function: {
    name: tool.name,
    description: tool.description,
    parameters: z.toJSONSchema(tool.args, {
      io: "input",
      // "format": "date" says it; zod's calendar pattern would cost the model ~80 tokens per request.
      override: ({ jsonSchema }) => {
        if (jsonSchema.format === "date") delete jsonSchema.pattern;
      },
    }) as Record<string, unknown>,
  },
}));

export interface ToolCallRecord {
  id: string;
  name: string;
  arguments: unknown;
  ok: boolean;
  result: Record<string, unknown>;
}

type ParsedArguments = { ok: true; value: unknown } | { ok: false };

/**
 * The model's JSON arguments with every object null-prototype: a key named `__proto__`, `constructor` or `toString`
 * is a plain own key, which the strict schemas then refuse by name.
 */
function parseArguments(raw: string): ParsedArguments {
  if (raw.trim() === "") return { ok: true, value: Object.create(null) };
  try {
    const value: unknown = JSON.parse(raw, (_key, v: unknown) =>
      v !== null && typeof v === "object" && !Array.isArray(v) ? Object.assign(Object.create(null) as object, v) : v,
    );
    return { ok: true, value };
  } catch {
    return { ok: false };
  }
}

/** The path of the first string (value or key) PostgreSQL cannot store (a NUL, a lone surrogate); null when none. */
function unstorablePath(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") return !isStorableText(value) ? path.join(".") || "(arguments)" : null;
  if (value === null || typeof value !== "object") return null;
  for (const [key, item] of Object.entries(value)) {
    if (!isStorableText(key)) return [...path, key].join(".");
    const found = unstorablePath(item, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fields = new Map<string, string[]>();
  const add = (field: string, message: string) => fields.set(field, [...(fields.get(field) ?? []), message]);
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") for (const key of issue.keys) add(key, "Not an argument of this tool");
    else add(issue.path.map(String).join(".") || "(arguments)", issue.message);
  }
  // fromEntries defines own keys, so "__proto__" stays a key.
  return Object.fromEntries(fields);
}

const STORED_TEXT_MAX = 2_000;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * What the model sent, as PostgreSQL's jsonb can store and a person can read: NUL and lone surrogates replaced (keys
 * too), long strings cut, so recording a hostile call never fails the turn.
 */
function storable(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    const text = value.length > STORED_TEXT_MAX ? `${value.slice(0, STORED_TEXT_MAX)}…` : value;
    return text.replaceAll("\u0000", "\uFFFD").replace(LONE_SURROGATE, "\uFFFD");
  }
  if (value === null || typeof value !== "object") return value;
  if (depth > 8) return "…";
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => storable(v, depth + 1));
  return Object.fromEntries(Object.entries(value).slice(0, 100).map(([k, v]) => [storable(k) as string, storable(v, depth + 1)]));
}

function record(call: { id: string; name: string }, args: unknown, ok: boolean, result: Record<string, unknown>): ToolCallRecord {
  return { id: storable(call.id) as string, name: storable(call.name) as string, arguments: storable(args), ok, result: storable(result) as Record<string, unknown> };
}

const REFUSED_ARGUMENTS_MAX = 200;

/**
 * A call the turn does not run (over the per-response cap): answered with an error the model can act on, and kept
 * with the start of its arguments only, so a response of thousands of calls cannot bloat the record.
 */
export function refusedToolCall(call: { id: string; name: string; arguments: string }, error: string): ToolCallRecord {
  const raw = call.arguments;
  return record(call, raw.length > REFUSED_ARGUMENTS_MAX ? `${raw.slice(0, REFUSED_ARGUMENTS_MAX)}…` : raw, false, { error });
}

/**
 * Runs one tool call of the model. Whatever goes wrong (unknown tool, arguments that are not JSON or break the
 * schema, a refusal of our services, a database error) becomes an error result the model reads and can correct.
 */
export async function executeToolCall(scope: TurnScope, call: { id: string; name: string; arguments: string }): Promise<ToolCallRecord> {
  const parsed = parseArguments(call.arguments);
  const args = parsed.ok ? parsed.value : call.arguments;
  const refuse = (error: string, fieldErrors?: Record<string, string[]>) => record(call, args, false, { error, ...(fieldErrors ? { fieldErrors } : {}) });
  const tool = byName.get(call.name);
  if (!tool) return refuse(`Unknown tool "${call.name}".`);
  if (!parsed.ok) return refuse("The arguments are not valid JSON.");
  const unstorable = unstorablePath(parsed.value);
  if (unstorable !== null) return refuse(`Invalid arguments for ${call.name}.`, { [unstorable]: [UNSTORABLE_MESSAGE] });
  const valid = tool.args.safeParse(parsed.value);
  if (!valid.success) return refuse(`Invalid arguments for ${call.name}.`, fieldErrorsOf(valid.error));
  try {
    const result = await tool.run(scope, valid.data);
    return record(call, valid.data, true, result);
  } catch (e) {
    if (e instanceof AppError) {
      // A duplicate names the other lead; the model (and so the person) must never see another lead.
      const duplicate = (e.details as { duplicateOf?: { field?: string } } | undefined)?.duplicateOf;
      if (duplicate) return refuse(`That ${duplicate.field ?? "value"} is already used by another contact; ask the person to check it.`);
      return refuse(e.message, e.fieldErrors as Record<string, string[]> | undefined);
    }
    scope.ctx.log.error({ leadId: scope.leadId, tool: tool.name, err: errorSummary(e) }, "ai tool call failed");
    return refuse(`${call.name} failed on our side; do not repeat it. Offer to have a colleague follow up.`);
  }
}

/** Enough to diagnose a failure (its kind, a database error's code), never the values involved. */
export function errorSummary(e: unknown) {
  return { name: e instanceof Error ? e.name : typeof e, code: databaseErrorCode(e) };
}
