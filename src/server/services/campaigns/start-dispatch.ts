import type { WorkspaceContext } from "@/server/context";
import { enqueue } from "@/server/jobs/enqueue";
import { campaignDispatchJob } from "@/server/jobs/campaign-dispatch";

// Apart from dispatch-campaign.ts so that the app (create, resume) can queue a step without importing the step itself,
// which only the worker runs.

/** Queues the dispatch step of a campaign's run (its generation) to run at `startAt`. */
export async function startDispatch(ctx: WorkspaceContext, input: { campaignId: number; generation: number; startAt: Date; step?: number }) {
  await enqueue(
    campaignDispatchJob,
    { subAccountId: ctx.workspace.id, campaignId: input.campaignId, generation: input.generation, step: input.step ?? 0 },
    { delay: Math.max(0, input.startAt.getTime() - Date.now()) },
  );
}
