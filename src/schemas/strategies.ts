import { z } from "zod";
import { idSchema, paginationSchema } from "./common";

export const MAX_REPLY_DELAY_SECONDS = 86_400;

const text = (max: number, label: string) => z.string().trim().max(max, `${label} is too long`).nullish();
const delaySchema = z
  .number()
  .int("Use whole seconds")
  .min(0, "The delay cannot be negative")
  .max(MAX_REPLY_DELAY_SECONDS, "At most 86400 seconds (one day)");

/** Every persona and sales-script field of a strategy; the same object is snapshotted into each version. */
export const strategyFieldsSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(120, "Name is too long"),
  description: text(1000, "Description"),
  tag: text(60, "Tag"),
  industryContext: text(4000, "Industry context"),
  aiName: text(80, "AI name"),
  aiRole: text(400, "AI role"),
  companyBackground: text(8000, "Company background"),
  conversationTone: text(1000, "Conversation tone"),
  communicationStyle: text(1000, "Communication style"),
  qualificationQuestions: text(8000, "Qualification questions"),
  disqualificationRules: text(8000, "Disqualification rules"),
  objectionHandling: text(8000, "Objection handling"),
  closingStrategy: text(8000, "Closing strategy"),
  bookingInstructions: text(8000, "Booking instructions"),
  outputGuidelines: text(8000, "Output guidelines"),
  prohibitedBehaviors: text(8000, "Prohibited behaviors"),
  delayMin: delaySchema.default(0),
  delayMax: delaySchema.default(0),
  // null: the workspace's active prompt template applies.
  promptTemplateId: idSchema.nullish(),
});

const delayOrder = (v: { delayMin?: number; delayMax?: number }) =>
  v.delayMin === undefined || v.delayMax === undefined || v.delayMin <= v.delayMax;
const delayOrderIssue = { message: "The maximum delay must be at least the minimum delay", path: ["delayMax"] };

export const createStrategySchema = strategyFieldsSchema.refine(delayOrder, delayOrderIssue);

/** Only the fields given change; the service checks the delay order against the stored values too. */
export const updateStrategySchema = z
  .object({ id: idSchema })
  .extend(
    strategyFieldsSchema.extend({ delayMin: delaySchema.optional(), delayMax: delaySchema.optional() }).partial().shape,
  )
  .refine(delayOrder, delayOrderIssue);

export const strategyIdSchema = z.object({ id: idSchema });

export const listStrategiesSchema = paginationSchema.extend({
  search: z.string().trim().max(120).optional(),
  isActive: z.boolean().optional(),
});

export const strategyVersionsSchema = paginationSchema.extend({ id: idSchema });

export type StrategyFields = z.infer<typeof strategyFieldsSchema>;
export type CreateStrategyInput = z.infer<typeof createStrategySchema>;
export type UpdateStrategyInput = z.infer<typeof updateStrategySchema>;
