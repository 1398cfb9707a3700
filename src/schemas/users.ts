import { z } from "zod";
import { idSchema, paginationSchema } from "./common";
import { emailSchema, nameSchema } from "./auth";

export const workspaceRoleSchema = z.enum(["user", "manager", "admin"]);
export const platformRoleSchema = z.enum(["admin", "super_admin"]);

export const listUsersSchema = paginationSchema.extend({
  search: z.string().trim().max(120).optional(),
  includeInactive: z.boolean().default(true),
});

/** A workspace admin adds a person; they get a one-time temporary password to replace at first sign-in. */
export const createUserSchema = z.object({
  name: nameSchema,
  email: emailSchema,
  role: workspaceRoleSchema.default("user"),
});

export const updateUserRoleSchema = z.object({ id: idSchema, role: workspaceRoleSchema });
export const setUserActiveSchema = z.object({ id: idSchema, isActive: z.boolean() });
export const userIdSchema = z.object({ id: idSchema });

export const bookingSettingsSchema = z.object({
  slotMinutes: z.number().int().min(5, "At least 5 minutes").max(480, "At most 8 hours"),
  bufferBeforeMin: z.number().int().min(0).max(240),
  bufferAfterMin: z.number().int().min(0).max(240),
  minNoticeMinutes: z.number().int().min(0).max(60 * 24 * 30),
  maxPerDay: z.number().int().min(1).max(100).nullable(),
});

/** Platform admins, across workspaces. */
export const platformListUsersSchema = listUsersSchema.extend({ subAccountId: idSchema.optional() });
export const platformUpdateUserSchema = z.object({
  id: idSchema,
  role: workspaceRoleSchema.optional(),
  isActive: z.boolean().optional(),
});

export const createAdminSchema = z.object({ name: nameSchema, email: emailSchema, role: platformRoleSchema.default("admin") });
export const setAdminActiveSchema = z.object({ id: idSchema, isActive: z.boolean() });

export const issueAuthCodeSchema = z.object({
  label: z.string().trim().max(120).optional(),
  expiresInHours: z.number().int().min(1).max(24 * 30).default(72),
});

export const signInAttemptsSchema = z.object({ email: emailSchema });
export const unlockSchema = z.object({
  email: emailSchema.optional(),
  accountKind: z.enum(["user", "admin"]).default("user"),
  ip: z.string().trim().max(64).optional(),
}).refine((v) => v.email || v.ip, { message: "Give an email or an IP address to unlock", path: ["email"] });
