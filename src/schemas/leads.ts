import { z } from "zod";
import { dateRangeSchema, idCursorSchema, idSchema, opaqueCursorSchema, pageLimit, text } from "./common";
import { emailSchema, timeZoneSchema } from "./auth";

export const LEAD_STATUSES = ["new", "contacted", "engaged", "qualified", "booked", "won", "lost", "disqualified"] as const;
export const leadStatusSchema = z.enum(LEAD_STATUSES);
export type LeadStatusValue = z.infer<typeof leadStatusSchema>;

export const CONVERSATION_STAGES = ["discovery", "qualification", "objection_handling", "closing", "booked"] as const;

/** What the AI receptionist (or a person) knows about where the conversation with a lead stands. */
export const conversationStateSchema = z.strictObject({
  qualified: z.boolean().optional(),
  budget: text().max(200, "Budget is too long").optional(),
  timeline: text().max(200, "Timeline is too long").optional(),
  decisionMaker: z.boolean().optional(),
  painPoints: z.array(text().min(1, "A pain point cannot be empty").max(300)).max(50).optional(),
  objections: z.array(text().min(1, "An objection cannot be empty").max(300)).max(50).optional(),
  stage: z.enum(CONVERSATION_STAGES, "Choose a stage: discovery, qualification, objection_handling, closing or booked"),
});
export type ConversationState = z.infer<typeof conversationStateSchema>;

/** Free text that may be cleared: "" and null both mean "no value"; undefined means "leave as it is". */
const optionalText = (max: number, label: string) =>
  text()
    .max(max, `${label} is too long`)
    .nullish()
    .transform((v) => (v === "" ? null : v));

const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

/** The editable fields of a lead, shared by the create and edit forms. Phones are normalised on the server. */
export const leadFieldsSchema = z.object({
  name: text().min(1, "Name is required").max(160, "Name is too long"),
  email: z.preprocess(blankToNull, emailSchema.nullish()),
  // Read against the workspace's default region (settings.defaultRegion, else US) and stored as E.164.
  phone: optionalText(40, "Phone"),
  company: optionalText(160, "Company"),
  position: optionalText(160, "Position"),
  source: optionalText(120, "Source"),
  customId: optionalText(120, "Custom id"),
  timezone: z.preprocess(blankToNull, timeZoneSchema.nullish()),
  status: leadStatusSchema.optional(),
  strategyId: idSchema.nullish(),
  ownerId: idSchema.nullish(),
});

export const createLeadSchema = leadFieldsSchema.extend({
  /** refuse: a lead with the same email or phone is an error naming it; merge: fill its empty fields instead. */
  onDuplicate: z.enum(["refuse", "merge"]).default("refuse"),
});
export type CreateLeadInput = z.infer<typeof createLeadSchema>;

export const updateLeadSchema = leadFieldsSchema.partial().extend({ id: idSchema });
export type UpdateLeadInput = z.infer<typeof updateLeadSchema>;

export const leadIdSchema = z.object({ id: idSchema });

export const assignLeadSchema = z.object({ id: idSchema, ownerId: idSchema.nullable() });

export const updateConversationStateSchema = z.object({ id: idSchema, conversationState: conversationStateSchema });

export const LEAD_SORT_FIELDS = ["createdAt", "name", "status"] as const;
export const leadSortSchema = z.enum(LEAD_SORT_FIELDS);
export type LeadSortField = z.infer<typeof leadSortSchema>;

/**
 * The leads list's filters: what leads.list narrows by, what a saved lead selection stores and what a campaign's
 * recipients are chosen with (schemas/lead-selections.ts and schemas/campaigns.ts derive theirs from this one).
 */
export const leadFiltersSchema = z.object({
  /** Part of the name, email, phone or company, any case. */
  search: text().max(120).optional(),
  status: leadStatusSchema.optional(),
  strategyId: idSchema.optional(),
  /** A member's id, or null for leads nobody owns. */
  ownerId: idSchema.nullable().optional(),
  created: dateRangeSchema.optional(),
  /** false (default): leads in work; true: archived leads only. */
  archived: z.boolean().default(false),
});
export type LeadFilters = z.infer<typeof leadFiltersSchema>;

export const listLeadsSchema = leadFiltersSchema.extend({
  /** Opaque: pass back the `nextCursor` of the previous page, with the same sort. */
  cursor: opaqueCursorSchema,
  limit: pageLimit(100, 25),
  sortBy: leadSortSchema.default("createdAt"),
  sortDir: z.enum(["asc", "desc"]).default("desc"),
});
export type ListLeadsInput = z.infer<typeof listLeadsSchema>;

export const listLeadNotesSchema = z.object({
  leadId: idSchema,
  cursor: idCursorSchema,
  limit: pageLimit(100, 25),
});

export const addLeadNoteSchema = z.object({
  leadId: idSchema,
  body: text().min(1, "Write something first").max(5000, "A note holds at most 5,000 characters"),
});
