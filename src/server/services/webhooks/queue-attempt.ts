import type { WorkspaceContext } from "@/server/context";
import { enqueue } from "@/server/jobs/enqueue";
import { deliverWebhookJob } from "@/server/jobs/deliver-webhook";

/** Queues attempt `attempt` of a delivery (after `delay` ms); one job id per attempt, so queueing twice is a no-op. */
export function queueAttempt(ctx: WorkspaceContext, deliveryId: bigint, attempt: number, delay = 0) {
  return enqueue(deliverWebhookJob, { subAccountId: ctx.workspace.id, deliveryId: deliveryId.toString(), attempt }, delay ? { delay } : {});
}
