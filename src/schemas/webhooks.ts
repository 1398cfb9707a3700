import { z } from "zod";
import { DOMAIN_EVENT_TYPES } from "@/lib/domain-events";
import { idSchema, pageLimit, text } from "./common";

export const webhookEventTypeSchema = z.enum(DOMAIN_EVENT_TYPES);

const endpointFields = {
  url: text()
    .min(1, "The address is required")
    .max(2_000, "The address is too long (at most 2,000 characters)")
    .refine((v) => /^https?:\/\//i.test(v), "The address must start with https:// or http://"),
  description: text().max(200, "The description is too long (at most 200 characters)").optional(),
  eventTypes: z
    .array(webhookEventTypeSchema)
    .min(1, "Choose at least one event")
    .max(DOMAIN_EVENT_TYPES.length)
    .refine((v) => new Set(v).size === v.length, "An event is chosen twice"),
};

export const createWebhookEndpointSchema = z.object(endpointFields).strict();
export const updateWebhookEndpointSchema = z
  .object({ id: idSchema, url: endpointFields.url.optional(), description: endpointFields.description, eventTypes: endpointFields.eventTypes.optional() })
  .strict();
export const webhookEndpointIdSchema = z.object({ id: idSchema }).strict();
export const setWebhookEndpointEnabledSchema = z.object({ id: idSchema, enabled: z.boolean() }).strict();
export const sendWebhookTestSchema = z.object({ id: idSchema, eventType: webhookEventTypeSchema.optional() }).strict();

export const listWebhookDeliveriesSchema = z
  .object({
    endpointId: idSchema,
    /** The last delivery id of the previous page (a decimal string: delivery ids are 64-bit). */
    cursor: text().max(19).regex(/^\d+$/, "The cursor is not valid").nullish(),
    limit: pageLimit(100, 25),
    /** Added by tRPC's infinite queries (the delivery log pages forward only). */
    direction: z.enum(["forward", "backward"]).optional(),
  })
  .strict();
export const webhookDeliveryIdSchema = z.object({ id: text().min(1).max(19).regex(/^\d+$/, "A delivery id is a whole number") }).strict();

export type CreateWebhookEndpointInput = z.infer<typeof createWebhookEndpointSchema>;
export type UpdateWebhookEndpointInput = z.infer<typeof updateWebhookEndpointSchema>;
