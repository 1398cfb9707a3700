import { z } from "zod";
import { idSchema, paginationSchema, strippedText, text } from "./common";
import { emailSchema } from "./auth";

export const CONTACT_STATUSES = ["NEW", "CONTACTED", "QUALIFIED", "PROPOSAL_SENT", "CLOSED_WON", "CLOSED_LOST", "UNRESPONSIVE"] as const;
export const CONTACT_PRIORITIES = ["LOW", "MEDIUM", "HIGH", "URGENT"] as const;
export const contactStatusSchema = z.enum(CONTACT_STATUSES);
export const contactPrioritySchema = z.enum(CONTACT_PRIORITIES);
export type ContactStatusValue = (typeof CONTACT_STATUSES)[number];

/**
 * The pipeline: NEW -> CONTACTED -> QUALIFIED -> PROPOSAL_SENT -> CLOSED_WON | CLOSED_LOST | UNRESPONSIVE.
 * One step back is allowed to undo a mistake; UNRESPONSIVE and CLOSED_LOST can be reopened (-> CONTACTED)
 * when the person replies; CLOSED_WON is final.
 */
export const CONTACT_TRANSITIONS: Record<ContactStatusValue, readonly ContactStatusValue[]> = {
  NEW: ["CONTACTED", "QUALIFIED", "UNRESPONSIVE", "CLOSED_LOST"],
  CONTACTED: ["NEW", "QUALIFIED", "UNRESPONSIVE", "CLOSED_LOST"],
  QUALIFIED: ["CONTACTED", "PROPOSAL_SENT", "CLOSED_WON", "CLOSED_LOST", "UNRESPONSIVE"],
  PROPOSAL_SENT: ["QUALIFIED", "CLOSED_WON", "CLOSED_LOST", "UNRESPONSIVE"],
  UNRESPONSIVE: ["CONTACTED", "CLOSED_LOST"],
  CLOSED_LOST: ["CONTACTED"],
  CLOSED_WON: [],
};

/** A visitor on a customer's site cannot see an invisible character, so it is removed rather than refused. */
const optionalText = (max: number, label: string) =>
  strippedText()
    .max(max, `${label} is too long`)
    .optional()
    .transform((v) => (v ? v : undefined));

/** The public contact form. The workspace is addressed by its public key or slug, never its numeric id. */
export const publicContactSchema = z
  .object({
    workspaceKey: text().max(64).optional(),
    workspaceSlug: text().max(120).optional(),
    name: strippedText().min(1, "Name is required").max(120, "Name is too long"),
    email: strippedText()
      .max(254, "Email is too long")
      .optional()
      .transform((v) => (v ? v : undefined))
      .pipe(emailSchema.optional()),
    phone: optionalText(40, "Phone"),
    company: optionalText(160, "Company"),
    message: optionalText(5000, "Message"),
    source: optionalText(120, "Source"),
  })
  .refine((v) => v.workspaceKey || v.workspaceSlug, { message: "Say which workspace this is for", path: ["workspaceKey"] })
  .refine((v) => v.email || v.phone, { message: "Give an email address or a phone number", path: ["email"] });

export type PublicContactInput = z.infer<typeof publicContactSchema>;

export const listContactsSchema = paginationSchema.extend({
  search: text().max(120).optional(),
  status: contactStatusSchema.optional(),
  priority: contactPrioritySchema.optional(),
  // A member id, or null for unassigned contacts.
  assignedToUserId: idSchema.nullish(),
});

export const contactIdSchema = z.object({ id: idSchema });
export const updateContactStatusSchema = z.object({ id: idSchema, status: contactStatusSchema });
export const updateContactPrioritySchema = z.object({ id: idSchema, priority: contactPrioritySchema });
export const assignContactSchema = z.object({ id: idSchema, userId: idSchema.nullable() });
export const addContactNoteSchema = z.object({
  id: idSchema,
  body: text().min(1, "Write something first").max(5000, "The note is too long"),
});
