import type { WorkspaceContext } from "@/server/context";
import { enqueue, enqueueMany } from "@/server/jobs/enqueue";
import { deliverWebhookJob } from "@/server/jobs/deliver-webhook";

/** Queues attempt `attempt` of a delivery (after `delay` ms); one job id per attempt, so queueing twice is a no-op. */
export function queueAttempt(ctx: WorkspaceContext, deliveryId: bigint, attempt: number, delay = 0) {
  return enqueue(deliverWebhookJob, { subAccountId: ctx.workspace.id, deliveryId: deliveryId.toString(), attempt }, delay ? { delay } : {});
}

/** Queues the first attempt of each delivery in one round trip to Redis (addBulk); same job ids as `queueAttempt`. */
export function queueFirstAttempts(ctx: WorkspaceContext, deliveryIds: readonly bigint[]) {
  return enqueueMany(
    deliverWebhookJob,
    deliveryIds.map((id) => ({ subAccountId: ctx.workspace.id, deliveryId: id.toString(), attempt: 1 })),
  );
}
