import { emailSchema } from "./auth";
import { z } from "zod";
import { dateTimeSchema, idSchema, text, untrimmedText } from "./common";

/** Codes use an alphabet without look-alikes (no 0/O, 1/I/L). */
export const INVITATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const INVITATION_CODE_LENGTH = 8;

export const invitationCodeSchema = text()
  .max(64, "This is not a valid invitation code")
  .toUpperCase()
  .transform((v) => v.replace(/[\s-]/g, ""))
  .pipe(
    text()
      .length(INVITATION_CODE_LENGTH, `An invitation code has ${INVITATION_CODE_LENGTH} characters`)
      .regex(new RegExp(`^[${INVITATION_ALPHABET}]+$`), "This is not a valid invitation code"),
  );

export const createInvitationSchema = z.object({
  /** Someone to email the code to (the notification path: Postmark's transactional stream, or the local outbox). */
  email: emailSchema.optional(),
  password: untrimmedText().min(4, "Invitation password must be at least 4 characters").max(128).optional(),
  maxUses: z.number().int().min(1, "At least 1 use").max(10_000).optional(),
  expiresAt: dateTimeSchema
    .refine((d) => d.getTime() > Date.now(), "The expiry must be in the future")
    .optional(),
});

export const invitationIdSchema = z.object({ id: idSchema });

export const validateInvitationSchema = z.object({ code: invitationCodeSchema });

export const joinWorkspaceSchema = z.object({
  code: invitationCodeSchema,
  password: untrimmedText().max(128).optional(),
});

export type CreateInvitationInput = z.infer<typeof createInvitationSchema>;
export type JoinWorkspaceInput = z.infer<typeof joinWorkspaceSchema>;
