import { z } from "zod";
import { idSchema, INT4_MAX, paginationSchema, text, wholeNumber } from "./common";

export const MAX_REPLY_DELAY_SECONDS = 86_400;

const optionalText = (max: number, label: string) => text().max(max, `${label} is too long`).nullish();
const delaySchema = z
  .number()
  .int("Use whole seconds")
  .min(0, "The delay cannot be negative")
  .max(MAX_REPLY_DELAY_SECONDS, "At most 86400 seconds (one day)");

/** Every persona and sales-script field of a strategy; the same object is snapshotted into each version. */
export const strategyFieldsSchema = z.object({
  name: text().min(1, "Name is required").max(120, "Name is too long"),
  description: optionalText(1000, "Description"),
  tag: optionalText(60, "Tag"),
  industryContext: optionalText(4000, "Industry context"),
  aiName: optionalText(80, "AI name"),
  aiRole: optionalText(400, "AI role"),
  companyBackground: optionalText(8000, "Company background"),
  conversationTone: optionalText(1000, "Conversation tone"),
  communicationStyle: optionalText(1000, "Communication style"),
  qualificationQuestions: optionalText(8000, "Qualification questions"),
  disqualificationRules: optionalText(8000, "Disqualification rules"),
  objectionHandling: optionalText(8000, "Objection handling"),
  closingStrategy: optionalText(8000, "Closing strategy"),
  bookingInstructions: optionalText(8000, "Booking instructions"),
  outputGuidelines: optionalText(8000, "Output guidelines"),
  prohibitedBehaviors: optionalText(8000, "Prohibited behaviors"),
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
  search: text().max(120).optional(),
  isActive: z.boolean().optional(),
});

export const strategyVersionsSchema = paginationSchema.extend({ id: idSchema });

/** Restoring a version saves its fields as the strategy's next version (history is never rewritten). */
export const restoreStrategyVersionSchema = z.object({ id: idSchema, version: wholeNumber(1, INT4_MAX, "The version") });

export type StrategyFields = z.infer<typeof strategyFieldsSchema>;
export type CreateStrategyInput = z.infer<typeof createStrategySchema>;
export type UpdateStrategyInput = z.infer<typeof updateStrategySchema>;
