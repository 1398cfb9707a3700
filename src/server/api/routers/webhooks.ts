import {
  createWebhookEndpointSchema,
  listWebhookDeliveriesSchema,
  sendWebhookTestSchema,
  setWebhookEndpointEnabledSchema,
  updateWebhookEndpointSchema,
  webhookDeliveryIdSchema,
  webhookEndpointIdSchema,
} from "@/schemas/webhooks";
import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  setWebhookEndpointEnabled,
  updateWebhookEndpoint,
} from "@/server/services/webhooks/manage-endpoints";
import { listWebhookDeliveries, resendWebhookDelivery, sendWebhookTestEvent } from "@/server/services/webhooks/webhook-deliveries";

/** Settings › Webhooks: the workspace's outbound webhook endpoints and their delivery log (workspace admins). */
export const webhooksRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listWebhookEndpoints(ctx)),
  create: adminProcedure.input(createWebhookEndpointSchema).mutation(({ ctx, input }) => createWebhookEndpoint(ctx, input)),
  update: adminProcedure.input(updateWebhookEndpointSchema).mutation(({ ctx, input }) => updateWebhookEndpoint(ctx, input)),
  setEnabled: adminProcedure.input(setWebhookEndpointEnabledSchema).mutation(({ ctx, input }) => setWebhookEndpointEnabled(ctx, input)),
  rotateSecret: adminProcedure.input(webhookEndpointIdSchema).mutation(({ ctx, input }) => rotateWebhookSecret(ctx, input)),
  delete: adminProcedure.input(webhookEndpointIdSchema).mutation(({ ctx, input }) => deleteWebhookEndpoint(ctx, input)),
  sendTest: adminProcedure.input(sendWebhookTestSchema).mutation(({ ctx, input }) => sendWebhookTestEvent(ctx, input)),
  deliveries: adminProcedure.input(listWebhookDeliveriesSchema).query(({ ctx, input }) => listWebhookDeliveries(ctx, input)),
  resend: adminProcedure.input(webhookDeliveryIdSchema).mutation(({ ctx, input }) => resendWebhookDelivery(ctx, input)),
});
