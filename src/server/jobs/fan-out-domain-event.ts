import { z } from "zod";
import { idSchema, storableText } from "@/schemas/common";
import { defineJob } from "./define";

/** The fan-out's code, loaded once per process (every `import()` goes through tsx's loader thread: see ai-turn.ts). */
let fanOutModule: Promise<typeof import("@/server/events/fan-out-event")> | undefined;

/**
 * One committed DomainEvent handed to every subscriber of src/server/events/subscribers.ts (outbound webhooks,
 * integrations). Queued after the event's transaction commits (transactionWithEvents), one job id per event; an event
 * whose job was lost (Redis away at commit) is queued again by sweep-domain-events.
 */
export const fanOutDomainEventJob = defineJob({
  name: "fan-out-domain-event",
  queue: "events",
  scope: "workspace",
  workspaceOf: ({ subAccountId }) => subAccountId,
  payload: z.object({ subAccountId: idSchema, eventId: z.string().min(1).max(19).regex(/^\d+$/).check(storableText) }).strict(),
  attempts: 8,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  jobId: ({ eventId }) => `domain-event-${eventId}`,
  async process(ctx, { eventId }) {
    const { fanOutEvent } = await (fanOutModule ??= import("@/server/events/fan-out-event"));
    return fanOutEvent(ctx, { eventId });
  },
});
