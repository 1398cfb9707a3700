import { z } from "zod";
import { text, untrimmedText } from "./common";

/** Shared by the forms (client-side checks) and the procedures (the real checks). */
export const PASSWORD_MAX = 128;
export const USER_PASSWORD_MIN = 8;
export const ADMIN_PASSWORD_MIN = 12;

export const emailSchema = text()
  .toLowerCase()
  .max(254, "Email is too long")
  .pipe(z.email("Enter a valid email address"));

const password = (min: number) =>
  untrimmedText()
    .min(min, `Password must be at least ${min} characters`)
    .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters`);

export const userPasswordSchema = password(USER_PASSWORD_MIN);
export const adminPasswordSchema = password(ADMIN_PASSWORD_MIN);

export const nameSchema = text().min(1, "Name is required").max(120, "Name is too long");

export const isValidTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const timeZoneSchema = text()
  .min(1, "Time zone is required")
  .max(64, "Unknown time zone (use an IANA name such as America/New_York)")
  .refine(isValidTimeZone, { message: "Unknown time zone (use an IANA name such as America/New_York)" });

export const accountKindSchema = z.enum(["user", "admin"]);

export const signInSchema = z.object({
  email: emailSchema,
  password: untrimmedText().min(1, "Password is required").max(PASSWORD_MAX),
  accountKind: accountKindSchema.default("user"),
  rememberMe: z.boolean().default(false),
});

export const registerSchema = z.object({
  name: nameSchema,
  email: emailSchema,
  password: userPasswordSchema,
  company: text().max(160, "Company is too long").optional(),
});

export const adminRegisterSchema = z.object({
  name: nameSchema,
  email: emailSchema,
  password: adminPasswordSchema,
  authCode: text().min(1, "Authorization code is required").max(256),
});

export const changePasswordSchema = z.object({
  currentPassword: untrimmedText().min(1, "Current password is required").max(PASSWORD_MAX),
  // The minimum depends on the account kind; the service enforces 12 for platform admins.
  newPassword: userPasswordSchema,
});

/** A single-use link's secret as it arrives from the email (verify an address, reset a password). */
export const accountTokenSchema = text()
  .min(20, "This link is incomplete: open it from the email again.")
  .max(200, "This link is not valid.")
  .regex(/^[A-Za-z0-9_-]+$/, "This link is not valid.");

export const verifyEmailSchema = z.object({ token: accountTokenSchema });
export const emailOnlySchema = z.object({ email: emailSchema });
export const resetPasswordSchema = z.object({ token: accountTokenSchema, newPassword: userPasswordSchema });

/** The one answer of sign-up, whether the email had an account or not. */
export const REGISTER_ANSWER = "Check your email: we sent a link to finish signing up. It is valid for 24 hours.";
/** The one answer of "forgot password" and "send the link again", whether the email had an account or not. */
export const EMAIL_LINK_ANSWER = "If an account uses this email, we sent it a link. Check your inbox (and spam folder).";
/** Sign-in of an account whose address is not verified yet (only after the right password); the form offers a new link. */
export const EMAIL_NOT_VERIFIED = "Verify your email address first: follow the link we emailed you, or send a new one.";

export const profileSchema = z.object({
  name: nameSchema,
  company: text().max(160, "Company is too long").optional(),
  timezone: timeZoneSchema,
});

export type SignInInput = z.infer<typeof signInSchema>;
export type RegisterInput = z.infer<typeof registerSchema>;
export type AdminRegisterInput = z.infer<typeof adminRegisterSchema>;
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
export type VerifyEmailInput = z.infer<typeof verifyEmailSchema>;
export type EmailOnlyInput = z.infer<typeof emailOnlySchema>;
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;
export type ProfileInput = z.infer<typeof profileSchema>;
