import type { z } from "zod";
import type { ApiKeyScope } from "@/schemas/api-keys";
import { createBookingSchema, bookingIdSchema, listBookingsSchema, slotsSchema } from "@/schemas/bookings";
import { contactIdSchema, listContactsSchema } from "@/schemas/contacts";
import { formSubmissionIdSchema, listFormSubmissionsSchema } from "@/schemas/form-submissions";
import { addLeadNoteSchema, createLeadSchema, leadIdSchema, listLeadNotesSchema, listLeadsSchema, updateLeadSchema } from "@/schemas/leads";
import {
  bookingResponse,
  contactDetailResponse,
  contactResponse,
  deletedResponse,
  formSubmissionResponse,
  freeSlotsResponse,
  leadCreatedResponse,
  leadDetailResponse,
  leadResponse,
  noteResponse,
  pageOf,
} from "@/schemas/public-api";
import type { WorkspaceContext } from "@/server/context";
import { findFreeSlots } from "@/server/services/availability/free-slots";
import { changeBookingStatus } from "@/server/services/bookings/change-booking-status";
import { createBooking } from "@/server/services/bookings/create-booking";
import { listBookings } from "@/server/services/bookings/list-bookings";
import { getContact, listContacts } from "@/server/services/contacts/manage-contacts";
import { getFormSubmission, listFormSubmissions } from "@/server/services/forms/form-submissions";
import { createLead } from "@/server/services/leads/create-lead";
import { deleteLead } from "@/server/services/leads/delete-lead";
import { getLead } from "@/server/services/leads/get-lead";
import { addLeadNote, listLeadNotes } from "@/server/services/leads/lead-notes";
import { listLeads } from "@/server/services/leads/list-leads";
import { updateLead } from "@/server/services/leads/update-lead";

/**
 * The public REST API (`/api/v1`), one entry per operation: the input is the very schema the tRPC procedure takes and
 * `run` calls the same service the router calls, so the two APIs cannot drift apart. Path parameters are taken from
 * the path; the rest of the input comes from the query (GET, DELETE) or the JSON body (POST, PATCH). The OpenAPI
 * document (openapi.ts), the reference page, the hostile-input and cross-workspace tests all read this table.
 */
export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry's input type is checked by `operation()`
type AnyObjectSchema = z.ZodObject<any>;

export interface PublicOperation {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI path template under /api/v1, e.g. "/leads/{id}". */
  path: string;
  scope: ApiKeyScope;
  tag: "Leads" | "Lead notes" | "Bookings" | "Contacts" | "Form submissions";
  summary: string;
  description?: string;
  input: AnyObjectSchema;
  /** Success: the status and what the body holds (204: none). */
  response: { status: 200 | 201; schema: z.ZodType; description: string } | { status: 204; description: string };
  /** For a create that may find an existing record instead (lead merge): 200 then. */
  statusOf?: (result: unknown) => number;
  run: (ctx: WorkspaceContext, input: unknown) => Promise<unknown>;
}

function operation<S extends AnyObjectSchema>(
  def: Omit<PublicOperation, "input" | "run"> & { input: S; run: (ctx: WorkspaceContext, input: z.output<S>) => Promise<unknown> },
): PublicOperation {
  return def as unknown as PublicOperation;
}

/** The parameters of a path template, in order: "/leads/{leadId}/notes" -> ["leadId"]. */
export const pathParamsOf = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

export const bodyMethods = new Set<HttpMethod>(["POST", "PATCH"]);

export const PUBLIC_OPERATIONS: PublicOperation[] = [
  operation({
    operationId: "listLeads",
    method: "GET",
    path: "/leads",
    scope: "leads:read",
    tag: "Leads",
    summary: "List leads",
    description:
      "The app's leads list: the same filters (search over name, email, phone and company; status; strategy; owner, `null` for nobody; creation range; archived) and sorts, newest first by default. Pass `nextCursor` back as `cursor` with the same sort for the next page.",
    input: listLeadsSchema,
    response: { status: 200, schema: pageOf(leadResponse, "opaque", "LeadPage"), description: "A page of leads" },
    run: (ctx, input) => listLeads(ctx, input),
  }),
  operation({
    operationId: "createLead",
    method: "POST",
    path: "/leads",
    scope: "leads:write",
    tag: "Leads",
    summary: "Create a lead",
    description:
      "Phones are read in the workspace's default region and stored as E.164. A lead with the same email or phone is a duplicate: `onDuplicate: \"refuse\"` (default) answers 409 with `duplicateOf`; `\"merge\"` fills that lead's empty fields instead and answers 200 with `merged: true`.",
    input: createLeadSchema,
    response: { status: 201, schema: leadCreatedResponse, description: "The lead created (201), or the existing lead merged into (200)" },
    statusOf: (result) => ((result as { merged?: boolean }).merged ? 200 : 201),
    run: (ctx, input) => createLead(ctx, input),
  }),
  operation({
    operationId: "getLead",
    method: "GET",
    path: "/leads/{id}",
    scope: "leads:read",
    tag: "Leads",
    summary: "Get a lead",
    description: "With its five latest notes.",
    input: leadIdSchema,
    response: { status: 200, schema: leadDetailResponse, description: "The lead" },
    run: (ctx, input) => getLead(ctx, input),
  }),
  operation({
    operationId: "updateLead",
    method: "PATCH",
    path: "/leads/{id}",
    scope: "leads:write",
    tag: "Leads",
    summary: "Update a lead",
    description: "Only the fields sent change; `null` or \"\" clears an optional field. An email or phone another lead holds is refused (409, `duplicateOf`).",
    input: updateLeadSchema,
    response: { status: 200, schema: leadResponse, description: "The lead as it is now" },
    run: (ctx, input) => updateLead(ctx, input),
  }),
  operation({
    operationId: "deleteLead",
    method: "DELETE",
    path: "/leads/{id}",
    scope: "leads:write",
    tag: "Leads",
    summary: "Delete a lead",
    input: leadIdSchema,
    response: { status: 200, schema: deletedResponse, description: "The id of the lead deleted" },
    run: (ctx, input) => deleteLead(ctx, input),
  }),
  operation({
    operationId: "listLeadNotes",
    method: "GET",
    path: "/leads/{leadId}/notes",
    scope: "leads:read",
    tag: "Lead notes",
    summary: "List a lead's notes",
    description: "Newest first.",
    input: listLeadNotesSchema,
    response: { status: 200, schema: pageOf(noteResponse, "id", "LeadNotePage"), description: "A page of notes" },
    run: (ctx, input) => listLeadNotes(ctx, input),
  }),
  operation({
    operationId: "addLeadNote",
    method: "POST",
    path: "/leads/{leadId}/notes",
    scope: "leads:write",
    tag: "Lead notes",
    summary: "Add a note to a lead",
    input: addLeadNoteSchema,
    response: { status: 201, schema: noteResponse, description: "The note (written by no member: `author` is null)" },
    run: (ctx, input) => addLeadNote(ctx, input),
  }),
  operation({
    operationId: "listBookings",
    method: "GET",
    path: "/bookings",
    scope: "bookings:read",
    tag: "Bookings",
    summary: "List bookings",
    description: "Every member's bookings, by start time; filter by member, lead, statuses and a time range (bookings overlapping it).",
    input: listBookingsSchema,
    response: { status: 200, schema: pageOf(bookingResponse, "id", "BookingPage"), description: "A page of bookings" },
    run: (ctx, input) => listBookings(ctx, input),
  }),
  operation({
    operationId: "listFreeSlots",
    method: "GET",
    path: "/free-slots",
    scope: "bookings:read",
    tag: "Bookings",
    summary: "A member's free slots",
    description: "The slots a booking can take in [from, to) (at most 62 days), from the member's working hours, date overrides, buffers, minimum notice and daily maximum; each slot's wall-clock start is given in `timezone`.",
    input: slotsSchema,
    response: { status: 200, schema: freeSlotsResponse, description: "The free slots" },
    run: (ctx, input) => findFreeSlots(ctx, input),
  }),
  operation({
    operationId: "createBooking",
    method: "POST",
    path: "/bookings",
    scope: "bookings:write",
    tag: "Bookings",
    summary: "Book a meeting",
    description: "The time must be made of the member's free slots (see List free slots; any other time is 400 naming `startsAt`); `endsAt` defaults to one slot. A time booked by someone else at the same moment is 409.",
    input: createBookingSchema,
    response: { status: 201, schema: bookingResponse, description: "The booking" },
    run: (ctx, input) => createBooking(ctx, input),
  }),
  operation({
    operationId: "cancelBooking",
    method: "POST",
    path: "/bookings/{id}/cancel",
    scope: "bookings:write",
    tag: "Bookings",
    summary: "Cancel a booking",
    description: "A pending or confirmed booking; any other is 412. No body.",
    input: bookingIdSchema,
    response: { status: 200, schema: bookingResponse, description: "The booking, cancelled" },
    run: (ctx, input) => changeBookingStatus(ctx, input.id, "cancel"),
  }),
  operation({
    operationId: "listContacts",
    method: "GET",
    path: "/contacts",
    scope: "contacts:read",
    tag: "Contacts",
    summary: "List contacts",
    description: "Messages sent through the workspace's contact form, newest first. Contacts are created by that form only.",
    input: listContactsSchema,
    response: { status: 200, schema: pageOf(contactResponse, "id", "ContactPage"), description: "A page of contacts" },
    run: (ctx, input) => listContacts(ctx, input),
  }),
  operation({
    operationId: "getContact",
    method: "GET",
    path: "/contacts/{id}",
    scope: "contacts:read",
    tag: "Contacts",
    summary: "Get a contact",
    input: contactIdSchema,
    response: { status: 200, schema: contactDetailResponse, description: "The contact with its message and notes" },
    run: (ctx, input) => getContact(ctx, input),
  }),
  operation({
    operationId: "listFormSubmissions",
    method: "GET",
    path: "/form-submissions",
    scope: "forms:read",
    tag: "Form submissions",
    summary: "List form submissions",
    description: "Newest first; of one form or one lead when asked.",
    input: listFormSubmissionsSchema,
    response: { status: 200, schema: pageOf(formSubmissionResponse, "id", "FormSubmissionPage"), description: "A page of submissions" },
    run: (ctx, input) => listFormSubmissions(ctx, input),
  }),
  operation({
    operationId: "getFormSubmission",
    method: "GET",
    path: "/form-submissions/{id}",
    scope: "forms:read",
    tag: "Form submissions",
    summary: "Get a form submission",
    input: formSubmissionIdSchema,
    response: { status: 200, schema: formSubmissionResponse, description: "The submission" },
    run: (ctx, input) => getFormSubmission(ctx, input),
  }),
];

/** The operation a method and path (below /api/v1) name, or which methods the path takes when the method is wrong. */
export function matchOperation(method: string, segments: string[]): { operation: PublicOperation; params: Record<string, string> } | { allow: HttpMethod[] } | null {
  const allow: HttpMethod[] = [];
  for (const candidate of PUBLIC_OPERATIONS) {
    const template = candidate.path.split("/").filter(Boolean);
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = template.every((part, i) => {
      const param = /^\{(\w+)\}$/.exec(part);
      if (param) return (params[param[1]!] = segments[i]!), true;
      return part === segments[i];
    });
    if (!matches) continue;
    if (candidate.method === method) return { operation: candidate, params };
    allow.push(candidate.method);
  }
  return allow.length ? { allow } : null;
}
