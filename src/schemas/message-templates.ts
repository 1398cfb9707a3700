import { z } from "zod";
import { mergeFieldProblems } from "@/lib/merge-fields";
import { idSchema, text } from "./common";
import { SMS_MAX_CHARS } from "./messages";

/** A message text that may hold merge fields: every field must be one of MERGE_FIELDS (src/lib/merge-fields.ts). */
export const mergeTextSchema = text()
  .min(1, "Write a message")
  .max(SMS_MAX_CHARS, `A message holds at most ${SMS_MAX_CHARS} characters`)
  .superRefine((text, ctx) => {
    for (const problem of mergeFieldProblems(text)) ctx.addIssue({ code: "custom", message: problem });
  });

export const messageTemplateFieldsSchema = z.object({
  name: text().min(1, "Name the template").max(120, "The name is longer than 120 characters"),
  body: mergeTextSchema,
});

export const createMessageTemplateSchema = messageTemplateFieldsSchema;
export const updateMessageTemplateSchema = messageTemplateFieldsSchema.extend({ id: idSchema });
export const messageTemplateIdSchema = z.object({ id: idSchema });
/** A template's text for one lead, merge fields filled in (the compose box). */
export const renderMessageTemplateSchema = z.object({ id: idSchema, leadId: idSchema });
