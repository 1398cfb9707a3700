import { z } from "zod";
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import { conversationStateSchema, leadFieldsSchema } from "@/schemas/leads";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { freeSlotsOf } from "@/server/services/availability/free-slots";
import { addDays, localDateOf, parseDateKey, ZonedDay } from "@/server/services/availability/wall-clock";
import { createBookingForLead } from "@/server/services/bookings/create-booking";
import { updateConversationState, updateLead } from "@/server/services/leads/update-lead";
import { alertLeadOwner } from "./owner-alert";
import { formatLeadTime } from "./system-prompt";

/**
 * The agent's tools. Each is bound in code to the conversation's lead and workspace (`TurnScope`): no tool takes a
 * lead, workspace or booking id from the model, the argument schemas are strict (an unknown key such as `leadId`
 * is refused), and every read and write goes through the workspace-scoped client.
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
  /** Filled by tools as the turn goes on. */
  outcome: { bookings: { id: number; label: string }[]; handedOff: boolean };
}

export interface AgentTool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  args: S;
  run(scope: TurnScope, args: z.output<S>): Promise<Record<string, unknown>>;
}

const defineTool = <S extends z.ZodType>(tool: AgentTool<S>) => tool as unknown as AgentTool;

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD");
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Use YYYY-MM-DDTHH:mm on the person's clock");

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
    date: localDate.optional().describe("First date to look at (YYYY-MM-DD, the person's timezone); default today"),
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
    startsAt: localDateTime.describe("Start on the person's clock, YYYY-MM-DDTHH:mm"),
    notes: z.string().trim().max(500).optional().describe("What the meeting is about"),
  }),
  async run(scope, args) {
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
    await scope.ctx.db.lead.update({ where: { id: scope.leadId }, data: { status: "booked" }, select: { id: true } });
    const label = slotLabel(booking.startsAt, scope.timezone);
    scope.outcome.bookings.push({ id: booking.id, label });
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
    return { conversationState: merged };
  },
});

export const HANDOFF_REASON_PREFIX = "Handed to a person: ";

export const handoffToHumanTool = defineTool({
  name: "handoff_to_human",
  description: "Hands the conversation to a person and stops you replying to this lead until they hand it back.",
  args: z.strictObject({ reason: z.string().trim().min(1, "Say why").max(500) }),
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
  function: { name: tool.name, description: tool.description, parameters: z.toJSONSchema(tool.args, { io: "input" }) as Record<string, unknown> },
}));

export interface ToolCallRecord {
  id: string;
  name: string;
  arguments: unknown;
  ok: boolean;
  result: Record<string, unknown>;
}

function readArguments(raw: string): unknown {
  try {
    return raw.trim() === "" ? {} : JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/**
 * Runs one tool call of the model. Bad arguments, unknown tools and refusals of our services (AppError) become an
 * error result the model reads and can correct; anything else is a real failure and propagates.
 */
export async function executeToolCall(scope: TurnScope, call: { id: string; name: string; arguments: string }): Promise<ToolCallRecord> {
  const args = readArguments(call.arguments);
  const refuse = (error: string, fieldErrors?: Record<string, string[]>) => ({
    id: call.id,
    name: call.name,
    arguments: args ?? call.arguments,
    ok: false,
    result: { error, ...(fieldErrors ? { fieldErrors } : {}) },
  });
  const tool = byName.get(call.name);
  if (!tool) return refuse(`Unknown tool "${call.name}".`);
  if (args === undefined) return refuse("The arguments are not valid JSON.");
  const parsed = tool.args.safeParse(args);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const fields = issue.code === "unrecognized_keys" ? issue.keys : [issue.path.map(String).join(".") || "(arguments)"];
      for (const f of fields) (fieldErrors[f] ??= []).push(issue.code === "unrecognized_keys" ? "Not an argument of this tool" : issue.message);
    }
    return refuse(`Invalid arguments for ${call.name}.`, fieldErrors);
  }
  try {
    const result = await tool.run(scope, parsed.data);
    return { id: call.id, name: call.name, arguments: parsed.data, ok: true, result };
  } catch (e) {
    if (e instanceof AppError) {
      // A duplicate names the other lead; the model (and so the person) must never see another lead.
      const duplicate = (e.details as { duplicateOf?: { field?: string } } | undefined)?.duplicateOf;
      if (duplicate) return refuse(`That ${duplicate.field ?? "value"} is already used by another contact; ask the person to check it.`);
      return refuse(e.message, e.fieldErrors as Record<string, string[]> | undefined);
    }
    throw e;
  }
}
