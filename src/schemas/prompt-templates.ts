import { z } from "zod";
import { idSchema, paginationSchema, text } from "./common";

export const promptTemplateFieldsSchema = z.object({
  name: text().min(1, "Name is required").max(120, "Name is too long"),
  description: text().max(1000, "Description is too long").nullish(),
  baseSystemPrompt: text().min(1, "The base system prompt is required").max(20_000, "The base system prompt is too long"),
  temperature: z.number().min(0, "Temperature is at least 0").max(2, "Temperature is at most 2"),
  maxTokens: z.number().int("Use a whole number").min(1, "At least 1 token").max(128_000, "At most 128000 tokens").nullish(),
  category: text().max(60, "Category is too long").nullish(),
  tags: z.array(text().min(1).max(40, "A tag is at most 40 characters")).max(20, "At most 20 tags"),
  isDefault: z.boolean(),
});

export const createPromptTemplateSchema = promptTemplateFieldsSchema.extend({
  temperature: promptTemplateFieldsSchema.shape.temperature.default(0.7),
  tags: promptTemplateFieldsSchema.shape.tags.default([]),
  isDefault: z.boolean().default(false),
});
/** Only the fields given change (no defaults here: a missing field must not reset a stored value). */
export const updatePromptTemplateSchema = z
  .object({ id: idSchema })
  .extend(promptTemplateFieldsSchema.partial().shape);

export const promptTemplateIdSchema = z.object({ id: idSchema });

export const listPromptTemplatesSchema = paginationSchema.extend({
  search: text().max(120).optional(),
  category: text().max(60).optional(),
});

/** Platform admins choose a workspace's active template; null returns it to the platform default. */
export const activatePromptTemplateSchema = z.object({ templateId: idSchema.nullable(), subAccountId: idSchema });
/** Workspace admins choose their own workspace's active template. */
export const activateWorkspaceTemplateSchema = z.object({ templateId: idSchema.nullable() });

export type CreatePromptTemplateInput = z.infer<typeof createPromptTemplateSchema>;
export type UpdatePromptTemplateInput = z.infer<typeof updatePromptTemplateSchema>;
