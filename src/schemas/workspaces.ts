import { z } from "zod";
import { idSchema, paginationSchema, text, untrimmedText } from "./common";
import { timeZoneSchema } from "./auth";
import { smsSettingsSchema } from "./sms";
import { emailRulesSchema } from "./email";
import { widgetSettingsSchema } from "./widget";

export const workspaceNameSchema = text().min(2, "Name must be at least 2 characters").max(120, "Name is too long");

export const workspaceSettingsSchema = z.object({
  timezone: timeZoneSchema.optional(),
  // ISO 3166 region used to read phone numbers written without a country code.
  defaultRegion: text()
    .max(2, "Use a two-letter country code such as US")
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "Use a two-letter country code such as US")
    .optional(),
  sms: smsSettingsSchema.optional(),
  email: emailRulesSchema.optional(),
  widget: widgetSettingsSchema.optional(),
});

export const createWorkspaceSchema = z.object({
  name: workspaceNameSchema,
  description: text().max(500, "Description is too long").optional(),
  settings: workspaceSettingsSchema.default({}),
});

export const updateWorkspaceSchema = z.object({
  name: workspaceNameSchema.optional(),
  description: text().max(500, "Description is too long").nullish(),
  settings: workspaceSettingsSchema.optional(),
});

/** Platform admins: the same edits plus the active flag, on any workspace. */
export const adminUpdateWorkspaceSchema = updateWorkspaceSchema.extend({
  id: idSchema,
  isActive: z.boolean().optional(),
});

export const deleteWorkspaceSchema = z.object({
  id: idSchema,
  // Typed by the admin: the workspace's exact name.
  confirmName: untrimmedText().min(1, "Type the workspace name to confirm").max(200, "Type the workspace name to confirm"),
});

export const listWorkspacesSchema = paginationSchema.extend({
  search: text().max(120).optional(),
  includeInactive: z.boolean().default(true),
});

export type CreateWorkspaceInput = z.infer<typeof createWorkspaceSchema>;
export type UpdateWorkspaceInput = z.infer<typeof updateWorkspaceSchema>;
