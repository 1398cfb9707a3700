import { jobRunIdSchema, listJobRunsSchema } from "@/schemas/jobs";
import { adminProcedure, createTRPCRouter, workspaceProcedure } from "@/server/api/trpc";
import { getJobRun, listJobRuns, retryJobRun } from "@/server/services/jobs/manage-job-runs";

export const jobsRouter = createTRPCRouter({
  list: workspaceProcedure.input(listJobRunsSchema).query(({ ctx, input }) => listJobRuns(ctx, input)),
  get: workspaceProcedure.input(jobRunIdSchema).query(({ ctx, input }) => getJobRun(ctx, input)),
  retry: adminProcedure.input(jobRunIdSchema).mutation(({ ctx, input }) => retryJobRun(ctx, input)),
});
