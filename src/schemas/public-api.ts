import { z } from "zod";
import { CONTACT_PRIORITIES, CONTACT_STATUSES } from "./contacts";
import { CONVERSATION_STAGES, LEAD_STATUSES } from "./leads";
import { bookingStatusSchema } from "./bookings";

/**
 * What the public API (`/api/v1`) answers, as zod schemas: the OpenAPI document's response schemas are generated from
 * these (the request schemas are the ones the tRPC procedures take). Dates travel as ISO 8601 text.
 * tests/api/public-api.test.ts checks real answers against the document.
 */
const instant = z.string().meta({ format: "date-time" });
const ref = z.object({ id: z.number().int(), name: z.string() });

export const leadResponse = z
  .object({
    id: z.number().int(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable().meta({ description: "E.164" }),
    company: z.string().nullable(),
    position: z.string().nullable(),
    source: z.string().nullable(),
    customId: z.string().nullable(),
    status: z.enum(LEAD_STATUSES),
    timezone: z.string().nullable(),
    conversationState: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: `Where the conversation stands, as the AI receptionist or a person recorded it: stage (${CONVERSATION_STAGES.join(", ")}), qualified, budget, timeline, decisionMaker, painPoints, objections; {} or null when nothing is known` }),
    aiPaused: z.boolean(),
    lastMessageAt: instant.nullable(),
    archivedAt: instant.nullable(),
    createdAt: instant,
    updatedAt: instant,
    ownerId: z.number().int().nullable(),
    strategyId: z.number().int().nullable(),
    owner: ref.nullable(),
    strategy: ref.nullable(),
  })
  .meta({ id: "Lead" });

export const noteResponse = z
  .object({
    id: z.number().int(),
    leadId: z.number().int(),
    body: z.string(),
    createdAt: instant,
    author: z.object({ kind: z.enum(["user", "admin"]), id: z.number().int(), name: z.string() }).nullable(),
  })
  .meta({ id: "LeadNote" });

export const leadCreatedResponse = leadResponse
  .extend({ merged: z.boolean().meta({ description: "true: an existing lead with this email or phone was filled in (onDuplicate=merge)" }) })
  .meta({ id: "LeadCreated" });

export const leadDetailResponse = leadResponse
  .extend({ latestNotes: z.array(noteResponse), moreNotes: z.boolean() })
  .meta({ id: "LeadDetail" });

export const bookingResponse = z
  .object({
    id: z.number().int(),
    userId: z.number().int(),
    leadId: z.number().int().nullable(),
    title: z.string().nullable(),
    startsAt: instant,
    endsAt: instant,
    timezone: z.string(),
    status: bookingStatusSchema,
    location: z.string().nullable(),
    notes: z.string().nullable(),
    sequence: z.number().int().meta({ description: "Revision of the booking: 0 when made, +1 on every reschedule and cancellation (the calendar invite's SEQUENCE)" }),
    createdAt: instant,
    updatedAt: instant,
    user: ref,
    lead: z.object({ id: z.number().int(), name: z.string(), timezone: z.string().nullable() }).nullable(),
  })
  .meta({ id: "Booking" });

export const freeSlotsResponse = z
  .object({
    userId: z.number().int(),
    userTimezone: z.string(),
    timezone: z.string(),
    slotMinutes: z.number().int(),
    slots: z.array(z.object({ startsAt: instant, endsAt: instant, localStart: z.string().meta({ description: "Wall-clock start in `timezone`" }) })),
  })
  .meta({ id: "FreeSlots" });

const contactFields = {
  id: z.number().int(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  source: z.string().nullable(),
  status: z.enum(CONTACT_STATUSES),
  priority: z.enum(CONTACT_PRIORITIES),
  assignedToUserId: z.number().int().nullable(),
  assignedTo: ref.nullable(),
  convertedLeadId: z.number().int().nullable(),
  createdAt: instant,
  updatedAt: instant,
};

export const contactResponse = z.object(contactFields).meta({ id: "Contact" });

export const contactDetailResponse = z
  .object({
    ...contactFields,
    message: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    convertedLead: z.object({ id: z.number().int(), name: z.string(), status: z.enum(LEAD_STATUSES) }).nullable(),
    notes: z.array(z.object({ id: z.number().int(), body: z.string(), createdAt: instant, authorUser: ref.nullable() })),
    allowedNextStatuses: z.array(z.enum(CONTACT_STATUSES)),
  })
  .meta({ id: "ContactDetail" });

export const formSubmissionResponse = z
  .object({
    id: z.number().int(),
    formId: z.number().int(),
    formName: z.string(),
    formVersion: z.number().int().nullable(),
    leadId: z.number().int().nullable(),
    data: z.unknown().meta({ description: "What was submitted: `answers` keyed by the form's field keys, `consents`, and `files` uploaded with it" }),
    createdAt: instant,
  })
  .meta({ id: "FormSubmission" });

/** A page of a list: `nextCursor` is passed back as `cursor` for the next page; null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T, cursor: "opaque" | "id", id: string) =>
  z
    .object({ items: z.array(item), nextCursor: (cursor === "opaque" ? z.string() : z.number().int()).nullable() })
    .meta({ id });

export const deletedResponse = z.object({ id: z.number().int() }).meta({ id: "Deleted" });

/** RFC 9457 problem details, as every refusal is answered (`application/problem+json`). */
export const problemResponse = z
  .object({
    type: z.string().meta({ description: "A URI naming the kind of problem; its page explains it" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().meta({ description: "The request's path" }),
    requestId: z.string(),
    errors: z
      .array(z.object({ field: z.string(), in: z.enum(["path", "query", "body", "header"]), detail: z.string() }))
      .optional()
      .meta({ description: "Validation errors, one per field" }),
    duplicateOf: z.object({ type: z.literal("lead"), id: z.number().int(), name: z.string(), field: z.enum(["email", "phone"]) }).optional(),
  })
  .meta({ id: "Problem" });
