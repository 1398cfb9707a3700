import { z } from "zod";
import { idSchema } from "@/schemas/common";
import { defineJob } from "./define";

/**
 * GoHighLevel contacts into leads: "full" (started from the Integrations page, followed there as a JobRun) or
 * "incremental" (queued every 15 minutes by ghl-schedule-sync, only contacts updated since the last one seen).
 * One run per connection at a time (job id per connection and mode). 429s are waited out in the client; a run that
 * still fails is retried with backoff and resumes from the last page it finished.
 */
export const ghlImportContactsJob = defineJob({
  name: "ghl-import-contacts",
  queue: "default",
  scope: "workspace",
  workspaceOf: ({ subAccountId }) => subAccountId,
  payload: z.object({ subAccountId: idSchema, integrationId: idSchema, mode: z.enum(["full", "incremental"]) }).strict(),
  attempts: 5,
  backoff: { type: "exponential", delay: 30_000 },
  removeOnComplete: { age: 3_600, count: 1_000 },
  jobId: ({ integrationId, mode }) => `ghl-import-${integrationId}-${mode}`,
  async process(ctx, payload) {
    const { importGhlContacts } = await import("@/server/services/integrations/gohighlevel/import-contacts");
    return importGhlContacts(ctx, payload);
  },
});
