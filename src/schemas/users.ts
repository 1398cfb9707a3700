import { z } from "zod";
import { idSchema, paginationSchema, text, wholeNumber } from "./common";
import { emailSchema, nameSchema } from "./auth";

export const workspaceRoleSchema = z.enum(["user", "manager", "admin"]);
export const platformRoleSchema = z.enum(["admin", "super_admin"]);

export const listUsersSchema = paginationSchema.extend({
  search: text().max(120).optional(),
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
  slotMinutes: z.number("The slot length is a number").int("Use whole minutes").min(5, "At least 5 minutes").max(480, "At most 8 hours"),
  bufferBeforeMin: wholeNumber(0, 240, "The buffer before"),
  bufferAfterMin: wholeNumber(0, 240, "The buffer after"),
  minNoticeMinutes: wholeNumber(0, 60 * 24 * 30, "The minimum notice"),
  maxPerDay: wholeNumber(1, 100, "The daily maximum").nullable(),
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
  label: text().max(120).optional(),
  expiresInHours: wholeNumber(1, 24 * 30, "The expiry").default(72),
});

export const signInAttemptsSchema = z.object({ email: emailSchema });
export const unlockSchema = z.object({
  email: emailSchema.optional(),
  accountKind: z.enum(["user", "admin"]).default("user"),
  ip: text().max(64).optional(),
}).refine((v) => v.email || v.ip, { message: "Give an email or an IP address to unlock", path: ["email"] });
