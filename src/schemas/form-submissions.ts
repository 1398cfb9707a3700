import { z } from "zod";
import { idSchema, paginationSchema } from "./common";

/** A form's submissions, newest first; `cursor` is the last id of the previous page. */
export const listFormSubmissionsSchema = paginationSchema.extend({
  formId: idSchema.optional(),
  leadId: idSchema.optional(),
});
export type ListFormSubmissionsInput = z.infer<typeof listFormSubmissionsSchema>;

export const formSubmissionIdSchema = z.object({ id: idSchema });
